/**
 * Prompts for the common jobs: measure latency or throughput from nodes to a target, run a
 * command on nodes and compare the outputs, diagnose a failed experiment. Each prompt resolves
 * what it can now (the nodes, the experiment's state) and hands the assistant exact tool calls.
 */
import { ProtocolError, ProtocolErrorCode, type Server } from "@modelcontextprotocol/server";
import type { BaseClient } from "../../src/base-client.js";
import { describeFailure, scrub } from "../answers/answer.js";
import { experimentView, nodeList, resultsView } from "../resources/read.js";
import type { NodeEntry } from "../answers/wire-view.js";
import { type Step, allRunShell, argv, chooseNodes, experimentName, lifecycle, nameList, renderSteps } from "./plans.js";

type Args = Record<string, string | undefined>;
type Message = { role: "user"; content: { type: "text"; text: string } | { type: "resource"; resource: { uri: string; mimeType: string; text: string } } };

export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  arguments: { name: string; description: string; required: boolean }[];
  /** The tools its steps call: offered only when the server offers them all (not read-only for a run). */
  tools: readonly string[];
  build(args: Args, client: BaseClient, signal: AbortSignal, offeredTools: readonly string[]): Promise<{ description: string; messages: Message[] }>;
}

const text = (body: string): Message => ({ role: "user", content: { type: "text", text: body } });

function nodesLine(chosen: { names: string[]; unknown: string[] }): string {
  if (chosen.names.length === 0) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `no usable node${chosen.unknown.length ? `: unknown ${chosen.unknown.join(", ")}` : ""} (see get_nodes)`);
  return chosen.unknown.length ? ` (not available, left out: ${chosen.unknown.join(", ")})` : "";
}

/** latency: the library's Ping (its PingResult fields come back as table columns); throughput: iperf3's JSON. */
const METRICS = {
  latency: {
    pipeline: (target: string) => [{ task: "Ping", args: { address: target, count: 10 }, name: "ping" }],
    environment: { type: "docker" },
    results: { max_value_chars: 200 },
    summary:
      "For each node, read the Ping task's row in the results table: packet_loss (%), min_rtt, avg_rtt and max_rtt (ms, as the unit in the header says), " +
      "and the summary line under the table (median and p95 across nodes). " +
      "Give a table node | loss % | min | avg | max, then the fastest and the slowest node by avg_rtt, and the median avg_rtt.",
  },
  throughput: {
    pipeline: (target: string) => [{ shell: ["iperf3", "-c", target, "-t", "10", "-J"], name: "throughput" }],
    environment: { type: "docker", commands: ["apt-get update", "apt-get install -y iperf3"] },
    results: { max_value_chars: 8000 },
    summary:
      "For each node, read the task's output (iperf3's JSON): end.sum_sent and end.sum_received bits_per_second, in Mbit/s. " +
      "Give a table node | sent Mbit/s | received Mbit/s | retransmits, then the best and the worst node. (The target must run an iperf3 server.)",
  },
} as const;

/** The closing offer to delete what a prompt made (only when this server offers delete_experiment). */
function cleanupOffer(id: string, offeredTools: readonly string[]): string {
  if (!offeredTools.includes("delete_experiment")) return "";
  return (
    `\n\nLast, offer to delete what this made: ask the user whether to delete experiment ${JSON.stringify(id)} and its results; ` +
    `only after their yes, call delete_experiment with {"experiment_id": ${JSON.stringify(id)}} (the client may ask them to confirm again). Keep it if they want to compare later runs with it (compare_experiments).`
  );
}

const RUN_TOOLS = ["prepare_experiment", "wait_for_experiment", "start_execution", "get_experiment_results"];

const HONESTY =
  "Report only what the results say: a node whose deployment or task failed is listed with its error, not guessed; " +
  "if the results are placeholders (the sandbox says nothing really ran), say so instead of inventing numbers.";

const measure: PromptDefinition = {
  name: "measure_network",
  title: "Measure latency or throughput to a target",
  description:
    "Runs the library's Ping (latency: loss and min/avg/max RTT per node) or iperf3 (throughput) from netunicorn nodes to a target, " +
    "summarises the numbers per node, then offers to delete the experiment.",
  arguments: [
    { name: "target", description: "Host name or address to measure to.", required: true },
    { name: "metric", description: '"latency" (library Ping, default) or "throughput" (iperf3; the target runs an iperf3 server).', required: false },
    { name: "nodes", description: "Node names, comma-separated (default: the first three available nodes).", required: false },
  ],
  tools: RUN_TOOLS,
  async build(args, client, signal, offeredTools) {
    const target = args.target!.trim();
    const metric = args.metric === "throughput" ? "throughput" : "latency";
    const plan = METRICS[metric];
    const chosen = chooseNodes(await nodeList(client, signal), nameList(args.nodes), "DockerImage");
    const left = nodesLine(chosen);
    const prepare = {
      experiment_id: experimentName(metric, target),
      nodes: { names: chosen.names },
      pipeline: plan.pipeline(target),
      environment: plan.environment,
    };
    const steps = lifecycle(prepare, plan.results);
    const body =
      `Measure the ${metric} from netunicorn nodes ${chosen.names.join(", ")}${left} to ${target}, then summarise it.\n\n` +
      `Use the netunicorn tools in this order:\n\n${renderSteps(steps)}\n\nThen summarise. ${plan.summary} ${HONESTY}` +
      cleanupOffer(prepare.experiment_id, offeredTools);
    return { description: `${metric} from ${chosen.names.length} node(s) to ${target}`, messages: [text(body)] };
  },
};

const compare: PromptDefinition = {
  name: "compare_command",
  title: "Run a command on nodes and compare the outputs",
  description: "Runs one shell command on a set of netunicorn nodes and compares what each node printed.",
  arguments: [
    { name: "command", description: 'The command line, e.g. "uname -a" (quotes group words).', required: true },
    { name: "nodes", description: "Node names, comma-separated (default: the first three available nodes).", required: false },
  ],
  tools: RUN_TOOLS,
  async build(args, client, signal) {
    const command = argv(args.command ?? "");
    if (command.length === 0) throw new ProtocolError(ProtocolErrorCode.InvalidParams, "command is empty");
    const pool: NodeEntry[] = await nodeList(client, signal);
    const chosen = chooseNodes(pool, nameList(args.nodes), "ShellExecution");
    const left = nodesLine(chosen);
    // Directly on the nodes when they all can (what an operator compares); else in the default container.
    const shell = allRunShell(pool, chosen.names);
    const prepare = {
      experiment_id: experimentName("compare", command[0]!),
      nodes: { names: chosen.names },
      pipeline: [{ shell: command, name: "command" }],
      environment: { type: shell ? "shell" : "docker" },
    };
    const steps: Step[] = lifecycle(prepare, { max_value_chars: 4000 });
    const where = shell ? "directly on each node" : "in a container on each node (not every node runs shell tasks)";
    const body =
      `Run \`${command.join(" ")}\` ${where}: ${chosen.names.join(", ")}${left}, then compare the outputs.\n\n` +
      `Use the netunicorn tools in this order:\n\n${renderSteps(steps)}\n\n` +
      'Then compare: group the nodes whose "command" output is identical, show each distinct output once with its nodes, ' +
      `and point out the differences line by line. ${HONESTY}`;
    return { description: `${command.join(" ")} on ${chosen.names.length} node(s)`, messages: [text(body)] };
  },
};

const diagnose: PromptDefinition = {
  name: "diagnose_experiment",
  title: "Diagnose a failed experiment",
  description: "Finds out why an experiment or some of its deployments failed, from its status, definition, results and logs.",
  arguments: [{ name: "experiment", description: "The experiment's name (completes from get_experiments).", required: true }],
  tools: ["get_experiment_status", "describe_experiment", "get_experiment_results"],
  async build(args, client, signal) {
    const id = args.experiment!.trim();
    const status = await experimentView(client, id, signal);
    const results = await resultsView(client, id, signal);
    const steps: Step[] = [
      { tool: "get_experiment_status", args: { experiment_id: id }, note: "Deployments with an error failed before running (preparation) or were stopped." },
      { tool: "describe_experiment", args: { experiment_id: id }, note: "What each deployment was asked to run: environment, setup commands, tasks and their arguments." },
      {
        tool: "get_experiment_results",
        args: { experiment_id: id, only_failures: true, max_log_lines: 200 },
        note: "Each failed task's traceback (its last lines name the exception) and the executor's log.",
      },
    ];
    const body =
      `Diagnose experiment "${id}" (now ${status.summary.status_name}). Its state and results are attached; ` +
      `for the details use the netunicorn tools:\n\n${renderSteps(steps)}\n\n` +
      "Then explain, for each failed deployment: the node, where it failed (preparation, a task — which one —, or a stopped executor), " +
      "the error in one sentence with the evidence (the error text or the traceback's last line), the likely cause, and the next step " +
      "(e.g. another environment type, other nodes, a fixed task argument, then prepare again under a new name). " +
      "Finish with the deployments that succeeded. Quote errors exactly; do not guess causes the evidence does not support.";
    const attach = (uri: string, value: unknown): Message => ({ role: "user", content: { type: "resource", resource: { uri, mimeType: "application/json", text: JSON.stringify(value) } } });
    const name = encodeURIComponent(id);
    return {
      description: `Diagnosis of ${id}`,
      messages: [text(body), attach(`netunicorn://experiments/${name}`, status), attach(`netunicorn://experiments/${name}/results`, results)],
    };
  },
};

export const PROMPTS: readonly PromptDefinition[] = [measure, compare, diagnose];

/** The prompts whose tools are all offered. */
export function selectPrompts(offeredTools: readonly string[]): PromptDefinition[] {
  return PROMPTS.filter((p) => p.tools.every((tool) => offeredTools.includes(tool)));
}

export function registerPrompts(server: Server, client: BaseClient, offeredTools: readonly string[], secrets: readonly string[]): void {
  const prompts = selectPrompts(offeredTools);
  server.setRequestHandler("prompts/list", () => ({
    prompts: prompts.map(({ build: _build, tools: _tools, ...p }) => p),
  }));
  server.setRequestHandler("prompts/get", async (request, ctx) => {
    const prompt = prompts.find((p) => p.name === request.params.name);
    if (prompt === undefined) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `no prompt "${request.params.name}" on this server; prompts/list gives the offered ones`);
    const args = (request.params.arguments ?? {}) as Args;
    const missing = prompt.arguments.filter((a) => a.required && !(args[a.name] ?? "").trim());
    if (missing.length > 0) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `prompt ${prompt.name} needs ${missing.map((a) => a.name).join(", ")}`);
    try {
      const built = await prompt.build(args, client, ctx.mcpReq.signal, offeredTools);
      return JSON.parse(scrub(JSON.stringify(built), secrets)) as typeof built;
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, scrub(describeFailure(`prompt ${prompt.name}`, error), secrets));
    }
  });
}
