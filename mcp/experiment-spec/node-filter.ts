/**
 * The node filter: by name part, architecture or property values. get_nodes lists with it, and the
 * experiment spec selects its nodes with the same filter ("nodes": {"filter": ...}).
 */
import * as v from "valibot";

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
