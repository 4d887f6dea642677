/**
 * The 2025-era session table cannot be held by one client (issue 19, points 12-14): a GET stream
 * does not pin a session (it is evicted after the sessions without one, and closed once its
 * session idles out), each client has a share of the table, a session serving a request is never
 * dropped, and a full table answers 503 with Retry-After. And a request whose target is ambiguous
 * (two Host headers, an absolute-form target naming another authority) is refused with 400.
 */
import { request as httpRequest } from "node:http";
import { connect as tcpConnect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type HttpOptions, type RunningHttp, serveHttp } from "../../mcp/transport/http.js";
import { createMcpServer } from "../../mcp/index.js";
import { type FakeClient, fakeClient } from "./fake-client.js";

let http: RunningHttp | undefined;
const streams: ReadableStreamDefaultReader<Uint8Array>[] = [];
afterEach(async () => {
  for (const reader of streams.splice(0)) await reader.cancel().catch(() => undefined);
  await http?.close();
  http = undefined;
});

const HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const INITIALIZE = { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } } };
const LIST = { jsonrpc: "2.0", id: 1, method: "tools/list" };

async function start(options: Partial<HttpOptions>, base: FakeClient = fakeClient()): Promise<string> {
  http = await serveHttp({ port: 0, makeServer: () => createMcpServer(base, { callDeadlineMs: 60_000 }), ...options });
  return http.url;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) => fetch(url, { method: "POST", headers: { ...HEADERS, ...headers }, body: JSON.stringify(body) });
const inSession = (id: string) => ({ "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" });

/** A session, initialized, as a client leaves it: its id. */
async function session(url: string): Promise<string> {
  const opened = await post(url, INITIALIZE);
  expect(opened.status).toBe(200);
  await opened.text();
  const id = opened.headers.get("mcp-session-id")!;
  await (await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, inSession(id))).text();
  return id;
}

/** Opens the session's GET event stream and keeps it open: its reader (done once the server closes it). */
async function openStream(url: string, id: string): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...inSession(id) } });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  streams.push(reader);
  return reader;
}

/** Resolves once the server has closed the stream. */
async function closedByServer(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return;
}

const statusOf = async (url: string, id: string) => {
  const answer = await post(url, LIST, inSession(id));
  await answer.text();
  return answer.status;
};

describe("GET streams do not pin sessions", () => {
  it("a client holding a stream open on every session does not lock a new client out: the oldest is evicted", async () => {
    const url = await start({ maxSessions: 3, maxSessionsPerClient: 3, sessionIdleMs: 3_600_000 });
    const ids: string[] = [];
    const readers = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await session(url));
      readers.push(await openStream(url, ids[i]!));
    }
    const late = await post(url, INITIALIZE);
    await late.text();
    expect(late.status).toBe(200);
    await closedByServer(readers[0]!);
    expect(await statusOf(url, ids[0]!)).toBe(404);
    expect(await statusOf(url, ids[2]!)).toBe(200);
  });

  it("a session that only holds a stream goes idle: it is closed after the idle time, its stream with it", async () => {
    const url = await start({ sessionIdleMs: 300 });
    const id = await session(url);
    await closedByServer(await openStream(url, id));
    expect(await statusOf(url, id)).toBe(404);
  }, 15_000);
});

/** POSTs a session from 127.0.0.2 (another client than the test's own 127.0.0.1). */
function postFrom(localAddress: string, url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; session?: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", localAddress, headers: { ...HEADERS, ...headers } }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, session: response.headers["mcp-session-id"] as string | undefined }));
    });
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });
}

describe("each client has a share of the table", () => {
  it("at its share, a client's new session replaces its own oldest, never another client's", async () => {
    const url = await start({ maxSessions: 10, maxSessionsPerClient: 2, sessionIdleMs: 3_600_000 });
    const other = await postFrom("127.0.0.2", url, INITIALIZE);
    expect(other.status).toBe(200);
    const own = [await session(url), await session(url), await session(url)];
    expect(await statusOf(url, own[0]!)).toBe(404);
    expect(await statusOf(url, own[2]!)).toBe(200);
    expect((await postFrom("127.0.0.2", url, LIST, inSession(other.session!))).status).toBe(200);
  });
});

describe("a full table of sessions serving requests", () => {
  it("answers 503 with Retry-After, and never drops a session serving a request", async () => {
    const base = fakeClient();
    const release: (() => void)[] = [];
    base.healthcheck = () => new Promise<boolean>((resolve) => release.push(() => resolve(true)));
    const url = await start({ maxSessions: 2, maxSessionsPerClient: 2, sessionIdleMs: 3_600_000 }, base);
    const ids = [await session(url), await session(url)];
    const pending = ids.map((id) => post(url, { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "healthcheck", arguments: {} } }, inSession(id)));
    await expect.poll(() => release.length, { timeout: 10_000 }).toBe(2);
    const refused = await post(url, INITIALIZE);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect((await refused.json()).error.message).toMatch(/2 sessions .*serving requests\. Retry after 5 s/);
    for (const done of release) done();
    for (const answer of await Promise.all(pending)) {
      expect(answer.status).toBe(200);
      expect(await answer.text()).toMatch(/"healthy":true/);
    }
    const later = await post(url, INITIALIZE);
    await later.text();
    expect(later.status).toBe(200);
  });
});

/** Sends raw request bytes and answers the status code of the response. */
function rawStatus(port: number, head: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, "127.0.0.1", () => socket.write(head));
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on("error", reject);
  });
}

describe("an ambiguous request target is refused with 400", () => {
  const body = JSON.stringify(INITIALIZE);
  const request = (target: string, hosts: string[]) =>
    `POST ${target} HTTP/1.1\r\n${hosts.map((h) => `Host: ${h}\r\n`).join("")}Content-Type: application/json\r\n` +
    `Accept: application/json, text/event-stream\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;

  it("two Host headers, even when the first is the server's own", async () => {
    await start({});
    const own = `127.0.0.1:${http!.port}`;
    expect(await rawStatus(http!.port, request("/mcp", [own, "evil.example"]))).toBe(400);
    expect(await rawStatus(http!.port, request("/mcp", [own, own]))).toBe(400);
    expect(await rawStatus(http!.port, request("/mcp", [own]))).toBe(200);
  });

  it("an absolute-form target naming another authority than Host; the same authority is served", async () => {
    await start({});
    const own = `127.0.0.1:${http!.port}`;
    expect(await rawStatus(http!.port, request("http://evil.example/mcp", [own]))).toBe(400);
    expect(await rawStatus(http!.port, request(`http://${own}/mcp`, [own]))).toBe(200);
  });
});
