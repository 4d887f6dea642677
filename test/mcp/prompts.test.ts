/**
 * Each prompt driven end to end against the sandbox: the test plays the assistant. It gets the
 * prompt, calls the tools the prompt names with the arguments it gives (repeating a wait while
 * it timed out, as told), and checks that the answers hold what the prompt asks to summarise.
 * MCP_TRANSCRIPT=<file> writes the run of each prompt there.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBackend } from "../../mcp/backend.js";
import { parseConfig } from "../../mcp/config.js";
import { parseSteps } from "../../mcp/prompts/plans.js";
import { type Connected, type ToolCall, call, connect } from "./helpers.js";

let mcp: Connected;
let readOnly: Connected;
const transcript = process.env.MCP_TRANSCRIPT;

beforeAll(async () => {
  const backend = makeBackend(parseConfig([], { NETUNICORN_SANDBOX_FAST: "1" }));
  mcp = await connect(backend.client, { sandbox: true });
  readOnly = await connect(backend.client, { sandbox: true, readOnly: true });
  if (transcript) writeFileSync(transcript, "");
});
afterAll(async () => {
  await mcp.close();
  await readOnly.close();
});

function log(line: string): void {
  if (transcript) appendFileSync(transcript, `${line}\n`);
}

/** Gets a prompt and follows its steps; returns the prompt's text and the answer of each step. */
async function follow(name: string, args: Record<string, string>): Promise<{ prompt: string; answers: { tool: string; answer: ToolCall }[] }> {
  const got = await mcp.client.getPrompt({ name, arguments: args });
  const first = got.messages[0]!.content;
  const prompt = first.type === "text" ? first.text : "";
  log(`=== prompts/get ${name} ${JSON.stringify(args)}\n${prompt}\n`);
  const steps = parseSteps(prompt);
  expect(steps.length, prompt).toBeGreaterThanOrEqual(3);
  const answers: { tool: string; answer: ToolCall }[] = [];
  for (const step of steps) {
    let answer = await call(mcp.client, step.tool, step.args);
    // "Call it again while timed_out is true."
    for (let i = 0; i < 20 && answer.structured.timed_out === true; i++) answer = await call(mcp.client, step.tool, step.args);
    log(`--- tools/call ${step.tool} ${JSON.stringify(step.args)}\n${answer.text}\n`);
    expect(answer.isError, `${step.tool}: ${answer.text}`).toBe(false);
    answers.push({ tool: step.tool, answer });
  }
  return { prompt, answers };
}

type Deployment = { node: string; ok: boolean | null; error: string | null; failed_tasks: string[]; tasks: { name: string; runs: { ok: boolean; value: unknown }[] }[] };

describe("prompts/list", () => {
  it("offers the three prompts with their arguments; a read-only server only the diagnosis", async () => {
    const { prompts } = await mcp.client.listPrompts();
    expect(prompts.map((p) => [p.name, p.arguments?.filter((a) => a.required).map((a) => a.name)])).toEqual([
      ["measure_network", ["target"]],
      ["compare_command", ["command"]],
      ["diagnose_experiment", ["experiment"]],
    ]);
    expect((await readOnly.client.listPrompts()).prompts.map((p) => p.name)).toEqual(["diagnose_experiment"]);
  });

  it("refuses a missing argument and unknown nodes with a protocol error that says what is wrong", async () => {
    await expect(mcp.client.getPrompt({ name: "measure_network", arguments: {} })).rejects.toThrow(/needs target/);
    await expect(mcp.client.getPrompt({ name: "compare_command", arguments: { command: "ls", nodes: "nope-1" } })).rejects.toThrow(/unknown nope-1/);
  });
});

describe("prompts driven end to end", () => {
  it("measure_network: the library Ping from the chosen nodes, its fields per node to summarise, then an offer to delete", async () => {
    const { prompt, answers } = await follow("measure_network", { target: "1.1.1.1", nodes: "node-a, node-b" });
    expect(prompt).toMatch(/^Measure the latency from netunicorn nodes node-a, node-b to 1\.1\.1\.1/);
    expect(answers.map((a) => a.tool)).toEqual(["prepare_experiment", "wait_for_experiment", "start_execution", "wait_for_experiment", "get_experiment_results"]);
    expect(parseSteps(prompt)[0]!.args).toMatchObject({ pipeline: [{ task: "Ping", args: { address: "1.1.1.1", count: 10 }, name: "ping" }] });
    const prepared = answers[0]!.answer.structured;
    expect(prepared).toMatchObject({ nodes: ["node-a", "node-b"], tasks: ["ping"], environment_type: "DockerImage" });
    const results = answers[4]!.answer;
    expect(results.structured.finished).toBe(true);
    // What the summary is made of: per node, PingResult's fields as numbers (simulated by the sandbox, which says so).
    const rows = results.structured.rows as { node: string; task: string; state: string; fields: Record<string, unknown> }[];
    expect(rows.map((r) => [r.node, r.task, r.state])).toEqual([["node-a", "Ping #1", "ok"], ["node-b", "Ping #1", "ok"]]);
    for (const row of rows) {
      for (const field of ["packet_loss", "min_rtt", "avg_rtt", "max_rtt"]) expect(typeof row.fields[field], field).toBe("number");
      expect(results.text).toContain(`| ${row.node} | ok | ${row.fields.packet_loss} | ${row.fields.min_rtt} | ${row.fields.avg_rtt} | ${row.fields.max_rtt} |`);
      expect(row.fields.raw_output).toMatch(/simulated result, nothing was measured/);
    }
    expect(prompt).toMatch(/packet_loss \(%\), min_rtt, avg_rtt and max_rtt/);
    expect(prompt).toMatch(/say so instead of inventing numbers/);
    const id = (prepared as { experiment_id: string }).experiment_id;
    expect(prompt).toMatch(new RegExp(`Last, offer to delete what this made: .*only after their yes, call delete_experiment with \\{"experiment_id": "${id}"\\}`));
    // A read-only view of the same server has no delete_experiment: no offer (and no measure_network at all).
    expect((await readOnly.client.listPrompts()).prompts.map((p) => p.name)).not.toContain("measure_network");
  });

  it("measure_network offers no deletion where delete_experiment is not offered", async () => {
    const backend = makeBackend(parseConfig([], { NETUNICORN_SANDBOX_FAST: "1" }));
    const keeping = await connect(backend.client, { sandbox: true, excludeTools: ["delete_experiment"] });
    try {
      const got = await keeping.client.getPrompt({ name: "measure_network", arguments: { target: "1.1.1.1" } });
      const body = (got.messages[0]!.content as { text: string }).text;
      expect(body).toMatch(/Then summarise/);
      expect(body).not.toMatch(/delete/);
    } finally {
      await keeping.close();
    }
  });

  it("measure_network throughput: iperf3 with its JSON output", async () => {
    const got = await mcp.client.getPrompt({ name: "measure_network", arguments: { target: "10.0.0.9", metric: "throughput" } });
    const steps = parseSteps((got.messages[0]!.content as { text: string }).text);
    expect(steps[0]!.args).toMatchObject({ nodes: { names: ["node-a", "node-b", "node-c"] }, pipeline: [{ shell: ["iperf3", "-c", "10.0.0.9", "-t", "10", "-J"] }] });
  });

  it("compare_command: the same command on each node, outputs side by side, a failing node named", async () => {
    const { prompt, answers } = await follow("compare_command", { command: "uname -a", nodes: "node-a,flaky-01" });
    expect(prompt).toMatch(/Run `uname -a` directly on each node: node-a, flaky-01/);
    expect(answers[0]!.answer.structured).toMatchObject({ environment_type: "ShellExecution", tasks: ["command"] });
    const results = answers[4]!.answer.structured as { deployments: Deployment[] };
    const byNode = Object.fromEntries(results.deployments.map((d) => [d.node, d]));
    expect(byNode["node-a"]).toMatchObject({ ok: true, failed_tasks: [] });
    expect(byNode["flaky-01"]).toMatchObject({ ok: false, failed_tasks: ["command"] });
    expect(answers[4]!.answer.text).toMatch(/flaky-01: FAILED \(command\)/);
  });

  it("diagnose_experiment: attaches the state and results, and its steps find each failure and its stage", async () => {
    await call(mcp.client, "prepare_experiment", { experiment_id: "sick", nodes: { names: ["node-a", "broken-01", "flaky-01"] }, pipeline: [{ shell: ["true"], name: "probe" }] });
    await call(mcp.client, "wait_for_experiment", { experiment_id: "sick", status: "READY", interval_seconds: 0.05 });
    await call(mcp.client, "start_execution", { experiment_id: "sick" });
    await call(mcp.client, "wait_for_experiment", { experiment_id: "sick", interval_seconds: 0.05 });
    const got = await mcp.client.getPrompt({ name: "diagnose_experiment", arguments: { experiment: "sick" } });
    expect(got.messages.map((m) => (m.content.type === "resource" ? m.content.resource.uri : m.content.type))).toEqual([
      "text",
      "netunicorn://experiments/sick",
      "netunicorn://experiments/sick/results",
    ]);
    const { answers } = await follow("diagnose_experiment", { experiment: "sick" });
    expect(answers.map((a) => a.tool)).toEqual(["get_experiment_status", "describe_experiment", "get_experiment_results"]);
    const failures = (answers[2]!.answer.structured as { deployments: Deployment[] }).deployments;
    // The diagnosis's evidence: broken-01 failed in preparation, flaky-01 in its task; node-a is not among the failures.
    expect(failures.map((d) => d.node).sort()).toEqual(["broken-01", "flaky-01"]);
    // The result says "Executor is not prepared" (as the real server); the status step shows why.
    expect(failures.find((d) => d.node === "broken-01")!.error).toMatch(/Executor is not prepared/);
    expect(answers[0]!.answer.text).toMatch(/broken-01.*Simulated preparation failure/);
    expect(failures.find((d) => d.node === "flaky-01")!.failed_tasks).toEqual(["probe"]);
    expect(answers[2]!.answer.text).toMatch(/Simulated task failure/);
    expect(answers[1]!.answer.text).toMatch(/3 node\(s\): node-a, broken-01, flaky-01/);
  });

  it("diagnose_experiment of an unknown experiment says so", async () => {
    await expect(mcp.client.getPrompt({ name: "diagnose_experiment", arguments: { experiment: "ghost" } })).rejects.toThrow(/Experiment ghost not found/);
  });
});
