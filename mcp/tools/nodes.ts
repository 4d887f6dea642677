/** get_nodes: the node pool, flattened, filtered and paged. */
import * as v from "valibot";
import { fitPage, pageLine, pageOutputEntries, pagingEntries } from "../answers/paging.js";
import { READ_ONLY, type ToolContext, defineTool } from "./tool.js";
import { type NodeEntry, poolEntries, wireProperties } from "../answers/wire-view.js";
import { matchesFilter, type NodeFilter, nodeFilterEntries } from "../experiment-spec/node-filter.js";
import { propertiesLine } from "../answers/brief.js";
import { nodeEntryOutput } from "./common.js";

/**
 * The listing a page was cut from, kept per client for the next pages: the server sends the whole
 * pool on every call (it has no paging), so reading it again for each page would make walking all
 * pages quadratic. A call at offset 0, other filters, or a listing older than SNAPSHOT_MS reads
 * the pool afresh. One listing per client: memory stays bounded.
 */
interface Listing {
  filter: string;
  at: number;
  total: number;
  matching: NodeEntry[];
}
const listings = new WeakMap<object, Listing>();
const SNAPSHOT_MS = 30_000;

async function listing(args: NodeFilter & { offset: number }, client: ToolContext["client"], signal: AbortSignal): Promise<Listing> {
  const filter = JSON.stringify([args.name_contains, args.architecture, args.properties]);
  const kept = listings.get(client);
  if (args.offset > 0 && kept !== undefined && kept.filter === filter && Date.now() - kept.at < SNAPSHOT_MS) return kept;
  // The pool's models are read in place; only the page's entries get their wire copy.
  const all = poolEntries(await client.getNodes({ signal }));
  const byProperties = args.properties !== undefined;
  const filtered = byProperties || args.name_contains !== undefined || args.architecture !== undefined;
  // Without filters every node matches (matchesFilter would say so node by node).
  const matching = filtered ? all.filter((node) => matchesFilter(byProperties ? { ...node, properties: wireProperties(node) } : node, args)) : all;
  const fresh = { filter, at: Date.now(), total: all.length, matching };
  listings.set(client, fresh);
  return fresh;
}

function nodeLine(node: NodeEntry): string {
  const kind = node.template ? ` (template of an uncountable pool${node.soft_limit === null ? "" : `, up to ${node.soft_limit}`})` : "";
  return `- ${node.name} [${node.architecture}]${kind} ${propertiesLine(node.properties)}`;
}

export const getNodes = defineTool({
  name: "get_nodes",
  title: "List available nodes",
  description:
    "Lists the nodes this user can deploy experiments to (nodes locked by other users' running experiments are hidden), " +
    "with architecture and properties. Filter by name, architecture or property values; the answer is paged " +
    "(use next_offset). Use the names, or the same filters, in prepare_experiment.",
  annotations: READ_ONLY,
  input: v.strictObject({ ...nodeFilterEntries, ...pagingEntries(50, 500) }),
  output: v.object({ nodes: v.array(nodeEntryOutput), ...pageOutputEntries }),
  async run(args, { client, signal }) {
    const { matching, total } = await listing(args, client, signal);
    const answer = fitPage(matching, args.offset, args.limit, ({ items, ...page }) => ({
      nodes: items.map((node) => ({ ...node, properties: wireProperties(node) })),
      ...page,
    }));
    const head = pageLine(answer, answer.nodes.length, "nodes");
    const filtered = matching.length === total ? "" : ` (filtered from ${total})`;
    return { structured: answer, text: [`${head}${filtered}`, ...answer.nodes.map(nodeLine)].join("\n") };
  },
});
