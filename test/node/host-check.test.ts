// node/serving/host-check.ts: the DNS-rebinding guard of the console and the MCP endpoint (and the loopback names of
// every loopback server): Host must be one of ours, and Origin, when sent, that same host over http.
import { describe, expect, it } from "vitest";
import { hostAndOriginAllowed, LOOPBACK_HOST, loopbackHosts } from "../../node/serving/host-check.js";

const ours = loopbackHosts(8123);

describe("hostAndOriginAllowed", () => {
  it("names the loopback hosts of a port", () => {
    expect([LOOPBACK_HOST, ours]).toEqual(["127.0.0.1", ["127.0.0.1:8123", "localhost:8123"]]);
  });

  it("lets in our own Host, with no Origin or our own http:// Origin", () => {
    expect(hostAndOriginAllowed({ host: "127.0.0.1:8123" }, ours)).toBe(true);
    expect(hostAndOriginAllowed({ host: "localhost:8123", origin: "http://localhost:8123" }, ours)).toBe(true);
    expect(hostAndOriginAllowed({ host: "localhost:8123", origin: "http://127.0.0.1:8123" }, ours)).toBe(true);
  });

  it("refuses another Host, a missing one, another port, and any foreign or https Origin", () => {
    expect(hostAndOriginAllowed({ host: "evil.example:8123" }, ours)).toBe(false);
    expect(hostAndOriginAllowed({}, ours)).toBe(false);
    expect(hostAndOriginAllowed({ host: "127.0.0.1:8124" }, ours)).toBe(false);
    expect(hostAndOriginAllowed({ host: "127.0.0.1:8123", origin: "http://evil.example" }, ours)).toBe(false);
    expect(hostAndOriginAllowed({ host: "127.0.0.1:8123", origin: "https://127.0.0.1:8123" }, ours)).toBe(false);
    expect(hostAndOriginAllowed({ host: "127.0.0.1:8123", origin: "null" }, ours)).toBe(false);
  });

  it("with an explicit origin list (the MCP endpoint behind a proxy), takes exactly those origins", () => {
    const hosts = [...ours, "mcp.example.org"];
    const origins = ["http://127.0.0.1:8123", "https://mcp.example.org"];
    expect(hostAndOriginAllowed({ host: "mcp.example.org", origin: "https://mcp.example.org" }, hosts, origins)).toBe(true);
    expect(hostAndOriginAllowed({ host: "127.0.0.1:8123", origin: "http://127.0.0.1:8123" }, hosts, origins)).toBe(true);
    // An allowed host is not an allowed origin unless listed: http://mcp.example.org is not.
    expect(hostAndOriginAllowed({ host: "mcp.example.org", origin: "http://mcp.example.org" }, hosts, origins)).toBe(false);
    expect(hostAndOriginAllowed({ host: "evil.example", origin: "https://mcp.example.org" }, hosts, origins)).toBe(false);
  });
});
