/** get_locked_nodes and get_recent_experiments: the server's read-only UI endpoints. */
import * as v from "valibot";
import { field, hasLockedNodes, hasRecentExperiments, text } from "../answers/extras.js";
import { fitPage, pageLine, pageOutputEntries, pagingEntries } from "../answers/paging.js";
import { READ_ONLY, defineTool } from "./tool.js";
import { statusName, wireOf } from "../answers/wire-view.js";
import { brief } from "../answers/brief.js";

export const getLockedNodes = defineTool({
  name: "get_locked_nodes",
  title: "List locked nodes",
  description:
    "Lists nodes currently locked by an experiment (any user's), with who holds them. " +
    "Use it to understand why a node is missing from get_nodes. Paged.",
  annotations: READ_ONLY,
  input: v.strictObject({ ...pagingEntries(100, 1000) }),
  output: v.object({
    locks: v.array(v.object({ node_name: v.string(), username: v.nullable(v.string()), connector: v.nullable(v.string()) })),
    ...pageOutputEntries,
  }),
  async run(args, { client, signal }) {
    if (!hasLockedNodes(client)) throw new Error("this client cannot list locked nodes");
    const raw = wireOf<unknown[]>(await client.getLockedNodes({ signal }));
    const locks = (Array.isArray(raw) ? raw : []).map((lock) => ({
      node_name: text(field(lock, "node_name")) ?? "?",
      username: text(field(lock, "username")),
      connector: text(field(lock, "connector")),
    }));
    const answer = fitPage(locks, args.offset, args.limit, ({ items, ...page }) => ({ locks: items, ...page }));
    const lines = answer.locks.map((l) => `- ${l.node_name} locked by ${l.username ?? "?"} (connector ${l.connector ?? "?"})`);
    return { structured: answer, text: [pageLine(answer, answer.locks.length, "locked nodes"), ...lines].join("\n") };
  },
});

const recentItem = v.object({
  experiment_name: v.string(),
  experiment_id: v.nullable(v.string()),
  username: v.nullable(v.string()),
  status: v.nullable(v.string()),
  error: v.nullable(v.string()),
  creation_time: v.nullable(v.string()),
  start_time: v.nullable(v.string()),
  node_count: v.number(),
});

function statusText(value: unknown): string | null {
  if (typeof value === "number") return statusName(value);
  const plain = text(value);
  return plain === null ? null : plain.replace(/^ExperimentStatus\./, "");
}

function toRecent(item: unknown): v.InferOutput<typeof recentItem> {
  const nodes = field(item, "nodes");
  const error = text(field(item, "error"));
  return {
    experiment_name: text(field(item, "experiment_name")) ?? "?",
    experiment_id: text(field(item, "experiment_id")),
    username: text(field(item, "username")),
    status: statusText(field(item, "status")),
    error: error === null ? null : brief(error, 500),
    creation_time: text(field(item, "creation_time")),
    start_time: text(field(item, "start_time")),
    node_count: Array.isArray(nodes) ? nodes.length : 0,
  };
}

export const getRecentExperiments = defineTool({
  name: "get_recent_experiments",
  title: "List recent experiments",
  description:
    "Lists experiments created in the last `days` days (default 14) as the server's web UI shows them: name, owner, status, " +
    "times, node count and error. Paged. For full details of one experiment use get_experiment_status.",
  annotations: READ_ONLY,
  input: v.strictObject({
    days: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365), v.description("How far back to look (default 14).")), 14),
    ...pagingEntries(50, 500),
  }),
  output: v.object({ experiments: v.array(recentItem), ...pageOutputEntries }),
  async run(args, { client, signal }) {
    if (!hasRecentExperiments(client)) throw new Error("this client cannot list recent experiments");
    const raw = wireOf<unknown[]>(await client.getRecentExperiments(args.days, { signal }));
    const all = (Array.isArray(raw) ? raw : []).map(toRecent);
    const answer = fitPage(all, args.offset, args.limit, ({ items, ...page }) => ({ experiments: items, ...page }));
    const lines = answer.experiments.map(
      (e) => `- ${e.experiment_name}: ${e.status ?? "?"}, ${e.node_count} nodes, created ${e.creation_time ?? "?"}${e.error ? `, error: ${brief(e.error, 100)}` : ""}`,
    );
    const head = pageLine(answer, answer.experiments.length, `experiments of the last ${args.days} days`);
    return { structured: answer, text: [head, ...lines].join("\n") };
  },
});
