/**
 * Answers that never mislead (issue 14, section 1), against the sandbox on a clock the test
 * moves: results before FINISHED, a prepare under an existing name, counts of results, READY
 * with failed preparations, wrongly shaped tasks, refusals with a next step, the name as given,
 * and filters.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RemoteClient } from "../../src/client/index.js";
import { DEMO_USERS, createSandbox } from "../../src/sandbox/index.js";
import { type Connected, call, connect } from "./helpers.js";

let clock = 0;
let mcp: Connected;
let readOnly: Connected;

function sandboxClient(): RemoteClient {
  clock = 1_000_000;
  const sandbox = createSandbox({ now: () => clock, timing: { rowDelayMs: 0, preparationMs: 1_000, executionMs: 60_000, executorsStartMs: 100, cancelMs: 100 } });
  return new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: DEMO_USERS.demo!.password, fetch: (input, init) => sandbox.fetch(new Request(input, init)) });
}

beforeEach(async () => {
  const client = sandboxClient();
  mcp = await connect(client, { sandbox: true });
  readOnly = await connect(client, { readOnly: true });
});
afterEach(async () => {
  await mcp.close();
  await readOnly.close();
});

const tool = (name: string, args: Record<string, unknown> = {}) => call(mcp.client, name, args);
const QUICK = { interval_seconds: 0.01, timeout_seconds: 1 };

/** Prepares, lets the clock pass preparation, starts, lets the executors register: RUNNING. */
async function running(id: string, nodes: string[]): Promise<void> {
  const prepared = await tool("prepare_experiment", { experiment_id: id, nodes: { names: nodes }, pipeline: [{ shell: ["hostname"], name: "host" }] });
  expect(prepared.isError, prepared.text).toBe(false);
  clock += 2_000;
  expect((await tool("start_execution", { experiment_id: id })).isError).toBe(false);
  clock += 1_000;
}

describe("results and status before FINISHED", () => {
  it("get_experiment_results on a RUNNING experiment says it is not finished and what to call", async () => {
    await running("run-1", ["node-a", "node-b"]);
    const answer = await tool("get_experiment_results", { experiment_id: "run-1" });
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.text).toMatch(/^\[sandbox[^\]]*\] run-1 is RUNNING, not finished: no results yet\. It is still running: call wait_for_experiment/);
    expect(answer.text).not.toMatch(/failed|no result \(/);
    expect(answer.structured).toMatchObject({ finished: false, status_name: "RUNNING", deployments: [], failed_deployments: 0 });
  });

  it("get_experiment_results on a READY experiment says to start it first", async () => {
    await tool("prepare_experiment", { experiment_id: "ready-1", nodes: { names: ["node-a"] }, pipeline: [{ sleep: 1 }] });
    clock += 2_000;
    const answer = await tool("get_experiment_results", { experiment_id: "ready-1" });
    expect(answer.structured.next_step).toMatch(/It has not run yet: call start_execution, then wait_for_experiment/);
  });

  it("get_experiment_status counts only deployments that returned a result", async () => {
    await running("run-2", ["node-a", "node-b"]);
    const during = await tool("get_experiment_status", { experiment_id: "run-2" });
    expect(during.structured.summary).toMatchObject({ status_name: "RUNNING", deployments: 2, results: 0 });
    expect(during.text).not.toMatch(/with results/);
    clock += 60_000;
    const after = await tool("get_experiment_status", { experiment_id: "run-2" });
    expect(after.structured.summary).toMatchObject({ status_name: "FINISHED", results: 2 });
    expect(after.text).toMatch(/2 with results/);
  });
});

describe("prepare_experiment under an existing name", () => {
  it("keeps the existing experiment, sends nothing and says how to replace it", async () => {
    await tool("prepare_experiment", { experiment_id: "twice", nodes: { names: ["node-a", "node-b", "node-c"] }, pipeline: [{ sleep: 1 }] });
    const again = await tool("prepare_experiment", { experiment_id: "twice", nodes: { names: ["node-c"] }, pipeline: [{ sleep: 2 }] });
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/an experiment named "twice" already exists \(PREPARING, 3 node\(s\): node-a, node-b, node-c\)/);
    expect(again.text).toMatch(/kept unchanged and nothing was sent/);
    expect(again.text).toMatch(/To replace it: delete_experiment "twice"/);
    const status = await tool("get_experiment_status", { experiment_id: "twice" });
    expect(status.structured.summary).toMatchObject({ deployments: 3 });
  });

  it("a RUNNING experiment is cancelled before it is deleted", async () => {
    await running("busy", ["node-a"]);
    const again = await tool("prepare_experiment", { experiment_id: "busy", nodes: { names: ["node-a"] }, pipeline: [{ sleep: 1 }] });
    expect(again.text).toMatch(/To replace it: cancel_experiment, wait_for_experiment \(FINISHED\), then delete_experiment "busy"/);
  });

  it("puts the name as given first, then how the server stored it; later calls take the given name", async () => {
    const answer = await tool("prepare_experiment", { experiment_id: "ping demo", nodes: { names: ["node-a"] }, pipeline: [{ sleep: 1 }] });
    expect(answer.text).toMatch(/Experiment "ping demo" \(stored by the server as "ping\+demo"\) sent for preparation on 1 node\(s\): node-a\./);
    expect(answer.structured).toMatchObject({ experiment_id: "ping demo", stored_name: "ping+demo" });
    expect((await tool("get_experiment_status", { experiment_id: "ping demo" })).isError).toBe(false);
  });
});

describe("READY with failed preparations", () => {
  it("wait_for_experiment names the failed deployments and what starting does, and starting does that", async () => {
    await tool("prepare_experiment", { experiment_id: "partly", nodes: { names: ["node-a", "broken-01", "node-b"] }, pipeline: [{ sleep: 1, name: "nap" }] });
    clock += 2_000;
    const ready = await tool("wait_for_experiment", { experiment_id: "partly", status: "READY", ...QUICK });
    expect(ready.structured).toMatchObject({ status_name: "READY", reached: true });
    expect(ready.text).toMatch(/1 of 3 deployments failed to prepare: broken-01 \(Simulated preparation failure/);
    expect(ready.text).toMatch(/start_execution runs the tasks on the 2 prepared node\(s\) only; the failed ones end without a result, with that error/);
    await tool("start_execution", { experiment_id: "partly" });
    clock += 61_000;
    const results = await tool("get_experiment_results", { experiment_id: "partly" });
    const rows = results.structured.deployments as { node: string; ok: boolean | null; error: string | null }[];
    expect(rows.map((r) => [r.node, r.ok])).toEqual([["node-a", true], ["broken-01", null], ["node-b", true]]);
    // As the real server: a never-prepared deployment's result error reads "Executor is not prepared";
    // the preparation error itself is on the deployment (shown by the READY answer above).
    expect(rows[1]!.error).toMatch(/Executor is not prepared/);
  });

  it("says starting would run nothing when every deployment failed", async () => {
    await tool("prepare_experiment", { experiment_id: "none", nodes: { names: ["broken-01"] }, pipeline: [{ sleep: 1 }] });
    clock += 2_000;
    const ready = await tool("wait_for_experiment", { experiment_id: "none", status: "READY", ...QUICK });
    expect(ready.text).toMatch(/Every deployment failed to prepare: broken-01 .* Starting would run nothing/);
  });
});

describe("wrongly shaped tasks", () => {
  const spec = (pipeline: unknown[]) => ({ experiment_id: "shapes", nodes: { names: ["node-a"] }, pipeline });

  it("a command given as one string: the key, the fix and the accepted shapes", async () => {
    const answer = await tool("prepare_experiment", spec([{ shell: "ping -c 3 1.1.1.1" }]));
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('field "pipeline.0.shell": Invalid type: Expected Array but received "ping -c 3 1.1.1.1"');
    expect(answer.text).toContain('e.g. ["ping","-c","3","1.1.1.1"]');
    expect(answer.text).toContain("accepted shapes: {task, args?, kwargs?, name?, requirements?} | {shell, name?} | {sleep, name?} | a list of the above (run in parallel)");
    expect(answer.text).not.toContain("Expected (Object | Array)");
  });

  it("an extra key is named, inside a parallel stage too", async () => {
    const extra = await tool("prepare_experiment", spec([{ shell: ["true"], timeout: 5 }]));
    expect(extra.text).toMatch(/unknown field "pipeline\.0\.timeout" \(as \{shell, name\?\}/);
    const nested = await tool("prepare_experiment", spec([[{ sleep: 1 }, { cmd: "ls" }]]));
    expect(nested.text).toContain('field "pipeline.0.1": the keys ["cmd"] fit none of the accepted shapes: {task, args?, kwargs?, name?, requirements?} | {shell, name?} | {sleep, name?}');
  });

  it("an object sent as a JSON string is named as such", async () => {
    const answer = await tool("prepare_experiment", { ...spec([{ sleep: 1 }]), nodes: JSON.stringify({ names: ["node-a"] }) });
    expect(answer.text).toMatch(/field "nodes": Invalid type: Expected Object .*send the JSON object itself, not a string holding it/);
  });
});

describe("refusals with a next step", () => {
  it("delete while RUNNING: cancel first", async () => {
    await running("run-3", ["node-a"]);
    const answer = await tool("delete_experiment", { experiment_id: "run-3", confirm: true });
    expect(answer.text).toMatch(/HTTP 400: Experiment run-3 for user demo is in status ExperimentStatus\.RUNNING, cannot delete it\nNext: It is running: stop it first with cancel_experiment/);
  });

  it("an unknown experiment: see get_experiments", async () => {
    const answer = await tool("start_execution", { experiment_id: "ghost" });
    expect(answer.text).toMatch(/Experiment ghost not found\nNext: No experiment of this user has that name: see get_experiments/);
  });

  it("start twice: it is already running", async () => {
    await running("run-4", ["node-a"]);
    const answer = await tool("start_execution", { experiment_id: "run-4" });
    expect(answer.text).toMatch(/Next: It is already running: wait_for_experiment with status FINISHED/);
  });

  it("a read-only server says how writes are enabled", async () => {
    const answer = await call(readOnly.client, "prepare_experiment", { experiment_id: "x", nodes: { names: ["node-a"] }, pipeline: [{ sleep: 1 }] });
    expect(answer.text).toMatch(/read-only\. Writes are enabled by whoever runs this MCP server: start netunicorn-mcp without --read-only .* --allow-writes/);
    expect(readOnly.client.getInstructions()).toMatch(/--allow-writes/);
  });

  it("a filter matching only an uncountable pool: give count", async () => {
    const answer = await tool("prepare_experiment", { experiment_id: "cloud", nodes: { filter: { name_contains: "cloud" } }, pipeline: [{ sleep: 1 }] });
    expect(answer.text).toMatch(/the filter matches only the template\(s\) of an uncountable pool, cloud-vm- \(makes cloud-vm-1, cloud-vm-2, \.\.\.\).*give "count"/);
  });

  it("a node lacking the environment: which one it supports, before any request", async () => {
    const answer = await tool("prepare_experiment", { experiment_id: "env", nodes: { names: ["shell-only-01", "node-a"] }, pipeline: [{ sleep: 1 }] });
    expect(answer.text).toMatch(/DockerImage is not available on 1 selected node\(s\): shell-only-01 supports only ShellExecution\. Use environment \{"type": "shell"\}/);
    expect((await tool("get_experiment_status", { experiment_id: "env" })).isError).toBe(true);
    const shell = await tool("prepare_experiment", { experiment_id: "env", nodes: { names: ["shell-only-01"] }, pipeline: [{ sleep: 1 }], environment: { type: "shell" } });
    expect(shell.isError, shell.text).toBe(false);
  });
});

describe("filters", () => {
  const names = async (args: Record<string, unknown>) => ((await tool("get_nodes", args)).structured.nodes as { name: string }[]).map((n) => n.name);

  it("name_contains ignores case", async () => {
    expect(await names({ name_contains: "NODE-A" })).toEqual(["node-a"]);
  });

  it('architecture "arm64" (or "aarch64") matches "linux/arm64"; the full name still works', async () => {
    expect(await names({ architecture: "arm64" })).toEqual(["rpi-arm64-01"]);
    expect(await names({ architecture: "aarch64" })).toEqual(["rpi-arm64-01"]);
    expect(await names({ architecture: "linux/arm64" })).toEqual(["rpi-arm64-01"]);
    expect(await names({ architecture: "win/arm64" })).toEqual([]);
  });

  it("prepare_experiment selects with the same filters", async () => {
    const answer = await tool("prepare_experiment", { experiment_id: "arm", nodes: { filter: { architecture: "ARM64" } }, pipeline: [{ sleep: 1 }] });
    expect(answer.structured.nodes).toEqual(["rpi-arm64-01"]);
  });
});
