/**
 * Where the sandbox mirrors behaviours seen on the real netunicorn services (issue 13): the
 * short "not found" window right after prepare, cancelling a READY experiment, starting an
 * experiment none of whose deployments was prepared, and the result error of such deployments.
 */
import { describe, expect, it } from "vitest";
import { type FetchFunction, RemoteClient } from "../../src/client/index.js";
import { Experiment, ExperimentStatus } from "../../src/model/index.js";
import { createManualClock, createSandbox, DEFAULT_TIMING } from "../../src/sandbox/index.js";
import { shellExperiment, testServer } from "./helpers.js";

interface Info {
  status: number;
  experiment: null | { deployment_map: { prepared: boolean; error: string | null }[] };
  execution_result: null | { node: { name: string }; error: string | null; result: string | null }[];
}

describe("right after prepare: the row at once by default, a not-found window on request", () => {
  it("by default, as the real server at its first read: PREPARING, listed, and delete refused", async () => {
    expect(DEFAULT_TIMING.rowDelayMs).toBe(0);
    const clock = createManualClock();
    const sandbox = createSandbox({ now: clock.now }); // default timing, clock never moved
    const s = testServer({}, (request) => sandbox.fetch(request));
    const token = await s.login();
    expect((await s.call("POST", "/api/v1/experiment/fresh/prepare", { token, body: shellExperiment(["node-a"]) })).status).toBe(200);
    const row = await s.call("GET", "/api/v1/experiment/fresh", { token });
    expect([row.status, (row.json as Info).status]).toEqual([200, ExperimentStatus.PREPARING]);
    expect(Object.keys((await s.call("GET", "/api/v1/experiment", { token })).json as object)).toEqual(["fresh"]);
    // the real server's words for a delete while PREPARING (transcript 12 has the RUNNING twin)
    const del = await s.call("DELETE", "/api/v1/experiment/fresh", { token });
    expect([del.status, del.json]).toEqual([400, "Experiment fresh for user demo is in status ExperimentStatus.PREPARING, cannot delete it"]);
  });

  it("rowDelayMs opens the window a loaded server shows: 400 'Experiment … not found' until it ends", async () => {
    const slow = testServer({ timing: { rowDelayMs: 700 } }); // explicit: this test is about the window
    const token = await slow.login();
    await slow.call("POST", "/api/v1/experiment/x/prepare", { token, body: shellExperiment(["node-a"]) });
    const early = await slow.call("GET", "/api/v1/experiment/x", { token });
    expect([early.status, early.json]).toEqual([400, "Experiment x not found"]);
    expect((await slow.call("DELETE", "/api/v1/experiment/x", { token })).json).toBe("Experiment x not found");
    expect((await slow.call("GET", "/api/v1/experiment", { token })).json).toEqual({});
    slow.clock.advance(699);
    expect((await slow.call("GET", "/api/v1/experiment/x", { token })).status).toBe(400);
    slow.clock.advance(1);
    const row = await slow.call("GET", "/api/v1/experiment/x", { token });
    expect([row.status, (row.json as Info).status]).toEqual([200, ExperimentStatus.PREPARING]);
  });

  it("waitForStatus rides out the window: it meets 'not found', then reaches READY", async () => {
    // The sandbox's clock moves 20 ms per status read, so the window (80 ms) and the preparation
    // (120 ms) end after a known number of reads however slowly the machine runs.
    const clock = createManualClock();
    const sandbox = createSandbox({ now: clock.now, timing: { rowDelayMs: 80, preparationMs: 120 } });
    const answers: number[] = [];
    const fetch: FetchFunction = async (input, init) => {
      const response = await sandbox.fetch(new Request(input, init));
      if (init.method === "GET" && input.endsWith("/experiment/fresh")) {
        answers.push(response.status);
        clock.advance(20);
      }
      return response;
    };
    const demo = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: "demo-password", fetch });
    await demo.prepareExperiment(Experiment.fromJSON(shellExperiment(["node-a"])), "fresh");
    const info = await demo.waitForStatus("fresh", ExperimentStatus.READY, { intervalMs: 1, timeoutMs: 60_000 });
    expect(info.status).toBe(ExperimentStatus.READY);
    expect(answers).toEqual([400, 400, 400, 400, 200, 200, 200]);
  });
});

describe("cancelling a READY experiment", () => {
  it("frees its node locks after cancelMs (about half a second by default) and leaves it READY", async () => {
    expect(DEFAULT_TIMING.cancelMs).toBeLessThanOrEqual(500);
    const s = testServer({ timing: { preparationMs: 100, cancelMs: 500 } });
    const demo = await s.login();
    const other = await s.login("other");
    await s.call("POST", "/api/v1/experiment/r/prepare", { token: demo, body: shellExperiment(["node-a"]) });
    s.clock.advance(100);
    const locks = async () => ((await s.call("GET", "/api/v1/ui/locks", { token: demo })).json as { node_name: string }[]).map((l) => l.node_name);
    expect(await locks()).toEqual(["node-a"]);
    expect((await s.call("POST", "/api/v1/experiment/r/cancel", { token: demo })).json).toBe("Executors cancellation started");
    s.clock.advance(499);
    expect(await locks()).toEqual(["node-a"]);
    s.clock.advance(1);
    expect(await locks()).toEqual([]);
    const r = (await s.call("GET", "/api/v1/experiment/r", { token: demo })).json as Info;
    expect([r.status, r.execution_result, r.experiment?.deployment_map[0]?.prepared]).toEqual([ExperimentStatus.READY, null, true]);
    // the node is free: another user's preparation on it is not refused as locked
    await s.call("POST", "/api/v1/experiment/next/prepare", { token: other, body: shellExperiment(["node-a"]) });
    s.clock.advance(100);
    const next = (await s.call("GET", "/api/v1/experiment/next", { token: other })).json as Info;
    expect(next.experiment?.deployment_map[0]).toMatchObject({ prepared: true, error: null });
  });
});

describe("starting an experiment none of whose deployments was prepared", () => {
  const timing = { preparationMs: 100, executionMs: 100, executorsStartMs: 10, processorPassMs: 30_000 };
  const outcomes = { prepareFailure: () => "no power" };

  it("shows RUNNING until the processor's next pass, then FINISHED with 'Executor is not prepared'", async () => {
    expect(DEFAULT_TIMING.processorPassMs).toBeGreaterThan(0);
    const s = testServer({ timing, outcomes });
    const token = await s.login();
    await s.call("POST", "/api/v1/experiment/idle/prepare", { token, body: shellExperiment(["node-a", "node-b"]) });
    s.clock.advance(100);
    const ready = (await s.call("GET", "/api/v1/experiment/idle", { token })).json as Info;
    expect([ready.status, ready.experiment?.deployment_map.map((d) => d.prepared)]).toEqual([ExperimentStatus.READY, [false, false]]);
    expect((await s.call("POST", "/api/v1/experiment/idle/start", { token })).json).toBe("idle");
    const status = async () => (await s.call("GET", "/api/v1/experiment/idle", { token })).json as Info;
    expect((await status()).status).toBe(ExperimentStatus.RUNNING);
    s.clock.advance(29_999);
    expect([(await status()).status, (await status()).execution_result]).toEqual([ExperimentStatus.RUNNING, null]);
    s.clock.advance(1);
    const done = await status();
    expect(done.status).toBe(ExperimentStatus.FINISHED);
    expect(done.execution_result?.map((r) => [r.node.name, r.error, r.result])).toEqual([
      ["node-a", "Executor is not prepared", null],
      ["node-b", "Executor is not prepared", null],
    ]);
    // the preparation error stays where the real server keeps it: on the deployment
    expect(done.experiment?.deployment_map.map((d) => d.error)).toEqual(["no power", "no power"]);
  });

  it("a never-prepared deployment beside a prepared one ends at once with 'Executor is not prepared'", async () => {
    const s = testServer({ timing, outcomes: { prepareFailure: (node) => (node.name === "node-b" ? "no power" : null) } });
    const token = await s.login();
    await s.call("POST", "/api/v1/experiment/half/prepare", { token, body: shellExperiment(["node-a", "node-b"]) });
    s.clock.advance(100);
    await s.call("POST", "/api/v1/experiment/half/start", { token });
    s.clock.advance(100);
    const done = (await s.call("GET", "/api/v1/experiment/half", { token })).json as Info;
    expect(done.status).toBe(ExperimentStatus.FINISHED);
    expect(done.execution_result?.map((r) => r.error)).toEqual([null, "Executor is not prepared"]);
  });
});
