/**
 * Streamable HTTP faults found by a hostile client (issue 14, section 2): abandoned sessions
 * expire, one client cannot lock others out by exhausting the session cap, an empty batch is an
 * error, the bearer scheme is case-insensitive, non-object arguments are -32602.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type RunningHttp, serveHttp } from "../../mcp/transport/http.js";
import { createMcpServer } from "../../mcp/index.js";
import { fakeClient } from "./fake-client.js";

let http: RunningHttp | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
});

const HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

async function start(options: { maxSessions?: number; sessionIdleMs?: number; bearerToken?: string } = {}): Promise<RunningHttp> {
  http = await serveHttp({ port: 0, makeServer: () => createMcpServer(fakeClient()), ...options });
  return http;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { ...HEADERS, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
};

/** Opens a 2025-era session and walks away without DELETE (as the SDK's own close() does). */
async function abandonedSession(url: string): Promise<Response> {
  const response = await post(url, INITIALIZE);
  await response.text();
  return response;
}

/** The JSON-RPC message of an answer, whether sent as JSON or as one SSE event. */
async function message(response: Response): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> {
  const text = await response.text();
  const data = text.startsWith("{") ? text : (/^data: (.*)$/m.exec(text)?.[1] ?? "{}");
  return JSON.parse(data);
}

describe("HTTP sessions", () => {
  it("an idle session expires: its id is then unknown (404)", async () => {
    // Idle for 3 s: long enough that the next request always finds it alive, even on a loaded
    // machine; then wait for the sweep (a condition, not a fixed sleep).
    const { url } = await start({ sessionIdleMs: 3_000 });
    const id = (await abandonedSession(url)).headers.get("mcp-session-id")!;
    expect(id).toBeTruthy();
    const list = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    const fresh = await post(url, list, { "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" });
    expect(fresh.status).toBe(200);
    await fresh.text();
    const statusNow = async (): Promise<number> => {
      const answer = await post(url, list, { "mcp-session-id": id, "mcp-protocol-version": "2025-11-25" });
      await answer.text();
      return answer.status;
    };
    // each request renews the session: ask only once it has been idle for longer than 3 s
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await expect.poll(statusNow, { interval: 4_000 }).toBe(404);
  });

  it("abandoned sessions filling the cap do not lock a new client out", async () => {
    const { url } = await start({ maxSessions: 3, sessionIdleMs: 3_600_000 });
    for (let i = 0; i < 5; i++) expect((await abandonedSession(url)).status).toBe(200);
    const late = await abandonedSession(url);
    expect(late.status).toBe(200);
    expect(late.headers.get("mcp-session-id")).toBeTruthy();
  });
});

describe("HTTP requests a sloppy client sends", () => {
  it("an empty JSON-RPC batch is an Invalid Request error, not 202", async () => {
    const { url } = await start();
    const answer = await post(url, []);
    expect(answer.status).toBe(400);
    expect((await message(answer)).error?.code).toBe(-32600);
    const opened = await abandonedSession(url);
    const session = { "mcp-session-id": opened.headers.get("mcp-session-id")!, "mcp-protocol-version": "2025-11-25" };
    const inSession = await post(url, [], session);
    expect(inSession.status).toBe(400);
    expect((await message(inSession)).error?.code).toBe(-32600);
  });

  it("accepts the bearer scheme in any case", async () => {
    const { url } = await start({ bearerToken: "s3cret-token" });
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const answer = await post(url, INITIALIZE, { authorization: `${scheme} s3cret-token` });
      expect(answer.status, scheme).toBe(200);
      await answer.text();
    }
    expect((await post(url, INITIALIZE, { authorization: "bearer wrong-token!" })).status).toBe(401);
    expect((await post(url, INITIALIZE, { authorization: "Basic s3cret-token" })).status).toBe(401);
  });

  it("arguments that are not an object get -32602, without a raw dump of the request", async () => {
    const { url } = await start();
    const opened = await abandonedSession(url);
    const session = { "mcp-session-id": opened.headers.get("mcp-session-id")!, "mcp-protocol-version": "2025-11-25" };
    await (await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, session)).text();
    for (const args of [[1, 2], "text", 7, true]) {
      const answer = await message(await post(url, { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_nodes", arguments: args } }, session));
      expect(answer.error?.code, JSON.stringify(args)).toBe(-32602);
      expect(answer.error?.message.length).toBeLessThan(300);
      expect(answer.error?.message).not.toMatch(/"code"|"path"|expected/);
    }
  });
});
