// node/serving/sandbox-probe.ts against real servers on 127.0.0.1: a served sandbox says so in a
// header, any other server does not, and an endpoint that cannot be reached is "ask again later".
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { serveSandbox } from "../../node/sandbox/serve-sandbox.js";
import { closeServer } from "../../node/serving/close-server.js";
import { listen } from "../../node/serving/listen.js";
import { isSandboxEndpoint, SANDBOX_HEADER } from "../../node/serving/sandbox-probe.js";

describe("isSandboxEndpoint", () => {
  it("is true for a served sandbox (with or without a trailing slash)", async () => {
    const served = await serveSandbox();
    try {
      expect(await isSandboxEndpoint(served.url)).toBe(true);
      expect(await isSandboxEndpoint(`${served.url}/`)).toBe(true);
    } finally {
      await served.close();
    }
  });

  it("is false for a server that answers without the header, and asks only /api/v1/health", async () => {
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    });
    const { port } = await listen(server, 0, "127.0.0.1");
    try {
      expect(await isSandboxEndpoint(`http://127.0.0.1:${port}`)).toBe(false);
      expect(asked).toEqual(["GET /api/v1/health"]);
    } finally {
      await closeServer(server);
    }
  });

  it("is undefined when no answer comes (the connection is dropped)", async () => {
    const server = createServer();
    server.on("connection", (socket) => socket.destroy());
    const { port } = await listen(server, 0, "127.0.0.1");
    try {
      expect(await isSandboxEndpoint(`http://127.0.0.1:${port}`)).toBeUndefined();
    } finally {
      await closeServer(server);
    }
  });

  it("reads the header every served sandbox answer carries", async () => {
    const served = await serveSandbox();
    try {
      const response = await fetch(`${served.url}/api/v1/nodes`);
      expect([response.status, response.headers.get(SANDBOX_HEADER)]).toEqual([401, "simulation"]);
    } finally {
      await served.close();
    }
  });
});
