/**
 * Every tool through the SDK's in-memory transport against the sandbox (a RemoteClient whose
 * fetch is the in-process sandbox, fast timings): happy paths, invalid arguments, server errors.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { RemoteClient } from "../../src/client/index.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { makeBackend } from "../../mcp/backend.js";
import { parseConfig } from "../../mcp/config.js";
import { TOOL_NAMES } from "../../mcp/index.js";
import { type Connected, call, connect } from "./helpers.js";
import { runLifecycle } from "./lifecycle.js";

let mcp: Connected;
const FAST = { interval_seconds: 0.05, timeout_seconds: 30 };

beforeAll(async () => {
  const backend = makeBackend(parseConfig([], { NETUNICORN_SANDBOX_FAST: "1" }));
  mcp = await connect(backend.client, { sandbox: true, secrets: backend.secrets });
  await runLifecycle(mcp.client, "done-1");
});
afterAll(async () => {
  await mcp.close();
});

const tool = (name: string, args: Record<string, unknown> = {}) => call(mcp.client, name, args);

describe("sandbox: read tools", () => {
  it("lists all eighteen tools (the client has the extras)", async () => {
    expect((await mcp.client.listTools()).tools.map((t) => t.name)).toEqual([...TOOL_NAMES]);
  });

  it("healthcheck", async () => {
    expect((await tool("healthcheck")).structured).toEqual({ healthy: true });
  });

  it("get_nodes lists the demo pool, with the uncountable pool as a template", async () => {
    const answer = await tool("get_nodes");
    const nodes = answer.structured.nodes as { name: string; template: boolean }[];
    expect(nodes.map((n) => n.name)).toContain("node-a");
    expect(nodes.find((n) => n.template)?.name).toBe("cloud-vm-");
    expect(answer.text).toMatch(/node-a \[linux\/amd64\]/);
    const arm = await tool("get_nodes", { properties: { connector: "lab" }, architecture: "linux/arm64" });
    expect((arm.structured.nodes as { name: string }[]).map((n) => n.name)).toEqual(["rpi-arm64-01"]);
  });

  it("get_experiments and get_experiment_status show the finished experiment", async () => {
    const list = await tool("get_experiments", { status: "FINISHED" });
    const names = (list.structured.experiments as { experiment_id: string }[]).map((e) => e.experiment_id);
    expect(names).toContain("done-1");
    const status = await tool("get_experiment_status", { experiment_id: "done-1" });
    expect(status.structured.summary).toMatchObject({ status_name: "FINISHED", deployments: 2, results: 2 });
    expect((status.structured.deployment_list as { executor_id: string }[])[0]!.executor_id).not.toBe("");
    expect(status.text).toMatch(/get_experiment_results/);
  });

  it("describe_experiment groups the deployments and summarizes the graph", async () => {
    const answer = await tool("describe_experiment", { experiment_id: "done-1" });
    expect(answer.isError, answer.text).toBe(false);
    const groups = answer.structured.groups as { node_count: number; environment_type: string; graph: { nodes: { kind: string; task_name?: string }[] }; graph_error: string | null }[];
    expect(groups).toHaveLength(1);
    expect(groups[0]!.node_count).toBe(2);
    expect(groups[0]!.graph_error).toBe(null);
    const tasks = groups[0]!.graph.nodes.filter((n) => n.kind === "task").map((n) => n.task_name);
    expect(tasks.sort()).toEqual(["dummy", "nap", "ping"]);
    expect(answer.text).toMatch(/netunicorn\.library\.tasks\.basic\.ShellCommand/);
  });

  it("describe_experiment groups identical deployments", async () => {
    const answer = await tool("describe_experiment", { experiment_id: "done-1" });
    expect(answer.isError, answer.text).toBe(false);
    const groups = answer.structured.groups as { node_count: number; nodes: string[]; environment_type: string }[];
    expect(groups.map((g) => [g.node_count, g.nodes, g.environment_type])).toEqual([[2, ["node-a", "node-b"], "DockerImage"]]);
    expect(answer.text).toMatch(/2 node\(s\): node-a, node-b/);
  });

  it("get_experiment_results only_failures and node filter", async () => {
    const none = await tool("get_experiment_results", { experiment_id: "done-1", only_failures: true });
    expect(none.structured).toMatchObject({ failed_deployments: 0, total: 0 });
    const one = await tool("get_experiment_results", { experiment_id: "done-1", node: "node-b" });
    expect((one.structured.deployments as { node: string }[]).map((d) => d.node)).toEqual(["node-b"]);
  });

  it("get_locked_nodes and get_recent_experiments", async () => {
    const locks = await tool("get_locked_nodes");
    expect(locks.isError, locks.text).toBe(false);
    expect(locks.structured).toHaveProperty("locks");
    const recent = await tool("get_recent_experiments", { days: 1 });
    expect(recent.isError, recent.text).toBe(false);
    expect((recent.structured.experiments as { experiment_name: string }[]).map((e) => e.experiment_name)).toContain("done-1");
  });
});

describe("sandbox: flags", () => {
  it("set then get; a never-set flag is the server's error", async () => {
    const set = await tool("set_flag_values", { experiment_id: "done-1", flag_name: "phase", text_value: "go", int_value: 3, confirm: true });
    expect(set.structured).toEqual({ experiment_id: "done-1", flag_name: "phase", set: true });
    const got = await tool("get_flag_values", { experiment_id: "done-1", flag_name: "phase" });
    expect(got.structured).toEqual({ experiment_id: "done-1", flag_name: "phase", text_value: "go", int_value: 3 });
    const missing = await tool("get_flag_values", { experiment_id: "done-1", flag_name: "never" });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/HTTP 400: Flag never not found for experiment done-1/);
  });
});

describe("sandbox: prepare_experiment specs", () => {
  it("selects nodes by filter and count, uses a shell environment", async () => {
    const answer = await tool("prepare_experiment", {
      experiment_id: "filtered",
      nodes: { filter: { properties: { connector: "local" } }, count: 2 },
      pipeline: [{ sleep: 0, name: "s" }],
      environment: { type: "shell", commands: ["true"] },
    });
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.structured).toMatchObject({ node_count: 2, nodes: ["node-a", "node-b"], environment_type: "ShellExecution" });
  });

  it("generates nodes from the uncountable pool when a count asks for them", async () => {
    const answer = await tool("prepare_experiment", {
      experiment_id: "cloud",
      nodes: { filter: { name_contains: "cloud-vm-" }, count: 2 },
      pipeline: [{ shell: ["hostname"] }],
    });
    expect(answer.isError, answer.text).toBe(false);
    expect((answer.structured.nodes as string[]).every((n) => /^cloud-vm-\d+$/.test(n))).toBe(true);
  });

  it("refuses bad specs with messages that say what is wrong, before any request", async () => {
    const base = { experiment_id: "bad", nodes: { names: ["node-a"] }, pipeline: [{ sleep: 1 }] };
    expect((await tool("prepare_experiment", { ...base, nodes: { names: ["nope-1"] } })).text).toMatch(/nodes not available: nope-1/);
    expect((await tool("prepare_experiment", { ...base, nodes: {} })).text).toMatch(/"names" or "filter"/);
    expect((await tool("prepare_experiment", { ...base, pipeline: [{ sleep: 1, name: "x" }, { sleep: 2, name: "x" }] })).text).toMatch(/"x" is used twice/);
    expect((await tool("prepare_experiment", { ...base, pipeline: [{ task: "not a path" }] })).text).toMatch(/pipeline/);
    expect((await tool("prepare_experiment", { ...base, pipeline: [] })).text).toMatch(/field "pipeline"/);
    const shellOnly = await tool("prepare_experiment", { ...base, nodes: { names: ["shell-only-01"] } });
    expect(shellOnly.isError).toBe(true);
    expect(shellOnly.text).toMatch(/DockerImage|environment/);
    const list = await tool("get_experiments");
    expect((list.structured.experiments as { experiment_id: string }[]).map((e) => e.experiment_id)).not.toContain("bad");
  });
});

describe("sandbox: server errors and destructive tools", () => {
  it("start of an unknown or not-ready experiment is the server's refusal", async () => {
    const unknown = await tool("start_execution", { experiment_id: "ghost" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/HTTP 400: Experiment ghost not found/);
  });

  it("a failed task shows in the results with its error, and only_failures finds it", async () => {
    await tool("prepare_experiment", { experiment_id: "flaky", nodes: { names: ["flaky-01", "node-c"] }, pipeline: [{ shell: ["false"], name: "try" }] });
    await tool("wait_for_experiment", { experiment_id: "flaky", status: "READY", ...FAST });
    await tool("start_execution", { experiment_id: "flaky" });
    await tool("wait_for_experiment", { experiment_id: "flaky", ...FAST });
    const failures = await tool("get_experiment_results", { experiment_id: "flaky", only_failures: true });
    const deployments = failures.structured.deployments as { node: string; ok: boolean; failed_tasks: string[] }[];
    expect(deployments.map((d) => [d.node, d.ok, d.failed_tasks])).toEqual([["flaky-01", false, ["try"]]]);
    expect(failures.text).toMatch(/Simulated task failure/);
  });

  it("a preparation failure shows in the status, not as a tool error", async () => {
    await tool("prepare_experiment", { experiment_id: "broken", nodes: { names: ["broken-01"] }, pipeline: [{ sleep: 0 }] });
    const waited = await tool("wait_for_experiment", { experiment_id: "broken", status: "READY", ...FAST });
    expect(waited.isError, waited.text).toBe(false);
    const status = await tool("get_experiment_status", { experiment_id: "broken" });
    expect(JSON.stringify(status.structured)).toMatch(/Simulated preparation failure/);
  });

  it("cancel a running experiment (confirmed), read the stopped results, then delete it", async () => {
    // Its own sandbox, where a run lasts a minute: the experiment is still RUNNING at the delete
    // and the cancel however slowly the machine runs (with the fast timings it ends in 0.3 s).
    const sandbox = createSandbox({ timing: { preparationMs: 150, executionMs: 60_000, executorsStartMs: 50, cancelMs: 50 } });
    const client = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: "demo-password", fetch: (input, init) => sandbox.fetch(new Request(input, init)) });
    const slow = await connect(client, { sandbox: true });
    onTestFinished(() => slow.close());
    const tool = (name: string, args: Record<string, unknown> = {}) => call(slow.client, name, args);
    await tool("prepare_experiment", { experiment_id: "long", nodes: { names: ["node-c"] }, pipeline: [{ sleep: 60 }] });
    await tool("wait_for_experiment", { experiment_id: "long", status: "READY", ...FAST });
    await tool("start_execution", { experiment_id: "long" });
    const refused = await tool("cancel_experiment", { experiment_id: "long" });
    expect(refused.text).toMatch(/confirm: true/);
    const early = await tool("delete_experiment", { experiment_id: "long", confirm: true });
    expect(early.isError).toBe(true);
    expect(early.text).toMatch(/HTTP 400/);
    const cancelled = await tool("cancel_experiment", { experiment_id: "long", confirm: true });
    expect(cancelled.isError, cancelled.text).toBe(false);
    await tool("wait_for_experiment", { experiment_id: "long", ...FAST });
    const results = await tool("get_experiment_results", { experiment_id: "long" });
    expect(JSON.stringify(results.structured)).toMatch(/Executor was stopped/);
    const deleted = await tool("delete_experiment", { experiment_id: "long", confirm: true });
    expect(deleted.structured).toEqual({ experiment_id: "long", deleted: true });
    expect((await tool("get_experiment_status", { experiment_id: "long" })).isError).toBe(true);
  });

  it("cancel_executors of unknown executors is the server's error", async () => {
    const answer = await tool("cancel_executors", { executor_ids: ["no-such-executor"], confirm: true });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/cancel_executors failed: cancelExecutors answered HTTP/);
  });
});
