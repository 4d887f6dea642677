/**
 * Random requests against a sandbox holding experiments in every state: any method, path, header
 * and body, including real experiment bodies with one value swapped for random JSON. Every answer
 * is an HTTP response; a 500 only ever carries one of the real server's own crashes (never a
 * JavaScript error), and afterwards the sandbox still runs a lifecycle.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { experimentFixture, shellExperiment, testServer } from "./helpers.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `value` with the node at a random path replaced by `replacement`. */
function swapAt(value: Json, choices: number[], replacement: Json): Json {
  if (choices.length === 0 || value === null || typeof value !== "object") return replacement;
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  if (keys.length === 0) return replacement;
  const [first, ...rest] = choices as [number, ...number[]];
  if (first % 5 === 0) return replacement; // sometimes stop here
  const key = keys[first % keys.length]!;
  const copy: Json = Array.isArray(value) ? [...value] : { ...value };
  (copy as Record<string | number, Json>)[key] = swapAt((value as Record<string | number, Json>)[key]!, rest, replacement);
  return copy;
}

const EXPERIMENTS = [shellExperiment(["node-a"]), experimentFixture("pipeline_docker_map").body, experimentFixture("mixed_deployments").body] as unknown as Json[];

const mutatedExperiment = fc
  .tuple(fc.constantFrom(...EXPERIMENTS), fc.array(fc.nat(), { maxLength: 8 }), fc.jsonValue())
  .map(([body, path, replacement]) => JSON.stringify(swapAt(body, path, replacement as Json)));

const bodyText = fc.oneof(
  mutatedExperiment,
  fc.json(),
  fc.string(),
  fc.constantFrom("", "{", "[Infinity, NaN]", '{"executors": ["x", 1]}', '{"executors": [], "cancellation_context": {"a": {"b": 1}}}', '{"int_value": 1e400}', '{"text_value": null, "int_value": null}'),
);

const NAMES = ["ready", "run", "done", "missing", "a+b", "%FF", "__proto__", "n1", "n2", "n3"];
const PATHS = [
  "/api/v1/experiment/{n}/prepare",
  "/api/v1/experiment/{n}/prepare",
  "/api/v1/experiment/{n}/prepare",
  "/api/v1/token",
  "/api/v1/verify_token",
  "/api/v1/health",
  "/api/v1/nodes",
  "/api/v1/experiment",
  "/api/v1/experiment/{n}",
  "/api/v1/experiment/{n}/prepare",
  "/api/v1/experiment/{n}/start",
  "/api/v1/experiment/{n}/cancel",
  "/api/v1/executors/cancel",
  "/api/v1/experiment/{n}/flag/{n}",
  "/api/v1/ui/locks",
  "/api/v1/ui/compilations",
  "/api/v1/ui/running_experiments",
  "/api/v1/ui/last_experiments?days=2",
  "/api/v1/ui/last_experiments?days=x",
];

/** Messages of JavaScript's own exceptions: a 500 carrying one means a bug of the sandbox, not a simulated crash. */
const JS_ERROR = /Cannot read|Cannot set|is not a function|is not iterable|is not defined|Maximum call stack|Invalid array length|undefined|\[object /;

describe("random requests", () => {
  it("never crash the sandbox and never leak a JavaScript error", async () => {
    const s = testServer({ timing: { preparationMs: 100, executionMs: 1_000, executorsStartMs: 10 } });
    const token = await s.login();
    for (const name of ["ready", "run", "done"]) await s.call("POST", `/api/v1/experiment/${name}/prepare`, { token, body: shellExperiment([`node-${name}`]) });
    s.clock.advance(200);
    await s.call("POST", "/api/v1/experiment/run/start", { token });
    await s.call("POST", "/api/v1/experiment/done/start", { token });
    s.clock.advance(2_000);
    await s.call("POST", "/api/v1/experiment/run/prepare", { token, body: shellExperiment(["node-x"]) });

    const crashes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        fc.constantFrom(...NAMES),
        fc.constantFrom("GET", "GET", "POST", "POST", "POST", "POST", "DELETE", "PUT", "OPTIONS"),
        bodyText,
        fc.constantFrom("application/json", "text/plain", null, "application/x-www-form-urlencoded"),
        fc.option(fc.oneof(fc.json(), fc.string()), { nil: undefined }),
        fc.constantFrom(true, true, true, true, false),
        fc.nat(300),
        async (template, name, method, raw, contentType, context, authorized, elapse) => {
          s.clock.advance(elapse); // lifecycles move on between requests
          const headers: Record<string, string> = {};
          if (contentType !== null) headers["content-type"] = contentType;
          if (context !== undefined && /^[\t\x20-\x7e]*$/.test(context)) headers["netunicorn-auth-context"] = context;
          const path = template.replaceAll("{n}", name);
          const answer = await s.call(method, path, { ...(authorized ? { token } : {}), ...(method === "GET" ? {} : { raw }), headers });
          expect(answer.status).toBeGreaterThanOrEqual(200);
          if (answer.status >= 500) {
            expect(answer.status, `${method} ${path} ${raw.slice(0, 200)}`).toBe(500);
            expect(answer.text, `${method} ${path} ${raw.slice(0, 200)}`).not.toMatch(JS_ERROR);
            crashes.add(`${method} ${template}`);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1_500) },
    );
    // The real server's own crashes happen only where the sandbox mirrors them.
    for (const crash of crashes) expect(["POST /api/v1/experiment/{n}/prepare", "POST /api/v1/executors/cancel"]).toContain(crash);

    // Still serving: a fresh experiment goes through its lifecycle.
    const p = await s.call("POST", "/api/v1/experiment/after/prepare", { token, body: shellExperiment(["node-after"]) });
    expect([p.status, p.json]).toEqual([200, "after"]);
    s.clock.advance(200);
    expect((await s.call("POST", "/api/v1/experiment/after/start", { token })).status).toBe(200);
    s.clock.advance(2_000);
    expect(((await s.call("GET", "/api/v1/experiment/after", { token })).json as { status: number }).status).toBe(4);
  });
});
