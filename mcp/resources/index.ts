/**
 * Resources: what a client can attach to a conversation. Two fixed ones (the node list, the
 * library catalog), this user's experiments as listed resources, and templates for one
 * experiment, its results, one node and one library task; their names complete.
 */
import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError, type Server, type ServerContext, UriTemplate } from "@modelcontextprotocol/server";
import type { BaseClient } from "../../src/base-client.js";
import { UsageError } from "../../src/errors.js";
import { describeFailure, scrub } from "../answer.js";
import { isNotFound } from "../hints.js";
import {
  MAX_ITEMS, catalogSummary, experimentNames, experimentView, libraryTaskNames, libraryTaskView, nodeList, nodeView, resultsView,
} from "./read.js";

const JSON_TYPE = "application/json";

interface Template {
  uriTemplate: string;
  name: string;
  title: string;
  description: string;
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

/** Values a template variable can take, for completion: experiment names, node names, library tasks. */
export async function candidates(variable: string, template: string, client: BaseClient, signal: AbortSignal): Promise<string[]> {
  if (variable === "task") return libraryTaskNames();
  if (variable === "name" && template.startsWith("netunicorn://nodes/")) return (await nodeList(client, signal)).map((n) => n.name);
  if (variable === "name") return experimentNames(client, signal);
  return [];
}

function match(uri: string): { template: Template; variables: Record<string, string> } | undefined {
  for (const template of TEMPLATES) {
    const variables = new UriTemplate(template.uriTemplate).match(uri);
    if (variables === null) continue;
    const flat = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, decodeURIComponent(Array.isArray(v) ? v.join(",") : v)]));
    // "{name}" must not swallow "x/results": the more specific template matches it.
    if (Object.values(flat).some((value) => value.includes("/"))) continue;
    return { template, variables: flat };
  }
  return undefined;
}

async function read(uri: string, client: BaseClient, signal: AbortSignal): Promise<unknown> {
  const fixed = FIXED.find((r) => r.uri === uri);
  if (fixed) return fixed.read(client, signal);
  const found = match(uri);
  if (found === undefined) {
    throw new UsageError(`unknown resource ${uri}: resources/list and resources/templates/list give the readable ones`, { operation: "resources/read" });
  }
  return found.template.read(found.variables, client, signal);
}

export interface ResourceOptions {
  secrets: readonly string[];
  /** Told of each miss before it is answered (the 2025-era code differs: resource-not-found.ts). */
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
    resourceTemplates: TEMPLATES.map(({ read: _read, ...t }) => ({ ...t, mimeType: JSON_TYPE })),
  }));
  server.setRequestHandler("resources/read", async (request, ctx) => {
    const { uri } = request.params;
    let value: unknown;
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
    const text = scrub(JSON.stringify(value, null, 1), options.secrets);
    return { contents: [{ uri, mimeType: JSON_TYPE, text }] };
  });
}
