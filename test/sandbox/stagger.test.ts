// executionStaggerMs: the sandbox's nodes finish one by one, in deployment order, as real nodes
// do (a demo of results arriving while the experiment runs); 0, the default, ends them together.
import { describe, expect, it } from "vitest";
import { ExperimentStatus } from "../../src/model/index.js";
import { DEFAULT_TIMING } from "../../src/sandbox/index.js";
import { shellExperiment, testServer } from "./helpers.js";

interface Info {
  status: number;
  execution_result: null | { node: { name: string }; result: string | null }[];
}

const NODES = ["node-a", "node-b", "node-c"];

async function started(executionStaggerMs?: number) {
  const s = testServer({ timing: { preparationMs: 10, executionMs: 100, executorsStartMs: 5, ...(executionStaggerMs === undefined ? {} : { executionStaggerMs }) } });
  const token = await s.login();
  await s.call("POST", "/api/v1/experiment/x/prepare", { token, body: shellExperiment(NODES) });
  s.clock.advance(10);
  expect((await s.call("POST", "/api/v1/experiment/x/start", { token })).status).toBe(200);
  /** Which nodes have a result, and the status, after `ms` more. */
  const after = async (ms: number): Promise<[number, string[]]> => {
    s.clock.advance(ms);
    const info = (await s.call("GET", "/api/v1/experiment/x", { token })).json as Info;
    return [info.status, (info.execution_result ?? []).filter((r) => r.result !== null).map((r) => r.node.name)];
  };
  return after;
}

describe("executionStaggerMs", () => {
  it("is 0 by default: every node ends after executionMs", async () => {
    expect(DEFAULT_TIMING.executionStaggerMs).toBe(0);
    const after = await started();
    expect(await after(99)).toEqual([ExperimentStatus.RUNNING, []]);
    expect(await after(1)).toEqual([ExperimentStatus.FINISHED, NODES]);
  });

  it("ends the nodes one by one, the experiment RUNNING until the last", async () => {
    const after = await started(50);
    expect(await after(100)).toEqual([ExperimentStatus.RUNNING, ["node-a"]]);
    expect(await after(49)).toEqual([ExperimentStatus.RUNNING, ["node-a"]]);
    expect(await after(1)).toEqual([ExperimentStatus.RUNNING, ["node-a", "node-b"]]);
    expect(await after(50)).toEqual([ExperimentStatus.FINISHED, NODES]);
  });
});
