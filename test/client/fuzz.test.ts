// Whatever the server answers (any status, any body, any content type), every operation ends in a
// value or a NetunicornError: never a bare TypeError, SyntaxError or RangeError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FetchFunction, RemoteClient } from "../../src/client/index.js";
import { Experiment, ExperimentStatus, NetunicornError } from "../../src/index.js";
import { fixture, fixtureText } from "./helpers.js";

const FIXTURE_BODIES = [
  "nodes/nested_pool.json",
  "nodes/uncountable_without_soft_limit.json",
  "status/finished_success.json",
  "status/experiments_list.json",
  "flags/both.json",
].map(fixtureText);

/** A fixture with one character changed or the text cut: mostly almost-right JSON. */
const mangled = fc
  .tuple(fc.constantFrom(...FIXTURE_BODIES), fc.nat(), fc.constantFrom("cut", "flip", "insert"), fc.constantFrom('"', "{", "]", "1", "null", "Infinity", "\\"))
  .map(([text, at, how, piece]) => {
    const i = at % (text.length + 1);
    if (how === "cut") return text.slice(0, i);
    if (how === "flip") return text.slice(0, i) + piece + text.slice(i + 1);
    return text.slice(0, i) + piece + text.slice(i);
  });

const body = fc.oneof(mangled, fc.json(), fc.string(), fc.constantFrom(...FIXTURE_BODIES), fc.constantFrom("", "null", '"OK"', "[]", "{}", "NaN", '{"detail": 5}'));

interface Scripted {
  status: number;
  text: string;
  contentType: string | null;
}

const answer = fc.record({
  status: fc.constantFrom(200, 200, 200, 204, 400, 401, 404, 422, 429, 500, 502),
  text: body,
  contentType: fc.constantFrom("application/json", "text/html", "text/plain", null),
});

const experiment = Experiment.fromJSON(fixture("experiments/cycle_pipeline_shell.json").body);

const OPERATIONS: Array<(client: RemoteClient) => Promise<unknown>> = [
  (c) => c.healthcheck(),
  (c) => c.getNodes(),
  (c) => c.getExperiments(),
  (c) => c.getExperimentStatus("exp"),
  (c) => c.prepareExperiment(experiment, "exp"),
  (c) => c.startExecution("exp"),
  (c) => c.cancelExperiment("exp"),
  (c) => c.cancelExecutors(["e-1"]),
  (c) => c.deleteExperiment("exp"),
  (c) => c.getFlagValues("exp", "f"),
  (c) => c.setFlagValues("exp", "f", { intValue: 1 }),
  (c) => c.getLockedNodes(),
  (c) => c.getRunningExperiments(),
  (c) => c.getRecentExperiments(3),
  (c) => c.getActiveCompilations(),
  (c) => c.waitForStatus("exp", ExperimentStatus.READY, { timeoutMs: 50, intervalMs: 1, notFoundGraceMs: 0 }),
];

/** A fetch that answers the login properly and every other request with the next scripted answer. */
function scriptedFetch(answers: Scripted[]): FetchFunction {
  let i = 0;
  return async (input) => {
    if (input.endsWith("/api/v1/token")) return new Response('{"access_token": "tok-123456", "token_type": "bearer"}', { status: 200 });
    const next = answers[i++ % answers.length]!;
    const headers = next.contentType === null ? undefined : { "content-type": next.contentType };
    return new Response(next.status === 204 ? null : next.text, { status: next.status, headers });
  };
}

describe("any answer", () => {
  it("every operation gives a value or a NetunicornError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(OPERATIONS.length - 1), fc.array(answer, { minLength: 1, maxLength: 4 }), async (op, answers) => {
        const client = new RemoteClient({ endpoint: "http://netunicorn.invalid", login: "demo", password: "pw-secret", fetch: scriptedFetch(answers), retry: false });
        try {
          await OPERATIONS[op]!(client);
        } catch (error) {
          expect(NetunicornError.is(error), `${String(error)}`).toBe(true);
          expect((error as Error).message).not.toContain("pw-secret");
          expect((error as Error).message).not.toContain("tok-123456");
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600) },
    );
  });
});
