/** Big answers stay small: thousands of nodes, huge values, thousands of log lines. */
import { afterEach, describe, expect, it } from "vitest";
import { HARD_CAP, TEXT_CAP } from "../../mcp/answers/answer.js";
import { Pipeline, sleep } from "../../src/graph/index.js";
import { PyDict, PyResult, pickle } from "../../src/pickle/index.js";
import { fakeClient } from "./fake-client.js";
import { type Connected, call, connect } from "./helpers.js";

let open: Connected | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const node = (i: number) => ({
  name: `node-${i}`,
  properties: { connector: "lab", description: "x".repeat(300) },
  additional_properties: {},
  architecture: "linux/amd64",
});

function bigResultStatus(deployments: number) {
  const value = "v".repeat(100_000);
  const tasks = new PyDict(Array.from({ length: 30 }, (_, i) => [`task-${i}`, [new PyResult(true, `${i}:${value}`)]] as const));
  const logs = Array.from({ length: 5000 }, (_, i) => `log line ${i} ${"y".repeat(120)}\n`);
  const result = Buffer.from(pickle([new PyResult(true, tasks), logs])).toString("base64");
  const execution_result = Array.from({ length: deployments }, (_, i) => ({ node: node(i), execution_graph: "", result, error: null }));
  return { status: 4, experiment: null, execution_result };
}

function size(answer: { text: string; structured: unknown }) {
  return { text: answer.text.length, structured: JSON.stringify(answer.structured).length };
}

describe("answer size limits", () => {
  it("5,000 nodes come in pages under the caps", async () => {
    const base = fakeClient();
    base.nodesBody = { node_pool_type: "CountableNodePool", node_pool_data: Array.from({ length: 5000 }, (_, i) => node(i)), node_pool_metadata: null };
    open = await connect(base);
    const answer = await call(open.client, "get_nodes", { limit: 500 });
    expect(answer.isError).toBe(false);
    expect(size(answer).structured).toBeLessThan(HARD_CAP);
    expect(size(answer).text).toBeLessThan(TEXT_CAP + 200);
    const shown = (answer.structured.nodes as unknown[]).length;
    expect(shown).toBeLessThan(500); // shrunk to fit
    expect(answer.structured).toMatchObject({ total: 5000, has_more: true, next_offset: shown });
  });

  it("huge values and logs are cut, with notes, and paging continues", async () => {
    const base = fakeClient();
    base.statuses.set("big", [bigResultStatus(5)]);
    open = await connect(base);
    const answer = await call(open.client, "get_experiment_results", { experiment_id: "big", max_log_lines: 2000, max_value_chars: 20_000 });
    expect(answer.isError, answer.text).toBe(false);
    expect(size(answer).structured).toBeLessThan(HARD_CAP);
    expect(size(answer).text).toBeLessThan(TEXT_CAP + 200);
    const deployments = answer.structured.deployments as { notes: string[]; logs: string[]; logs_total: number }[];
    expect(deployments.length).toBeGreaterThan(0);
    expect(deployments[0]!.logs_total).toBe(5000);
    expect(deployments[0]!.logs.length).toBeLessThan(5000);
    expect(deployments[0]!.notes.join(" ")).toMatch(/value\(s\) cut/);
    expect(deployments[0]!.notes.join(" ")).toMatch(/log lines/);
    expect(answer.structured.has_more).toBe(true);

    const page = await call(open.client, "get_experiment_results", { experiment_id: "big", node: "node-3", log_offset: 10, max_log_lines: 5, max_value_chars: 50 });
    const only = (page.structured.deployments as { node: string; logs: string[]; logs_from: number; tasks: { runs: { value: unknown }[] }[] }[])[0]!;
    expect(only.node).toBe("node-3");
    expect(only.logs_from).toBe(10);
    expect(only.logs[0]).toMatch(/^log line 10 /);
    expect(only.tasks[0]!.runs[0]!.value).toMatchObject({ $chars: 100_004 });
  });
});

describe("the hard cap on one answer (HARD_CAP, checked by the server on every tool answer)", () => {
  it("an answer paging cannot shrink (a single node of 100 KB) becomes a short tool error naming the cap", async () => {
    const base = fakeClient();
    const huge = { name: "huge", properties: { note: "z".repeat(100_000) }, additional_properties: {}, architecture: "linux/amd64" };
    base.nodesBody = { node_pool_type: "CountableNodePool", node_pool_data: [huge], node_pool_metadata: null };
    open = await connect(base);
    const answer = await call(open.client, "get_nodes", { limit: 1 });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(new RegExp(`^get_nodes: the answer would be 1\\d\\d KB, over the ${HARD_CAP / 1000} KB cap: narrow it`));
    expect(answer.text.length).toBeLessThan(1_000);
    expect(JSON.stringify(answer.structured ?? null).length).toBeLessThan(HARD_CAP);
  });
});

describe("graph summaries", () => {
  it("a 1,000-task graph is summarized with its first nodes and a note", async () => {
    const graph = new Pipeline(Array.from({ length: 1000 }, (_, i) => sleep(i, { name: `step-${i}` })));
    const execution_graph = Buffer.from(graph.toPickle()).toString("base64");
    const deployment = {
      node: node(1),
      prepared: true,
      executor_id: "ex-1",
      error: null,
      execution_graph,
      keep_alive_timeout_minutes: 10,
      cleanup: true,
      environment_definition_type: "DockerImage",
      environment_definition: { image: null, commands: [], runtime_context: { ports_mapping: {}, environment_variables: {}, network: null, additional_arguments: [] } },
    };
    const base = fakeClient();
    base.statuses.set("huge", [{ status: 2, experiment: { deployment_map: [deployment], deployment_context: null }, execution_result: null }]);
    open = await connect(base);
    const answer = await call(open.client, "describe_experiment", { experiment_id: "huge" });
    expect(answer.isError, answer.text).toBe(false);
    expect(size(answer).structured).toBeLessThan(HARD_CAP);
    const group = (answer.structured.groups as { graph: { nodes: unknown[]; cut: { nodes_total: number } } }[])[0]!;
    expect(group.graph.nodes).toHaveLength(60);
    expect(group.graph.cut.nodes_total).toBeGreaterThanOrEqual(1001);
  });
});
