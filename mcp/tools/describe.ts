/** describe_experiment: deployments grouped by identical graph and environment, with graph summaries. */
import * as v from "valibot";
import { decodeBase64, summarizeGraph } from "../answers/core.js";
import { fitPage, pageLine, pageOutputEntries, pagingEntries } from "../answers/paging.js";
import { summarizeStatus, summaryLine, statusSummaryOutput } from "../answers/status-view.js";
import { READ_ONLY, defineTool } from "./tool.js";
import { type WireDeployment, type WireStatus, wireOf } from "../answers/wire-view.js";
import { brief } from "../answers/brief.js";
import { experimentIdInput } from "../experiment-spec/schema.js";

const NODE_NAMES_PER_GROUP = 50;
/** Characters of one graph summary; bigger graphs keep their first nodes and edges. */
const GRAPH_CHARS = 16_000;
const GRAPH_ITEMS_KEPT = 60;

/** A graph summary cut to a readable size, saying how much was left out. */
function capGraph(graph: unknown): unknown {
  if (JSON.stringify(graph).length <= GRAPH_CHARS || graph === null || typeof graph !== "object") return graph;
  const g = graph as { nodes?: unknown[]; edges?: unknown[] };
  const nodes = Array.isArray(g.nodes) ? g.nodes : [];
  const edges = Array.isArray(g.edges) ? g.edges : [];
  return {
    ...g,
    nodes: nodes.slice(0, GRAPH_ITEMS_KEPT),
    edges: edges.slice(0, GRAPH_ITEMS_KEPT),
    cut: { nodes_total: nodes.length, edges_total: edges.length, note: `only the first ${GRAPH_ITEMS_KEPT} nodes and edges are shown` },
  };
}

const groupOutput = v.object({
  nodes: v.pipe(v.array(v.string()), v.description(`Nodes running this definition (first ${NODE_NAMES_PER_GROUP}).`)),
  node_count: v.number(),
  environment_type: v.string(),
  environment: v.pipe(v.unknown(), v.description("The environment definition (image or commands, runtime context).")),
  keep_alive_timeout_minutes: v.nullable(v.number()),
  cleanup: v.nullable(v.boolean()),
  graph: v.pipe(v.unknown(), v.description("Summary of the execution graph: class, name, flags, nodes (tasks with class and attributes), edges.")),
  graph_error: v.nullable(v.string()),
});
type Group = v.InferOutput<typeof groupOutput>;

/** The server writes per-deployment ids into the environment variables: ignore them when grouping. */
function definitionKey(d: WireDeployment): string {
  const env = d.environment_definition as { runtime_context?: { environment_variables?: Record<string, string> } };
  const variables = Object.entries(env.runtime_context?.environment_variables ?? {}).filter(([k]) => !k.startsWith("NETUNICORN_"));
  const { runtime_context: runtime, ...rest } = env as Record<string, unknown>;
  return JSON.stringify([d.execution_graph, d.environment_definition_type, rest, { ...(runtime as object), environment_variables: variables }]);
}

function groupDeployments(deployments: readonly WireDeployment[]): Group[] {
  const groups = new Map<string, { first: WireDeployment; nodes: string[] }>();
  for (const d of deployments) {
    const key = definitionKey(d);
    const group = groups.get(key);
    if (group) group.nodes.push(d.node.name);
    else groups.set(key, { first: d, nodes: [d.node.name] });
  }
  return [...groups.values()].map(({ first, nodes }) => {
    let graph: unknown = null;
    let graphError: string | null = null;
    try {
      graph = capGraph(summarizeGraph(decodeBase64(first.execution_graph)));
    } catch (error) {
      graphError = brief(error instanceof Error ? error.message : String(error), 300);
    }
    return {
      nodes: nodes.slice(0, NODE_NAMES_PER_GROUP),
      node_count: nodes.length,
      environment_type: first.environment_definition_type,
      environment: first.environment_definition,
      keep_alive_timeout_minutes: first.keep_alive_timeout_minutes ?? null,
      cleanup: first.cleanup ?? null,
      graph,
      graph_error: graphError,
    };
  });
}

function graphLine(graph: unknown): string {
  const g = graph as { type?: string; name?: string; nodes?: { kind?: string; task_name?: string; task_class?: string }[] } | null;
  if (!g || !Array.isArray(g.nodes)) return "graph: (no summary)";
  const tasks = g.nodes.filter((n) => n.kind === "task").map((n) => `${n.task_name} (${n.task_class})`);
  return `graph ${g.type ?? "?"} "${g.name ?? ""}": ${tasks.length} tasks: ${brief(tasks.join(", "), 400)}`;
}

function environmentLine(group: Group): string {
  const env = (group.environment ?? {}) as { image?: string | null; commands?: string[] };
  const image = group.environment_type === "DockerImage" ? `image ${env.image ?? "(built by the server)"}, ` : "";
  return `${group.environment_type}: ${image}${(env.commands ?? []).length} setup commands`;
}

export const describeExperiment = defineTool({
  name: "describe_experiment",
  title: "Describe an experiment",
  description:
    "Shows what an experiment consists of: its deployments grouped by identical definition, each group with its nodes, " +
    "environment (Docker image or shell, commands, runtime context) and a summary of its execution graph (tasks with their " +
    "classes and arguments, stages, edges). Paged by group.",
  annotations: READ_ONLY,
  input: v.strictObject({ experiment_id: experimentIdInput, ...pagingEntries(10, 100) }),
  output: v.object({
    summary: statusSummaryOutput,
    deployment_context: v.nullable(v.record(v.string(), v.unknown())),
    groups: v.array(groupOutput),
    ...pageOutputEntries,
  }),
  async run(args, { client, signal }) {
    const status = wireOf<WireStatus>(await client.getExperimentStatus(args.experiment_id, { signal }));
    const summary = summarizeStatus(args.experiment_id, status);
    const groups = groupDeployments(status.experiment?.deployment_map ?? []);
    const context = status.experiment?.deployment_context ?? null;
    const answer = fitPage(groups, args.offset, args.limit, ({ items, ...page }) => ({ summary, deployment_context: context, groups: items, ...page }));
    const lines = [summaryLine(summary), pageLine(answer, answer.groups.length, "deployment groups")];
    for (const group of answer.groups) {
      const more = group.node_count > group.nodes.length ? `, +${group.node_count - group.nodes.length} more` : "";
      lines.push(`## ${group.node_count} node(s): ${brief(group.nodes.join(", "), 300)}${more}`);
      lines.push(environmentLine(group), group.graph_error ? `graph: ${group.graph_error}` : graphLine(group.graph));
    }
    return { structured: answer, text: lines.join("\n") };
  },
});
