/** get_nodes: the node pool, flattened, filtered and paged. */
import * as v from "valibot";
import { fitPage, pageLine, pageOutputEntries, pagingEntries } from "../answers/paging.js";
import { READ_ONLY, type ToolContext, defineTool } from "./tool.js";
import { type NodeEntry, poolEntries, wireProperties } from "../answers/wire-view.js";
import { nodeEntryOutput, propertiesLine } from "./common.js";

const propertyValue = v.union([v.string(), v.number(), v.boolean(), v.null()]);

export const nodeFilterEntries = {
  name_contains: v.optional(v.pipe(v.string(), v.description("Keep nodes whose name contains this text (any case)."))),
  architecture: v.optional(
    v.pipe(v.string(), v.description('Keep nodes of this architecture: "linux/arm64", or just "arm64" (any OS) or "linux".')),
  ),
  properties: v.optional(
    v.pipe(
      v.record(v.string(), propertyValue),
      v.description(
        'Keep nodes whose properties equal these values (a list-valued property matches when it contains the value), e.g. {"connector": "kubernetes"}.',
      ),
    ),
  ),
};

export interface NodeFilter {
  name_contains?: string | undefined;
  architecture?: string | undefined;
  properties?: Record<string, string | number | boolean | null> | undefined;
}

/** Other spellings of netunicorn's CPU names ("linux/amd64", "linux/arm64"). */
const CPU_ALIASES: Readonly<Record<string, string>> = { x86_64: "amd64", x64: "amd64", aarch64: "arm64" };

/** "arm64" matches "linux/arm64", "linux" matches "linux/amd64", in any case; the full name matches itself. */
export function architectureMatches(actual: string, wanted: string): boolean {
  const norm = (part: string) => CPU_ALIASES[part] ?? part;
  const have = actual.toLowerCase().split("/").map(norm);
  const want = wanted.trim().toLowerCase().split("/").map(norm);
  if (want.length > 1) return have.join("/") === want.join("/");
  return have.includes(want[0]!);
}

/** True when a node passes every given criterion. */
export function matchesFilter(node: { name: string; architecture: string; properties: Record<string, unknown> }, filter: NodeFilter): boolean {
  if (filter.name_contains !== undefined && !node.name.toLowerCase().includes(filter.name_contains.toLowerCase())) return false;
  if (filter.architecture !== undefined && !architectureMatches(node.architecture, filter.architecture)) return false;
  for (const [key, wanted] of Object.entries(filter.properties ?? {})) {
    const actual = node.properties[key];
    const ok = Array.isArray(actual) ? actual.includes(wanted) : actual === wanted || (actual === undefined && wanted === null);
    if (!ok) return false;
  }
  return true;
}

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
