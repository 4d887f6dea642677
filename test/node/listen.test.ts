// node/serving/listen.ts on real sockets (127.0.0.1): port 0 gives the real port, a taken port
// gives PortInUseError in the words every bin prints, other failures pass through untouched.
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { closeServer } from "../../node/serving/close-server.js";
import { listen, PortInUseError, portInUseMessage, urlHost } from "../../node/serving/listen.js";

const opened: Server[] = [];
function server(): Server {
  const made = createServer((_req, res) => res.end("ok"));
  opened.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => closeServer(s)));
});

describe("listen", () => {
  it("on port 0 reports the real port, which answers", async () => {
    const listening = await listen(server(), 0, "127.0.0.1");
    expect(listening.port).toBeGreaterThan(0);
    expect(listening).toEqual({ port: listening.port, address: "127.0.0.1", urlHost: "127.0.0.1" });
    const response = await fetch(`http://${listening.urlHost}:${listening.port}/`);
    expect(await response.text()).toBe("ok");
  });

  it("leaves no error listener behind once it listens", async () => {
    const s = server();
    const before = s.listenerCount("error");
    await listen(s, 0, "127.0.0.1");
    expect(s.listenerCount("error")).toBe(before);
  });

  it("a taken port gives PortInUseError naming the port, and the words the bins print", async () => {
    const { port } = await listen(server(), 0, "127.0.0.1");
    const second = server();
    const error = await listen(second, port, "127.0.0.1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    const taken = error as PortInUseError;
    expect([taken.message, taken.port, taken.host, taken.code]).toEqual([`port ${port} is already in use`, port, "127.0.0.1", "EADDRINUSE"]);
    expect((taken.cause as NodeJS.ErrnoException).code).toBe("EADDRINUSE");
    expect(portInUseMessage(taken)).toBe(`port ${port} is already in use.\nUse another: --port 0 picks a free one, or --port <n>.`);
    expect(portInUseMessage(taken, " (why)")).toBe(`port ${port} is already in use (why).\nUse another: --port 0 picks a free one, or --port <n>.`);
    // The refused server is not listening, and can still listen elsewhere.
    expect(second.listening).toBe(false);
    expect((await listen(second, 0, "127.0.0.1")).port).not.toBe(port);
  });

  it("passes any other failure through as Node reported it", async () => {
    // 192.0.2.1 (TEST-NET-1, RFC 5737) is no address of this machine: EADDRNOTAVAIL, no DNS asked.
    const error = await listen(server(), 0, "192.0.2.1").catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(PortInUseError);
    expect((error as NodeJS.ErrnoException).code).toBe("EADDRNOTAVAIL");
  });
});

describe("urlHost", () => {
  it("puts an IPv6 address in brackets and leaves names and IPv4 alone", () => {
    expect(["::1", "[::1]", "127.0.0.1", "localhost"].map(urlHost)).toEqual(["[::1]", "[::1]", "127.0.0.1", "localhost"]);
  });
});
