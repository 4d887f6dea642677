/**
 * Bad requests get the real server's answers and never crash the sandbox: wrong methods, unknown
 * paths, trailing slashes, malformed JSON (Python's messages), huge bodies, wrong content types,
 * path decoding (`+` kept, `%2F` splitting), CORS when enabled.
 */
import { describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.js";
import { pyJsonDumps, pyJsonLoads } from "../../src/sandbox/py-json.js";
import { shellExperiment, testServer } from "./helpers.js";

describe("routing like Starlette", () => {
  it("answers 405 with the allow of the first route matching the path", async () => {
    const s = testServer();
    const token = await s.login();
    const cases: [string, string, string][] = [
      ["PUT", "/api/v1/experiment/x", "GET"],
      ["PATCH", "/api/v1/experiment/x/flag/f", "GET"],
      ["GET", "/api/v1/experiment/x/prepare", "POST"],
      ["GET", "/api/v1/token", "POST"],
      ["HEAD", "/api/v1/health", "GET"],
    ];
    for (const [method, path, allow] of cases) {
      const a = await s.call(method, path, { token });
      expect([a.status, a.headers.get("allow")]).toEqual([405, allow]);
      if (method !== "HEAD") expect(a.json).toEqual({ detail: "Method Not Allowed" });
    }
  });

  it("answers 404 for unknown paths (even unauthenticated) and redirects a trailing slash", async () => {
    const s = testServer();
    for (const path of ["/", "/api/v2/health", "/api/v1/experiment/a/b", "/api/v1/experiment/x/flag"]) {
      expect((await s.call("GET", path)).status).toBe(404);
    }
    const slash = await s.call("GET", "/api/v1/experiment/");
    expect([slash.status, slash.headers.get("location")]).toEqual([307, "http://sandbox.test/api/v1/experiment"]);
  });

  it("keeps '+' in names and decodes %XX (a %2F splits the name: 404)", async () => {
    const s = testServer();
    const token = await s.login();
    const body = shellExperiment(["node-a"]);
    expect((await s.call("POST", "/api/v1/experiment/my+exp/prepare", { token, body })).json).toBe("my+exp");
    expect((await s.call("GET", "/api/v1/experiment/my%2Bexp", { token })).status).toBe(200);
    expect((await s.call("GET", "/api/v1/experiment/my%20exp", { token })).json).toBe("Experiment my exp not found");
    expect((await s.call("POST", "/api/v1/experiment/caf%C3%A9/prepare", { token, body })).json).toBe("café");
    expect(Object.keys((await s.call("GET", "/api/v1/experiment", { token })).json as object)).toEqual(["my+exp", "café"]);
    expect((await s.call("POST", "/api/v1/experiment/a%2Fb/prepare", { token, body })).status).toBe(404);
  });
});

describe("bodies", () => {
  it("refuses bodies over the limit with 413, declared or streamed", async () => {
    const s = testServer({ maxBodyBytes: 1000 });
    const token = await s.login();
    const big = await s.call("POST", "/api/v1/experiment/x/prepare", { token, raw: "x".repeat(5000), headers: { "content-type": "application/json" } });
    expect(big.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(500));
        controller.close();
      },
    });
    const init = { method: "POST", body: stream, duplex: "half", headers: { authorization: `Bearer ${token}` } } as RequestInit;
    const streamed = await s.sandbox.fetch("http://sandbox.test/api/v1/experiment/x/prepare", init);
    expect(streamed.status).toBe(413);
    expect((await s.call("GET", "/api/v1/health", { token })).status).toBe(200);
  });

  it("treats a non-JSON content type as raw bytes: 422 for model bodies, prepare still parses", async () => {
    const s = testServer();
    const token = await s.login();
    await s.call("POST", "/api/v1/experiment/x/prepare", { token, raw: JSON.stringify(shellExperiment(["node-a"])), headers: { "content-type": "text/plain" } });
    expect((await s.call("GET", "/api/v1/experiment/x", { token })).status).toBe(200);
    const flag = await s.call("POST", "/api/v1/experiment/x/flag/f", { token, raw: '{"int_value": 1}', headers: { "content-type": "text/plain" } });
    expect([flag.status, flag.json]).toEqual([422, { detail: [{ loc: ["body"], msg: "value is not a valid dict", type: "type_error.dict" }] }]);
    // bytes, so that fetch adds no content type (as Python's requests with data=...)
    const bytes = new TextEncoder().encode('{"int_value": "7"}');
    const noType = await s.sandbox.fetch("http://sandbox.test/api/v1/experiment/x/flag/f", { method: "POST", body: bytes, headers: { authorization: `Bearer ${token}` } });
    expect(noType.status).toBe(200);
    expect((await s.call("GET", "/api/v1/experiment/x/flag/f", { token })).json).toEqual({ text_value: null, int_value: 7 });
  });

  it("answers a JSON decode error 422 before checking the token, as FastAPI", async () => {
    const s = testServer();
    const a = await s.call("POST", "/api/v1/executors/cancel", { raw: "[1,", headers: { "content-type": "application/json" } });
    expect(a.status).toBe(422);
    expect((a.json as { detail: { msg: string }[] }).detail[0]?.msg).toBe("Expecting value: line 1 column 4 (char 3)");
    const b = await s.call("POST", "/api/v1/executors/cancel", { body: { executors: 1 } });
    expect(b.status).toBe(401);
  });

  it("never crashes on garbage: every answer is an HTTP status with a body", async () => {
    const s = testServer();
    const token = await s.login();
    const paths = ["/api/v1/experiment/x/prepare", "/api/v1/experiment/x/start", "/api/v1/experiment/x/cancel", "/api/v1/executors/cancel", "/api/v1/experiment/x/flag/f", "/api/v1/token"];
    const bodies = ["", "null", "[]", "{", '{"a":', "\u0000\u0001", '"x"', "1e999", '{"deployment_map": [1, 2]}', '{"executors": [null, {}]}', "\ud800"];
    for (const path of paths) {
      for (const raw of bodies) {
        const a = await s.call("POST", path, { token, raw, headers: { "content-type": "application/json" } });
        expect([400, 401, 422, 200, 500]).toContain(a.status);
        // a 500 carries its plain-text reason, every other answer parses as JSON
        if (a.status === 500) expect(a.text.length, `${path} ${raw}`).toBeGreaterThan(0);
        else expect(a.json, `${path} ${raw}`).toBeDefined();
      }
    }
    expect((await s.call("GET", "/api/v1/health", { token })).status).toBe(200);
  });
});

describe("Python json", () => {
  it("produces Python's decode messages", () => {
    const cases: [string, string][] = [
      ["", "Expecting value: line 1 column 1 (char 0)"],
      ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
      ['{"a": 1 "b"}', "Expecting ',' delimiter: line 1 column 9 (char 8)"],
      ['"abc', "Unterminated string starting at: line 1 column 1 (char 0)"],
      ["[1]x", "Extra data: line 1 column 4 (char 3)"],
      ['{\n"a": tru}', "Expecting value: line 2 column 6 (char 7)"],
    ];
    for (const [text, message] of cases) {
      let thrown: unknown = undefined;
      try {
        pyJsonLoads(text);
      } catch (error) {
        thrown = error;
      }
      expect(String(thrown)).toBe(message);
    }
    expect(pyJsonLoads("[NaN, Infinity, -Infinity]")).toEqual([NaN, Infinity, -Infinity]);
  });

  it("writes like json.dumps: spaced, ASCII-escaped, bare Infinity", () => {
    expect(pyJsonDumps({ a: [1, "é"], b: Infinity, c: null })).toBe('{"a": [1, "\\u00e9"], "b": Infinity, "c": null}');
  });
});

describe("CORS", () => {
  it("is off by default, and answers preflights and adds headers when enabled", async () => {
    const off = createSandbox();
    const plain = await off.fetch("http://x/api/v1/health", { headers: { origin: "http://page.test" } });
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    const on = createSandbox({ cors: { origin: "http://page.test" } });
    const preflight = await on.fetch("http://x/api/v1/experiment/a/prepare", {
      method: "OPTIONS",
      headers: { origin: "http://page.test", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://page.test");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const after = await on.fetch("http://x/api/v1/health");
    expect([after.status, after.headers.get("access-control-allow-origin")]).toEqual([401, "http://page.test"]);
  });
});

describe("admin helpers", () => {
  it("advance() moves the sandbox clock on top of the real one; reset() forgets everything", async () => {
    const sandbox = createSandbox({ timing: { preparationMs: 60_000 } });
    const before = sandbox.now();
    sandbox.advance(60_000);
    expect(sandbox.now() - before).toBeGreaterThanOrEqual(60_000);
    expect(() => sandbox.advance(-1)).toThrow(/sandbox.advance/);
    const login = await sandbox.fetch("http://x/api/v1/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=demo&password=demo-password" });
    const { access_token } = (await login.json()) as { access_token: string };
    const auth = { authorization: `Bearer ${access_token}`, "content-type": "application/json" };
    await sandbox.fetch("http://x/api/v1/experiment/e/prepare", { method: "POST", headers: auth, body: JSON.stringify(shellExperiment(["node-a"])) });
    sandbox.advance(60_000);
    expect(sandbox.experiments().map((e) => [e.name, e.status])).toEqual([["e", 2]]);
    sandbox.setUser("new", { password: "pw" });
    expect((await sandbox.fetch("http://x/api/v1/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=new&password=pw" })).status).toBe(200);
    sandbox.reset();
    expect(sandbox.experiments()).toEqual([]);
    expect((await sandbox.fetch("http://x/api/v1/health", { headers: auth })).status).toBe(401);
  });
});

describe("fetch input", () => {
  it("rejects an unusable URL with a UsageError, as fetch rejects", async () => {
    const { UsageError } = await import("../../src/errors.js");
    await expect(createSandbox().fetch("http://[not a url")).rejects.toBeInstanceOf(UsageError);
  });
});
