/**
 * Resources: what a client can attach to a conversation. Two fixed ones (the node list, the
 * library catalog), this user's experiments as listed resources, and templates for one
 * experiment, its results (JSON, CSV, an SVG chart), one node and one library task; their names
 * complete.
 */
import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError, type Server, type ServerContext, UriTemplate } from "@modelcontextprotocol/server";
import type { BaseClient } from "../../src/base-client.js";
import { UsageError } from "../../src/errors.js";
import { describeFailure, scrub } from "../answers/answer.js";
import { isNotFound } from "../answers/hints.js";
import {
  MAX_ITEMS, catalogSummary, chartChoices, experimentNames, experimentView, libraryTaskNames, libraryTaskView, nodeList, nodeView, resultsChart, resultsCsv, resultsView,
} from "./read.js";

const JSON_TYPE = "application/json";

interface Template {
  uriTemplate: string;
  name: string;
  title: string;
  description: string;
  /** JSON unless said (then `read` gives the text itself). */
  mimeType?: string;
  read(variables: Record<string, string>, client: BaseClient, signal: AbortSignal): Promise<unknown>;
}

const FIXED = [
  {
    uri: "netunicorn://nodes",
    name: "nodes",
    title: "Available nodes",
    description: "Every node this user can deploy to, flattened (uncountable pools as templates), with architecture and properties.",
    read: (client: BaseClient, signal: AbortSignal) => nodeList(client, signal),
  },
  {
    uri: "netunicorn://library",
    name: "library",
    title: "netunicorn-library tasks",
    description: "The catalog of netunicorn-library tasks: short name, class path, kind and parameters (details: netunicorn://library/{task}).",
    read: async () => catalogSummary(),
  },
] as const;

export const TEMPLATES: readonly Template[] = [
  {
    uriTemplate: "netunicorn://experiments/{name}",
    name: "experiment",
    title: "An experiment",
    description: "One experiment: its status, counts, next step and each deployment (node, preparation, executor, errors, result present).",
    read: (v, client, signal) => experimentView(client, v.name!, signal),
  },
  {
    uriTemplate: "netunicorn://experiments/{name}/results",
    name: "experiment-results",
    title: "An experiment's results",
    description: "The decoded results of a finished experiment: per deployment, each task's runs and values, failures and the last log lines.",
    read: (v, client, signal) => resultsView(client, v.name!, signal),
  },
  {
    uriTemplate: "netunicorn://experiments/{name}/results.csv",
    name: "experiment-results-csv",
    title: "An experiment's results as CSV",
    description:
      "One row per node × task × run: experiment, node, architecture, task, state, error, then the values' fields as columns (PingResult: avg_rtt, min_rtt, max_rtt, packet_loss, ...). " +
      "RFC 4180 with a header row; numbers as Python wrote them (pandas.read_csv reads the same values).",
    mimeType: "text/csv",
    read: (v, client, signal) => resultsCsv(client, v.name!, signal),
  },
  {
    uriTemplate: "netunicorn://experiments/{name}/chart.svg{?task,field}",
    name: "experiment-chart",
    title: "An experiment's results as a chart",
    description:
      "An SVG chart of one numeric field per node (default: the first task's average, e.g. Ping's avg_rtt with min/max whiskers), " +
      'or the distribution of a series field (field=packets.time). Choose with ?task=<task as in the results>&field=<field>.',
    mimeType: "image/svg+xml",
    read: (v, client, signal) => resultsChart(client, v.name!, signal, { ...(v.task ? { task: v.task } : {}), ...(v.field ? { field: v.field } : {}) }),
  },
  {
    uriTemplate: "netunicorn://nodes/{name}",
    name: "node",
    title: "A node",
    description: "One available node: architecture and properties (netunicorn-environments says which environments it runs).",
    read: (v, client, signal) => nodeView(client, v.name!, signal),
  },
  {
    uriTemplate: "netunicorn://library/{task}",
    name: "library-task",
    title: "A netunicorn-library task",
    description: "One library task: parameters with types and defaults, requirements, results, and for a dispatcher the implementation per architecture.",
    read: async (v) => libraryTaskView(v.task!),
  },
];

/**
 * Values a template variable can take, for completion: experiment names, node names, library
 * tasks; for a chart, the experiment's tasks and fields once its name is known (`context`: the
 * variables the client already filled in).
 */
export async function candidates(variable: string, template: string, client: BaseClient, signal: AbortSignal, context: Record<string, string> = {}): Promise<string[]> {
  if (template.includes("/chart.svg") && (variable === "task" || variable === "field")) {
    if (!context.name) return [];
    const charts = await chartChoices(client, context.name, signal);
    return variable === "task" ? charts.map((c) => c.task) : charts.filter((c) => !context.task || c.task === context.task).map((c) => c.field);
  }
  if (variable === "task") return libraryTaskNames();
  if (variable === "name" && template.startsWith("netunicorn://nodes/")) return (await nodeList(client, signal)).map((n) => n.name);
  if (variable === "name") return experimentNames(client, signal);
  return [];
}

/** The template a URI reads, with its variables; a query (`?task=…&field=…`) only where the template declares it. */
function match(uri: string): { template: Template; variables: Record<string, string> } | undefined {
  const at = uri.indexOf("?");
  const path = at < 0 ? uri : uri.slice(0, at);
  const query = new URLSearchParams(at < 0 ? "" : uri.slice(at + 1));
  for (const template of TEMPLATES) {
    const [pathTemplate, queryPart] = template.uriTemplate.split("{?");
    const variables = new UriTemplate(pathTemplate!).match(path);
    if (variables === null) continue;
    const flat = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, decodeURIComponent(Array.isArray(v) ? v.join(",") : v)]));
    // "{name}" must not swallow "x/results": the more specific template matches it.
    if (Object.values(flat).some((value) => value.includes("/"))) continue;
    const allowed = queryPart === undefined ? [] : queryPart.replace("}", "").split(",");
    for (const [key, value] of query) {
      if (!allowed.includes(key)) return undefined;
      flat[key] = value;
    }
    return { template, variables: flat };
  }
  return undefined;
}

/** The resource's content: its text and mime type (JSON unless the template says otherwise). */
async function read(uri: string, client: BaseClient, signal: AbortSignal): Promise<{ text: string; mimeType: string }> {
  const fixed = FIXED.find((r) => r.uri === uri);
  if (fixed) return { text: JSON.stringify(await fixed.read(client, signal), null, 1), mimeType: JSON_TYPE };
  const found = match(uri);
  if (found === undefined) {
    throw new UsageError(`unknown resource ${uri}: resources/list and resources/templates/list give the readable ones`, { operation: "resources/read" });
  }
  const value = await found.template.read(found.variables, client, signal);
  const mimeType = found.template.mimeType ?? JSON_TYPE;
  return { text: mimeType === JSON_TYPE ? JSON.stringify(value, null, 1) : String(value), mimeType };
}

export interface ResourceOptions {
  secrets: readonly string[];
  /** Told of each miss before it is answered (the 2025-era code differs: transport/resource-not-found.ts). */
  onNotFound?: (ctx: ServerContext) => void;
}

export function registerResources(server: Server, client: BaseClient, options: ResourceOptions): void {
  server.setRequestHandler("resources/list", async (_request, ctx) => {
    const names = await experimentNames(client, ctx.mcpReq.signal).catch(() => []);
    const experiments = names.slice(0, MAX_ITEMS).map((name) => ({
      uri: new UriTemplate(TEMPLATES[0]!.uriTemplate).expand({ name }),
      name: `experiment ${name}`,
      title: `Experiment ${name}`,
      mimeType: JSON_TYPE,
    }));
    return { resources: [...FIXED.map(({ read: _read, ...r }) => ({ ...r, mimeType: JSON_TYPE })), ...experiments] };
  });
  server.setRequestHandler("resources/templates/list", () => ({
    resourceTemplates: TEMPLATES.map(({ read: _read, ...t }) => ({ ...t, mimeType: t.mimeType ?? JSON_TYPE })),
  }));
  server.setRequestHandler("resources/read", async (request, ctx) => {
    const { uri } = request.params;
    let value: { text: string; mimeType: string };
    try {
      value = await read(uri, client, ctx.mcpReq.signal);
    } catch (error) {
      const message = scrub(describeFailure("resources/read", error), options.secrets);
      if (error instanceof UsageError || isNotFound(error)) {
        options.onNotFound?.(ctx);
        throw new ResourceNotFoundError(uri, message);
      }
      throw new ProtocolError(ProtocolErrorCode.InternalError, message);
    }
    return { contents: [{ uri, mimeType: value.mimeType, text: scrub(value.text, options.secrets) }] };
  });
}
