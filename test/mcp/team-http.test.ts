/**
 * One server for a team, in process: the Streamable HTTP server in per-user mode in front of the
 * sandbox served over real HTTP. Every request is admitted by its own bearer (the user's
 * netunicorn token): users see only their own experiments, a wrong token never reaches a tool,
 * and nothing depends on a session.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveHttp, type RunningHttp } from "../../mcp/transport/http.js";
import { serveSandbox, type ServedSandbox } from "../../node/sandbox/serve-sandbox.js";
import { createTeam } from "../../mcp/team.js";
import { call } from "./helpers.js";
import { PING_SPEC } from "./lifecycle.js";
import { clientWithToken, rawPost, sandboxToken } from "./team-helpers.js";

let sandbox: ServedSandbox;
let http: RunningHttp;
/** Paths of the requests the MCP server sent to netunicorn, in order. */
const sent: string[] = [];
let admissions = 0;

beforeAll(async () => {
  sandbox = await serveSandbox({ timing: { rowDelayMs: 0, preparationMs: 50, executionMs: 50, executorsStartMs: 10, cancelMs: 10 } });
  const fetch = (input: string, init: RequestInit) => {
    sent.push(`${init.method ?? "GET"} ${new URL(input).pathname}`);
    return globalThis.fetch(input, init);
  };
  const team = createTeam({ endpoint: sandbox.url, server: {}, fetch });
  http = await serveHttp({
    port: 0,
    perRequest: {
      async admit(authorization) {
        const admitted = await team.admit(authorization);
        if (admitted.ok) admissions++;
        return admitted;
      },
      serverFor: (token) => team.serverFor(token),
    },
  });
});
afterAll(async () => {
  await http?.close();
  await sandbox?.close();
});

const TOOLS_CALL = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_experiments", arguments: {} } };

describe("per-user mode over HTTP", () => {
  it("refuses a missing or wrong token with 401 and a Bearer challenge, asking netunicorn only to verify it", async () => {
    sent.length = 0;
    const missing = await rawPost(http.url, TOOLS_CALL);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="netunicorn"');
    expect(await missing.text()).toMatch(/send your netunicorn access token/);
    const wrong = await rawPost(http.url, TOOLS_CALL, { authorization: "Bearer not-a-real-token" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Bearer realm="netunicorn", error="invalid_token"');
    const text = await wrong.text();
    expect(text).toMatch(/Access token not found/);
    expect(text).not.toContain("not-a-real-token");
    const basic = await rawPost(http.url, TOOLS_CALL, { authorization: "Basic ZGVtbzpkZW1vLXBhc3N3b3Jk" });
    expect(basic.status).toBe(401);
    // The one request that reached netunicorn is the token check: no tool ran, no server was made.
    expect(sent).toEqual(["GET /api/v1/verify_token"]);
    expect(admissions).toBe(0);
  });

  it("keeps two users through the same server apart", async () => {
    const [aliceToken, bobToken] = [await sandboxToken(sandbox.url, "demo"), await sandboxToken(sandbox.url, "other")];
    const alice = await clientWithToken(http.url, aliceToken);
    const bob = await clientWithToken(http.url, bobToken);
    try {
      expect((await call(alice, "prepare_experiment", { ...PING_SPEC("alice-exp"), nodes: { names: ["node-a"] } })).isError).toBe(false);
      expect((await call(bob, "prepare_experiment", { ...PING_SPEC("bob-exp"), nodes: { names: ["node-b"] } })).isError).toBe(false);
      const names = async (who: typeof alice) => ((await call(who, "get_experiments")).structured.experiments as { experiment_id: string }[]).map((e) => e.experiment_id);
      expect(await names(alice)).toEqual(["alice-exp"]);
      expect(await names(bob)).toEqual(["bob-exp"]);
      const peek = await call(bob, "get_experiment_status", { experiment_id: "alice-exp" });
      expect(peek.isError).toBe(true);
      expect(peek.text).toMatch(/not found/);
      expect(peek.text).not.toContain(bobToken);
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  it("a token that expires after its check fails the call, and the next request gets 401 at once", async () => {
    const token = await sandboxToken(sandbox.url, "admin");
    const auth = { authorization: `Bearer ${token}` };
    const health = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "healthcheck", arguments: {} } };
    const first = await rawPost(http.url, health, auth);
    expect(await first.text()).toMatch(/"healthy":true/);
    sandbox.sandbox.expireToken("admin");
    const refusedCall = await rawPost(http.url, health, auth);
    expect(refusedCall.status).toBe(200); // admitted on the remembered verdict; netunicorn refuses the call itself
    const answer = await refusedCall.text();
    expect(answer).toMatch(/"isError":true/);
    expect(answer).toMatch(/401/);
    expect(answer).not.toContain(token);
    const next = await rawPost(http.url, health, auth);
    expect(next.status).toBe(401);
    await next.text();
  });

  it("keeps no session: a stale session id is ignored, GET and DELETE get 405, the bearer may say 'bearer'", async () => {
    const token = await sandboxToken(sandbox.url, "demo");
    const initialize = await rawPost(
      http.url,
      { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } },
      { authorization: `Bearer ${token}` },
    );
    expect(initialize.status).toBe(200);
    expect(initialize.headers.get("mcp-session-id")).toBeNull();
    await initialize.text();
    // A 2025-era client holding a session id from another replica (or an earlier server) is served all the same.
    const listed = await rawPost(http.url, { jsonrpc: "2.0", id: 2, method: "tools/list" }, { authorization: `bearer ${token}`, "mcp-session-id": "from-another-replica" });
    expect(listed.status).toBe(200);
    expect(await listed.text()).toContain("prepare_experiment");
    for (const method of ["GET", "DELETE"]) {
      const answer = await fetch(http.url, { method, headers: { authorization: `Bearer ${token}`, accept: "text/event-stream", "mcp-session-id": "from-another-replica" } });
      expect(answer.status).toBe(405);
      expect(answer.headers.get("allow")).toBe("POST");
      await answer.text();
    }
  });
});

/** A POST with the Host and Origin a reverse proxy would pass on (fetch cannot set Host); answers the status. */
function statusThroughProxy(url: string, host: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { host, "content-type": "application/json", ...(origin ? { origin } : {}) };
    const req = request(url, { method: "POST", headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(JSON.stringify(TOOLS_CALL));
  });
}

describe("per-user mode behind the same front door", () => {
  it("answers an empty batch and non-object arguments as any request (message guard)", async () => {
    const auth = { authorization: `Bearer ${await sandboxToken(sandbox.url, "demo")}` };
    const empty = await rawPost(http.url, [], auth);
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: -32600 } });
    const notAnObject = await rawPost(http.url, { ...TOOLS_CALL, params: { name: "get_experiments", arguments: "all" } }, auth);
    expect(await notAnObject.text()).toMatch(/-32602/);
  });
});

describe("behind a reverse proxy", () => {
  it("accepts the proxy's public Host and Origin only when configured, and still asks for a token", async () => {
    const behind = await serveHttp({
      port: 0,
      allowedHosts: ["mcp.example.org"],
      allowedOrigins: ["https://mcp.example.org"],
      perRequest: createTeam({ endpoint: sandbox.url, server: {} }),
    });
    try {
      expect(await statusThroughProxy(behind.url, "mcp.example.org")).toBe(401);
      expect(await statusThroughProxy(behind.url, "mcp.example.org", "https://mcp.example.org")).toBe(401);
      expect(await statusThroughProxy(behind.url, "mcp.example.org", "https://evil.example")).toBe(403);
      expect(await statusThroughProxy(behind.url, "mcp.example.org", "http://mcp.example.org")).toBe(403);
      expect(await statusThroughProxy(behind.url, "evil.example")).toBe(403);
      expect(await statusThroughProxy(http.url, "mcp.example.org")).toBe(403);
    } finally {
      await behind.close();
    }
  });
});
