/** Wire schemas of GET /api/v1/nodes: a Node, and node pools (which nest). */
import * as v from "valibot";
import { ValidationError } from "../errors.js";
import type { JsonValue } from "../json.js";
import { dictionary } from "./record.js";

export const ARCHITECTURES = ["linux/amd64", "linux/arm64", "win/amd64", "win/arm64", "unknown"] as const;

export type ArchitectureWire = (typeof ARCHITECTURES)[number];

export const ArchitectureSchema: v.PicklistSchema<typeof ARCHITECTURES, undefined> = v.picklist(ARCHITECTURES);

/** Node properties are free-form JSON values (str, number, null, list of str in practice). */
export const NodePropertiesSchema: v.GenericSchema<unknown, Record<string, JsonValue>> = dictionary(v.custom<JsonValue>(() => true));

// Written out (not inferred) so the public API has explicit types (JSR "slow types").
export interface NodeWire {
  name: string;
  properties: Record<string, JsonValue>;
  additional_properties: Record<string, JsonValue>;
  architecture: ArchitectureWire;
}

export const NodeSchema: v.GenericSchema<unknown, NodeWire> = v.looseObject({
  name: v.string(),
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

// Older servers send no node_pool_metadata at all: read it as null.
const MetadataSchema = v.optional(v.nullable(v.number()), null);

const CountableNodePoolSchema = v.looseObject({
  node_pool_type: v.literal("CountableNodePool"),
  node_pool_data: v.array(v.lazy((item) => (isNodePoolBody(item) ? NodesSchema : NodeSchema))),
  node_pool_metadata: MetadataSchema,
});

// An UncountableNodePool holds node templates only (netunicorn refuses nested pools there).
const UncountableNodePoolSchema = v.looseObject({
  node_pool_type: v.literal("UncountableNodePool"),
  node_pool_data: v.array(NodeSchema),
  node_pool_metadata: MetadataSchema,
});

/** Any node pool body, dispatched on node_pool_type. */
export const NodesSchema: v.GenericSchema<unknown, NodesWire> = v.variant("node_pool_type", [
  CountableNodePoolSchema,
  UncountableNodePoolSchema,
]);

/** Deepest nesting of pools read (real installations nest one level per connector). */
export const MAX_POOL_DEPTH = 100;

/**
 * Throws a ValidationError when pools nest deeper than MAX_POOL_DEPTH (or contain themselves):
 * the schema and the models recurse, and a hostile body must not exhaust the stack.
 */
export function checkPoolDepth(body: unknown, what: string): void {
  const pending: Array<{ pool: unknown; depth: number; path: string }> = [{ pool: body, depth: 1, path: "" }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.pool !== "object" || next.pool === null) continue;
    const data = (next.pool as { node_pool_data?: unknown }).node_pool_data;
    if (!Array.isArray(data)) continue;
    data.forEach((item, index) => {
      if (!isNodePoolBody(item)) return;
      const path = `${next.path === "" ? "" : `${next.path}.`}node_pool_data[${index}]`;
      if (next.depth + 1 > MAX_POOL_DEPTH) {
        throw new ValidationError(`${what}: pools nested deeper than ${MAX_POOL_DEPTH} levels (or containing themselves)`, { path });
      }
      pending.push({ pool: item, depth: next.depth + 1, path });
    });
  }
}
