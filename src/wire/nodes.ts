/** Wire schemas of GET /api/v1/nodes: a Node, and node pools (which nest). */
import * as v from "valibot";
import { ValidationError } from "../errors.js";
import type { JsonValue } from "../json.js";
import { dictionary, JsonSchema, NumberSchema, nullable, oneOf, StringSchema } from "./record.js";

export const ARCHITECTURES = ["linux/amd64", "linux/arm64", "win/amd64", "win/arm64", "unknown"] as const;

export type ArchitectureWire = (typeof ARCHITECTURES)[number];

export const ArchitectureSchema: v.GenericSchema<unknown, ArchitectureWire> = oneOf(ARCHITECTURES);

/** Node properties are free-form JSON values (str, number, null, list of str in practice). */
export const NodePropertiesSchema: v.GenericSchema<unknown, Record<string, JsonValue>> = dictionary(JsonSchema);

// Written out (not inferred) so the public API has explicit types (JSR "slow types").
export interface NodeWire {
  name: string;
  properties: Record<string, JsonValue>;
  additional_properties: Record<string, JsonValue>;
  architecture: ArchitectureWire;
}

export const NodeSchema: v.GenericSchema<unknown, NodeWire> = v.object({
  name: StringSchema,
  properties: NodePropertiesSchema,
  additional_properties: NodePropertiesSchema,
  architecture: ArchitectureSchema,
});

export const NODE_POOL_TYPES = ["CountableNodePool", "UncountableNodePool"] as const;
export type NodePoolType = (typeof NODE_POOL_TYPES)[number];

export interface NodesWire {
  node_pool_type: NodePoolType;
  node_pool_data: Array<NodeWire | NodesWire>;
  /** Soft limit of an uncountable pool (Infinity when unbounded); null for countable pools. */
  node_pool_metadata: number | null;
}

/** netunicorn dispatches on the mere presence of "node_pool_type" (Nodes.dispatch_and_deserialize). */
export function isNodePoolBody(value: unknown): boolean {
  return typeof value === "object" && value !== null && "node_pool_type" in value;
}

/** A pool body whose items are read by `item`; node_pool_type is checked first, as netunicorn dispatches on it. */
const poolSchema = (item: v.GenericSchema) =>
  v.object({
    node_pool_type: oneOf(NODE_POOL_TYPES),
    node_pool_data: v.array(item),
    // Older servers send no node_pool_metadata at all: read it as null.
    node_pool_metadata: v.optional(nullable(NumberSchema), null),
  });

const CountableNodePoolSchema = poolSchema(v.lazy((item) => (isNodePoolBody(item) ? NodesSchema : NodeSchema)));

// An UncountableNodePool holds node templates only (netunicorn refuses nested pools there).
const UncountableNodePoolSchema = poolSchema(NodeSchema);

/** Any node pool body, dispatched on node_pool_type (an unknown type fails on that key, naming both). */
export const NodesSchema: v.GenericSchema<unknown, NodesWire> = v.lazy((input) =>
  (input as { node_pool_type?: unknown } | null)?.node_pool_type === "UncountableNodePool" ? UncountableNodePoolSchema : CountableNodePoolSchema,
) as v.GenericSchema<unknown, NodesWire>;

/** Deepest nesting of pools read (real installations nest one level per connector). */
export const MAX_POOL_DEPTH = 100;

/**
 * Throws a ValidationError when pools nest deeper than MAX_POOL_DEPTH (or contain themselves):
 * the schema and the models recurse, and a hostile body must not exhaust the stack. This check
 * itself recurses at most MAX_POOL_DEPTH levels. `depth` and `path` are those of `body`.
 */
export function checkPoolDepth(body: unknown, what: string, depth = 1, path = ""): void {
  const data = (body as { node_pool_data?: unknown } | null)?.node_pool_data;
  if (!Array.isArray(data)) return;
  data.forEach((item, index) => {
    if (!isNodePoolBody(item)) return;
    const where = `${path === "" ? "" : `${path}.`}node_pool_data[${index}]`;
    if (depth >= MAX_POOL_DEPTH) {
      throw new ValidationError(`${what}: pools nested deeper than ${MAX_POOL_DEPTH} levels (or containing themselves)`, { path: where });
    }
    checkPoolDepth(item, what, depth + 1, where);
  });
}
