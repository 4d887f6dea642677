/**
 * The sandbox over real HTTP (serveSandbox on 127.0.0.1): a subset of the transcript exchanges
 * checked on the wire — statuses, raw bodies, header quirks — plus big and streamed bodies.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSandbox, type ServedSandbox } from "../../node/sandbox/serve-sandbox.js";
import { shellExperiment } from "./helpers.js";

let served: ServedSandbox;
let token: string;

beforeAll(async () => {
  served = await serveSandbox({ maxBodyBytes: 64 * 1024, timing: { preparationMs: 50, executionMs: 50, executorsStartMs: 10, rowDelayMs: 0 } });
  const login = await fetch(`${served.url}/api/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=demo&password=demo-password" });
  token = ((await login.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await served.close();
});

/** A raw request with node:http, so the exact response headers are visible. */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${served.url}${path}`, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("served sandbox, on the wire", () => {
  it("listens on 127.0.0.1 with a free port", () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("verify_token: 200, content-length 0, no content type", async () => {
    const a = await raw("GET", "/api/v1/verify_token", { authorization: `Bearer ${token}` });
    expect([a.status, a.body, a.headers["content-length"], a.headers["content-type"]]).toEqual([200, "", "0", undefined]);
  });

  it("401 with www-authenticate, 404, 405 with allow, 422 for days", async () => {
    const unauth = await raw("GET", "/api/v1/experiment");
    expect([unauth.status, unauth.headers["www-authenticate"], unauth.body]).toEqual([401, "Bearer", '{"detail":"Not authenticated"}']);
    expect((await raw("GET", "/api/v1/nope", { authorization: `Bearer ${token}` })).body).toBe('{"detail":"Not Found"}');
    const put = await raw("PUT", "/api/v1/experiment", { authorization: `Bearer ${token}` });
    expect([put.status, put.headers["allow"]]).toEqual([405, "GET"]);
    const days = await raw("GET", "/api/v1/ui/last_experiments?days=abc", { authorization: `Bearer ${token}` });
    expect(days.status).toBe(422);
  });

  it("prepare → start → finished, and the double-encoded cancel refusal", async () => {
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const p = await raw("POST", "/api/v1/experiment/wire/prepare", auth, JSON.stringify(shellExperiment(["node-a"])));
    expect([p.status, p.body, p.headers["content-length"]]).toEqual([200, '"wire"', "6"]);
    const status = async (): Promise<number> => (JSON.parse((await raw("GET", "/api/v1/experiment/wire", auth)).body) as { status: number }).status;
    await expect.poll(status).toBe(2); // READY
    expect((await raw("POST", "/api/v1/experiment/wire/start", auth)).body).toBe('"wire"');
    await expect.poll(status).toBe(4); // FINISHED
    expect((await raw("POST", "/api/v1/experiment/wire/cancel", auth)).body).toBe('"\\"Executors [] not found\\""');
    const del = await raw("DELETE", "/api/v1/experiment/wire", auth);
    expect([del.status, del.body]).toEqual([200, "null"]);
  });

  it("refuses a body over the limit with 413 and keeps serving", async () => {
    const big = await raw("POST", "/api/v1/experiment/big/prepare", { authorization: `Bearer ${token}`, "content-type": "application/json" }, "x".repeat(100 * 1024));
    expect(big.status).toBe(413);
    expect((await raw("GET", "/api/v1/health", { authorization: `Bearer ${token}` })).body).toBe('"OK"');
  });

  it("serves 50 parallel requests over the socket", async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => raw("GET", "/api/v1/nodes", { authorization: `Bearer ${token}` })));
    expect(answers.every((a) => a.status === 200 && a.body.startsWith('{"node_pool_type"'))).toBe(true);
  });
});

describe("HEAD", () => {
  it("answers HEAD like GET without a body (405 here: the real routes are GET only)", async () => {
    const a = await raw("HEAD", "/api/v1/health", { authorization: `Bearer ${token}` });
    expect([a.status, a.headers["allow"], a.headers["content-length"], a.body]).toEqual([405, "GET", "31", ""]);
  });
});
