/** Per-user mode's token check: netunicorn's verify_token, verdicts cached briefly and boundedly by token hash. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.js";
import { bearerOf, createTokenCheck } from "../../mcp/transport/token-check.js";

const ENDPOINT = "http://netunicorn.test";

/** The sandbox behind a fetch that counts the verify_token requests, plus a login helper. */
function netunicorn() {
  const sandbox = createSandbox();
  const seen: string[] = [];
  const fetch = async (input: string, init: RequestInit) => {
    seen.push(new URL(input).pathname);
    return sandbox.fetch(input, init);
  };
  const login = async (user: string) => {
    const body = `username=${user}&password=${user}-password`;
    const response = await sandbox.fetch(`${ENDPOINT}/api/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  return { sandbox, fetch, seen, login };
}

describe("bearerOf", () => {
  it("takes the token of a Bearer header, whatever the scheme's case, and nothing else", () => {
    expect(bearerOf("Bearer abc")).toBe("abc");
    expect(bearerOf("bearer abc")).toBe("abc");
    expect(bearerOf("BEARER   abc ")).toBe("abc");
    for (const header of [undefined, "", "Bearer", "Bearer ", "Basic ZGVtbzpkZW1v", "Bearer a b", "Bearerabc"]) expect(bearerOf(header)).toBeUndefined();
  });
});

describe("createTokenCheck", () => {
  it("accepts a token netunicorn accepts and asks again only once the verdict is stale", async () => {
    const nu = netunicorn();
    let now = 0;
    const check = createTokenCheck({ endpoint: `${ENDPOINT}/`, fetch: nu.fetch, now: () => now, acceptedTtlMs: 1000 }).verify;
    const token = await nu.login("demo");
    expect(await check(token)).toEqual({ ok: true });
    now = 999;
    expect(await check(token)).toEqual({ ok: true });
    expect(nu.seen).toEqual(["/api/v1/verify_token"]);
    now = 1000;
    expect(await check(token)).toEqual({ ok: true });
    expect(nu.seen).toHaveLength(2);
  });

  it("refuses a token netunicorn refuses, with its words, and remembers the refusal briefly", async () => {
    const nu = netunicorn();
    let now = 0;
    const check = createTokenCheck({ endpoint: ENDPOINT, fetch: nu.fetch, now: () => now, refusedTtlMs: 500 }).verify;
    const refused = await check("garbage-token");
    expect(refused).toEqual({ ok: false, status: 401, reason: "netunicorn refused the access token (Access token not found)" });
    expect(await check("garbage-token")).toEqual(refused);
    expect(nu.seen).toHaveLength(1);
    now = 500;
    await check("garbage-token");
    expect(nu.seen).toHaveLength(2);
  });

  it("forgets a token when told (netunicorn refused it since), and asks again", async () => {
    const nu = netunicorn();
    const check = createTokenCheck({ endpoint: ENDPOINT, fetch: nu.fetch });
    const token = await nu.login("demo");
    await check.verify(token);
    await check.verify(token);
    expect(nu.seen).toHaveLength(1);
    check.forget(token);
    await check.verify(token);
    expect(nu.seen).toHaveLength(2);
  });

  it("refuses an empty or absurdly long token without asking", async () => {
    const nu = netunicorn();
    const check = createTokenCheck({ endpoint: ENDPOINT, fetch: nu.fetch }).verify;
    expect(await check("")).toMatchObject({ ok: false, status: 401 });
    expect(await check("x".repeat(5000))).toMatchObject({ ok: false, status: 401 });
    expect(nu.seen).toEqual([]);
  });

  it("asks once for many simultaneous requests with one token", async () => {
    const nu = netunicorn();
    const check = createTokenCheck({ endpoint: ENDPOINT, fetch: nu.fetch }).verify;
    const token = await nu.login("other");
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => check(token)));
    expect(verdicts.every((v) => v.ok)).toBe(true);
    expect(nu.seen).toHaveLength(1);
  });

  it("keeps at most maxEntries verdicts, forgetting the oldest", async () => {
    const nu = netunicorn();
    const check = createTokenCheck({ endpoint: ENDPOINT, fetch: nu.fetch, maxEntries: 2 }).verify;
    const [a, b] = [await nu.login("demo"), await nu.login("other")];
    await check(a);
    await check(b);
    await check("garbage-token"); // a is forgotten
    await check(b);
    expect(nu.seen).toHaveLength(3);
    await check(a);
    expect(nu.seen).toHaveLength(4);
  });

  it("a token that expires is refused once its cached acceptance is stale", async () => {
    const nu = netunicorn();
    let now = 0;
    const check = createTokenCheck({ endpoint: ENDPOINT, fetch: nu.fetch, now: () => now, acceptedTtlMs: 100 }).verify;
    const token = await nu.login("demo");
    expect((await check(token)).ok).toBe(true);
    nu.sandbox.expireToken("demo");
    now = 100;
    expect(await check(token)).toMatchObject({ ok: false, status: 401 });
  });

  it("by default holds what mcp/README.md promises: an accepted token trusted for its stated time, a revoked one refused after it", async () => {
    const readme = readFileSync(new URL("../../mcp/README.md", import.meta.url), "utf8");
    const promise = /accepted: (\d+) s, refused: (\d+) s/.exec(readme);
    expect(promise, "the README states the cache lifetimes").not.toBeNull();
    const [acceptedMs, refusedMs] = [Number(promise![1]) * 1000, Number(promise![2]) * 1000];
    expect(readme).toMatch(/the others within a minute/);
    expect(acceptedMs).toBeLessThanOrEqual(60_000);
    const nu = netunicorn();
    let now = 0;
    const check = createTokenCheck({ endpoint: ENDPOINT, fetch: nu.fetch, now: () => now }).verify;
    const token = await nu.login("demo");
    expect((await check(token)).ok).toBe(true);
    nu.sandbox.expireToken("demo"); // revoked on netunicorn: this replica has not heard of it
    now = acceptedMs - 1;
    expect((await check(token)).ok).toBe(true);
    now = acceptedMs;
    expect(await check(token)).toMatchObject({ ok: false, status: 401 });
    expect(nu.seen).toHaveLength(2);
    now = acceptedMs + refusedMs - 1;
    await check(token);
    expect(nu.seen).toHaveLength(2);
    now = acceptedMs + refusedMs;
    await check(token);
    expect(nu.seen).toHaveLength(3);
  });

  it("says netunicorn is unreachable, down or slow (502/503/504) without caching it", async () => {
    let calls = 0;
    const down = createTokenCheck({
      endpoint: ENDPOINT,
      fetch: async () => {
        calls++;
        throw new TypeError("fetch failed");
      },
    }).verify;
    expect(await down("t")).toEqual({ ok: false, status: 503, reason: "netunicorn could not be reached to check the token" });
    await down("t");
    expect(calls).toBe(2);
    const failing = createTokenCheck({ endpoint: ENDPOINT, fetch: async () => new Response("Internal Server Error", { status: 500 }) }).verify;
    expect(await failing("t")).toEqual({ ok: false, status: 502, reason: "netunicorn answered the token check with HTTP 500" });
    const slow = createTokenCheck({
      endpoint: ENDPOINT,
      timeoutMs: 20,
      fetch: (_input, init) => new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason))),
    }).verify;
    expect(await slow("t")).toMatchObject({ ok: false, status: 504 });
  });
});
