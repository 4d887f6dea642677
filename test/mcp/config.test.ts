/** The command line and environment of netunicorn-mcp. */
import { describe, expect, it } from "vitest";
import { DEFAULT_HTTP_PORT, parseConfig } from "../../mcp/config.js";

describe("parseConfig", () => {
  it("defaults to stdio, read-write, against the sandbox", () => {
    const config = parseConfig([], {});
    expect(config).toMatchObject({ transport: "stdio", readOnly: false, remote: undefined, tools: [], excludeTools: [] });
  });

  it("HTTP is read-only unless --allow-writes; --read-only always wins", () => {
    expect(parseConfig(["--http"], {})).toMatchObject({ transport: "http", readOnly: true, port: DEFAULT_HTTP_PORT });
    expect(parseConfig(["--http", "--allow-writes", "--port", "0"], {})).toMatchObject({ readOnly: false, port: 0 });
    expect(parseConfig(["--http", "--allow-writes", "--read-only"], {}).readOnly).toBe(true);
    expect(parseConfig(["--http", "--allow-writes"], { NETUNICORN_MCP_READ_ONLY: "1" }).readOnly).toBe(true);
  });

  it("reads tool lists, the bearer token and the remote configuration", () => {
    const config = parseConfig(["--tools=get_nodes,healthcheck", "--exclude-tools", "healthcheck", "--bearer-token", "t0k"], {
      NETUNICORN_ENDPOINT: "https://nu.example.org",
      NETUNICORN_LOGIN: "alice",
      NETUNICORN_PASSWORD: "pw",
      NETUNICORN_AUTHENTICATION_CONTEXT: '{"kube": {"ns": "lab"}}',
    });
    expect(config.tools).toEqual(["get_nodes", "healthcheck"]);
    expect(config.excludeTools).toEqual(["healthcheck"]);
    expect(config.bearerToken).toBe("t0k");
    expect(config.remote).toEqual({ endpoint: "https://nu.example.org", login: "alice", password: "pw", authenticationContext: { kube: { ns: "lab" } } });
    expect(parseConfig([], { NETUNICORN_MCP_BEARER_TOKEN: "env-token" }).bearerToken).toBe("env-token");
  });

  it("refuses bad input with a message that names it", () => {
    expect(() => parseConfig(["--port", "http"], {})).toThrow(/--port/);
    expect(() => parseConfig(["--bogus"], {})).toThrow(/--bogus/);
    expect(() => parseConfig(["--tools"], {})).toThrow(/--tools needs a value/);
    expect(() => parseConfig([], { NETUNICORN_ENDPOINT: "x", NETUNICORN_AUTHENTICATION_CONTEXT: "{nope" })).toThrow(/AUTHENTICATION_CONTEXT/);
  });
});
