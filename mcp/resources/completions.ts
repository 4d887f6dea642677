/**
 * completion/complete: experiment names, node names and library task names for the resource
 * templates and the prompts' arguments. Flag names do not complete: the server offers no way to
 * list an experiment's flags (only to read one by name).
 */
import type { Server } from "@modelcontextprotocol/server";
import type { BaseClient } from "../../src/base-client.js";
import { candidates } from "./index.js";
import { experimentNames, libraryTaskNames, nodeList } from "./read.js";

/** Completion answers carry at most 100 values. */
const MAX_VALUES = 100;

async function promptCandidates(argument: string, client: BaseClient, signal: AbortSignal): Promise<string[]> {
  if (argument === "experiment") return experimentNames(client, signal);
  if (argument === "nodes") return (await nodeList(client, signal)).filter((n) => !n.template).map((n) => n.name);
  if (argument === "metric") return ["latency", "throughput"];
  if (argument === "task") return libraryTaskNames();
  return [];
}

/** Values starting with the typed text (any case), the exact match first; a comma list completes its last item. */
export function complete(all: readonly string[], typed: string, list: boolean): { values: string[]; total: number; hasMore: boolean } {
  const cut = list ? Math.max(typed.lastIndexOf(","), typed.lastIndexOf(" ")) + 1 : 0;
  const head = typed.slice(0, cut);
  const partial = typed.slice(cut).toLowerCase();
  const taken = new Set(list ? head.split(/[\s,]+/) : []);
  const typedExactly = typed.slice(cut);
  // The value typed in full comes first (exact case, then any case): "Ping" before "PingFlood".
  const rank = (value: string) => (value === typedExactly ? 0 : value.toLowerCase() === partial ? 1 : 2);
  const matching = [...new Set(all)]
    .filter((value) => value.toLowerCase().startsWith(partial) && !taken.has(value))
    .sort((a, b) => rank(a) - rank(b))
    .map((value) => head + value);
  return { values: matching.slice(0, MAX_VALUES), total: matching.length, hasMore: matching.length > MAX_VALUES };
}

export function registerCompletions(server: Server, client: BaseClient): void {
  server.setRequestHandler("completion/complete", async (request, ctx) => {
    const { ref, argument } = request.params;
    const signal = ctx.mcpReq.signal;
    const all =
      ref.type === "ref/resource"
        ? await candidates(argument.name, ref.uri, client, signal, request.params.context?.arguments).catch(() => [])
        : await promptCandidates(argument.name, client, signal).catch(() => []);
    return { completion: complete(all, argument.value, ref.type === "ref/prompt" && argument.name === "nodes") };
  });
}
