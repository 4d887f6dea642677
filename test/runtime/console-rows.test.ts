// The console reads a big experiment's rows a few deployments at a time (rowsInSlices, so the page
// keeps answering): the rows must be exactly resultRows' rows of the whole status, in the same
// order, while RUNNING (some nodes back, some not) and when FINISHED (with a failed node and an
// unprepared one). While RUNNING, a node that failed early says "not run" for the rest (the
// core's resultRows decides: a node that reported runs nothing more), never "not finished". Against the BUILT package ("netunicorn", "netunicorn/results", the sandbox),
// as the page itself uses them.
import { ExperimentStatus, Experiment, Pipeline, RemoteClient, type ExperimentExecutionInformation } from "netunicorn";
import { libraryTask } from "netunicorn/library";
import { resultRows } from "netunicorn/results";
import { createManualClock, createSandbox } from "netunicorn/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsInSlices } from "../../console/app/results-data.js";
import { requireBuilt } from "./helpers.js";

const NODES = 57;
const STEP = 1000;
const node = (i: number): string => `n-${String(i).padStart(2, "0")}`;
const pool = {
  node_pool_type: "CountableNodePool" as const,
  node_pool_data: Array.from({ length: NODES }, (_, i) => ({
    name: node(i),
    properties: { connector: "t", ...(i === 3 ? { "sandbox-fail": "execute" } : i === 40 ? { "sandbox-fail": "prepare" } : {}) },
    additional_properties: {},
    architecture: "linux/amd64",
  })),
  node_pool_metadata: null,
};

let client: RemoteClient;
let clock: ReturnType<typeof createManualClock>;

beforeAll(async () => {
  requireBuilt();
  clock = createManualClock();
  // One node ends per STEP of the held clock (deployment order).
  const sandbox = createSandbox({ pool, now: clock.now, timing: { rowDelayMs: 0, preparationMs: 10, executionMs: STEP, executionStaggerMs: STEP, executorsStartMs: 1 } });
  client = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: "demo-password", fetch: sandbox.fetch });
  const nodes = [...(await client.getNodes())].flatMap((n) => ("name" in n ? [n] : []));
  const pipeline = new Pipeline([libraryTask("Ping", { address: "192.0.2.1", count: 3 }), libraryTask("SleepTask", { seconds: 1 }, { name: "pause" })]);
  await client.prepareExperiment(new Experiment().map(pipeline, nodes as never), "big");
  clock.advance(10);
  await client.startExecution("big");
});

async function same(info: ExperimentExecutionInformation): Promise<void> {
  const seen: number[] = [];
  const sliced = await rowsInSlices(info, "big", () => false, (rows, nodes, of) => {
    expect(of).toBe(NODES);
    expect(new Set(rows.map((r) => r.node)).size).toBe(nodes);
    seen.push(nodes);
  });
  expect(sliced).toEqual(resultRows(info, { experiment: "big" }));
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
}

describe("rowsInSlices", () => {
  it("gives resultRows' rows while RUNNING, a few nodes back", async () => {
    clock.advance(STEP * 20 + 1);
    const info = await client.getExperimentStatus("big");
    expect(info.status).toBe(ExperimentStatus.RUNNING);
    await same(info);
    const rows = resultRows(info, { experiment: "big" });
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(["ok", "failed", "not run", "not finished", "preparation failed"]));
    // The node that failed early runs nothing more: its pause reads "not run", not "not finished".
    expect(rows.filter((r) => r.node === node(3)).map((r) => [r.task, r.state])).toEqual([["Ping #1", "failed"], ["pause", "not run"]]);
    expect(rows.filter((r) => r.node === node(30)).map((r) => r.state)).toEqual(["not finished", "not finished"]);
  });

  it("gives resultRows' rows when FINISHED", async () => {
    clock.advance(STEP * NODES);
    const info = await client.getExperimentStatus("big");
    expect(info.status).toBe(ExperimentStatus.FINISHED);
    await same(info);
  });

  it("stops when its result is no longer wanted", async () => {
    const info = await client.getExperimentStatus("big");
    // Asked after every stretch, the last included: how many stretches a machine needs does not matter.
    let asked = 0;
    expect(await rowsInSlices(info, "big", () => ++asked > 0)).toBeNull();
    expect(asked).toBe(1);
  });
});
