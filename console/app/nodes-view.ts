/** Nodes: architecture, environments, properties, locks (who holds them); filter by name, architecture, property. */
import { CountableNodePool, ENVIRONMENTS_PROPERTY, type LockedNode, type Node, type Nodes, UncountableNodePool } from "netunicorn";
import { errorBox, field, h, replace } from "./dom.js";
import type { ViewContext } from "./view.js";

export interface ListedNode {
  node: Node;
  /** A template of an uncountable pool (nodes are generated from it). */
  template: boolean;
}

/** Every node of a pool, nested pools flattened; an uncountable pool lists its templates. */
export function flattenNodes(pool: Nodes, template = false): ListedNode[] {
  if (pool instanceof UncountableNodePool) return pool.template.map((node) => ({ node, template: true }));
  if (!(pool instanceof CountableNodePool)) return [];
  return pool.nodes.flatMap((item) => (item instanceof CountableNodePool || item instanceof UncountableNodePool ? flattenNodes(item, template) : [{ node: item as Node, template }]));
}

const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** "key", "key=value" or "value": does a property match? */
function propertyMatches(node: Node, query: string): boolean {
  if (query === "") return true;
  const [key, value] = query.includes("=") ? [query.slice(0, query.indexOf("=")).trim(), query.slice(query.indexOf("=") + 1).trim().toLowerCase()] : [query, null];
  return Object.entries(node.properties).some(([k, v]) =>
    value === null ? k.toLowerCase().includes(key.toLowerCase()) || text(v).toLowerCase().includes(key.toLowerCase()) : k === key && text(v).toLowerCase().includes(value),
  );
}

function row({ node, template }: ListedNode, lock: LockedNode | undefined): HTMLElement {
  const properties = Object.entries(node.properties).filter(([k]) => k !== ENVIRONMENTS_PROPERTY);
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, node.name, template ? h("small", { class: "muted" }, " (template of a pool)") : null),
    h("td", {}, node.architecture),
    h("td", {}, [...node.availableEnvironments].join(", ") || "none"),
    h("td", {}, properties.length === 0 ? "—" : h("ul", { class: "props" }, ...properties.map(([k, v]) => h("li", {}, h("code", {}, k), ` ${text(v)}`)))),
    h("td", {}, lock === undefined ? h("span", { class: "badge badge-free" }, "free") : h("span", { class: "badge badge-locked" }, `locked by ${lock.username}`)),
  );
}

export async function nodesView(ctx: ViewContext): Promise<void> {
  const { client } = ctx.session;
  const status = h("p", { class: "muted" }, "Loading nodes…");
  replace(ctx.root, h("h1", {}, "Nodes"), status);
  let nodes: ListedNode[];
  let locks: LockedNode[] = [];
  let lockNote: HTMLElement | null = null;
  try {
    const [pool, locked] = await Promise.all([client.getNodes(), client.getLockedNodes().catch((error: unknown) => error)]);
    nodes = flattenNodes(pool);
    if (Array.isArray(locked)) locks = locked;
    else lockNote = h("p", { class: "muted" }, `Locks unavailable: ${locked instanceof Error ? locked.message : String(locked)}`);
  } catch (error) {
    if (!ctx.left) replace(ctx.root, h("h1", {}, "Nodes"), errorBox(error));
    return;
  }
  if (ctx.left) return;
  const byName = new Map(locks.map((l) => [l.nodeName, l]));
  const name = h("input", { type: "search", autocomplete: "off" });
  const arch = h("select", {}, h("option", { value: "" }, "any"), ...[...new Set(nodes.map((n) => n.node.architecture))].sort().map((a) => h("option", { value: a }, a)));
  const prop = h("input", { type: "search", autocomplete: "off", placeholder: "connector=lab" });
  const body = h("tbody");
  const count = h("p", { class: "muted", "aria-live": "polite" });
  const render = (): void => {
    const q = name.value.trim().toLowerCase();
    const shown = nodes.filter((n) => n.node.name.toLowerCase().includes(q) && (arch.value === "" || n.node.architecture === arch.value) && propertyMatches(n.node, prop.value.trim()));
    replace(body, ...shown.map((n) => row(n, byName.get(n.node.name))));
    count.textContent = `${shown.length} of ${nodes.length} nodes, ${locks.length} locked`;
  };
  for (const control of [name, arch, prop]) control.addEventListener("input", render);
  const filters = h("form", { class: "filters", role: "search", "aria-label": "Filter nodes", onsubmit: (e: Event) => e.preventDefault() },
    field("Name", name), field("Architecture", arch), field("Property", prop, "key, key=value or a value"));
  const table = h("div", { class: "scroll" }, h("table", {}, h("caption", { class: "sr-only" }, "Nodes"),
    h("thead", {}, h("tr", {}, ...["Name", "Architecture", "Environments", "Properties", "Lock"].map((c) => h("th", { scope: "col" }, c)))), body));
  render();
  replace(ctx.root, h("h1", {}, "Nodes"), filters, count, lockNote, table);
}
