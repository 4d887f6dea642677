// node/serving/request-body.ts on real sockets (127.0.0.1): a body within the limit arrives whole;
// one over it (declared or streamed) is answered 413 and the client can read that answer, because
// the rest of the upload is read and dropped (drainThenClose) instead of the socket being reset;
// a flood past the drain's cap, or a client that stops sending, loses its socket.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { closeServer } from "../../node/serving/close-server.js";
import { listen } from "../../node/serving/listen.js";
import { BodyTooLarge, type DrainLimits, drainThenClose, readBody } from "../../node/serving/request-body.js";
import { rawUpload } from "./helpers/raw-upload.js";

const LIMIT = 64 * 1024;
const opened: Server[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => closeServer(s)));
});

interface Echo {
  port: number;
  url: string;
  /** Each over-limit request, once its socket closed: whether the whole body had arrived. */
  refused: Promise<{ complete: boolean }>[];
}

/** A server that echoes a body within LIMIT and answers 413 past it, draining within `limits`. */
async function echoServer(limits: DrainLimits = {}): Promise<Echo> {
  const refused: Echo["refused"] = [];
  const server = createServer((req, res) => {
    readBody(req, LIMIT).then(
      (body) => res.writeHead(200, { "content-type": "application/octet-stream" }).end(body),
      (error: unknown) => {
        if (!(error instanceof BodyTooLarge)) return void res.destroy();
        refused.push(closedRequest(req));
        drainThenClose(req, limits);
        res.writeHead(413, { "content-type": "text/plain" }).end(`too large: over ${error.limit} bytes`);
      },
    );
  });
  opened.push(server);
  const { port } = await listen(server, 0, "127.0.0.1");
  return { port, url: `http://127.0.0.1:${port}/`, refused };
}

function closedRequest(req: IncomingMessage): Promise<{ complete: boolean }> {
  return new Promise((resolve) => req.once("close", () => resolve({ complete: req.complete })));
}

describe("readBody", () => {
  it("gives the whole body within the limit, byte for byte", async () => {
    const echo = await echoServer();
    const sent = new Uint8Array(LIMIT).map((_, i) => (i * 7) % 256);
    const response = await fetch(echo.url, { method: "POST", body: sent });
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(sent);
  });

  it("gives an empty body for a request without one", async () => {
    const echo = await echoServer();
    const response = await fetch(echo.url, { method: "POST" });
    expect([response.status, (await response.arrayBuffer()).byteLength]).toEqual([200, 0]);
  });

  it("a declared length over the limit: 413, and the client reads it", async () => {
    const echo = await echoServer();
    const response = await fetch(echo.url, { method: "POST", body: new Uint8Array(4 * LIMIT) });
    expect(response.status).toBe(413);
    expect(await response.text()).toBe(`too large: over ${LIMIT} bytes`);
  });

  it("a streamed body (chunked, no length) over the limit: 413 once the limit is passed", async () => {
    const echo = await echoServer();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8 * LIMIT) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const response = await fetch(echo.url, { method: "POST", body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.text()).toBe(`too large: over ${LIMIT} bytes`);
  });

  it("the whole over-limit upload goes through, then the 413 (no reset while the client still writes)", async () => {
    const echo = await echoServer();
    const { error, answer } = await rawUpload(echo.port, 64 * LIMIT);
    expect(error).toBeUndefined();
    expect(answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(answer).toContain(`too large: over ${LIMIT} bytes`);
    expect(await echo.refused[0]).toEqual({ complete: true });
  });
});

describe("drainThenClose", () => {
  it("cuts off a flood past maxBytes instead of reading it all", async () => {
    const echo = await echoServer({ maxBytes: 2 * LIMIT });
    await rawUpload(echo.port, 256 * LIMIT);
    expect(echo.refused).toHaveLength(1);
    expect(await echo.refused[0]).toEqual({ complete: false });
  });

  it("closes the socket of a client that stops sending, after maxMs", async () => {
    const echo = await echoServer({ maxMs: 100 });
    const socket = connect(echo.port, "127.0.0.1");
    socket.on("error", () => undefined);
    let answer = "";
    socket.on("data", (d: Buffer) => (answer += d.toString("latin1")));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    // Declares far more than it sends, then waits: only the drain's deadline can end this.
    socket.write(`POST / HTTP/1.1\r\nhost: 127.0.0.1:${echo.port}\r\ncontent-length: ${4 * LIMIT}\r\n\r\n`);
    socket.write(Buffer.alloc(1024));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(await echo.refused[0]).toEqual({ complete: false });
  });
});
