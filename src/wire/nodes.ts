/** Wire schemas of GET /api/v1/nodes: a Node, and node pools (which nest). */
import * as v from "valibot";
import type { JsonValue } from "../json.js";

export const ARCHITECTURES = ["linux/amd64", "linux/arm64", "win/amd64", "win/arm64", "unknown"] as const;

export const ArchitectureSchema = v.picklist(ARCHITECTURES);

/** Node properties are free-form JSON values (str, number, null, list of str in practice). */
export const NodePropertiesSchema = v.record(v.string(), v.custom<JsonValue>(() => true));

export const NodeSchema = v.looseObject({
  name: v.string(),
  properties: NodePropertiesSchema,
  additional_properties: NodePropertiesSchema,
  architecture: ArchitectureSchema,
});
export type NodeWire = v.InferOutput<typeof NodeSchema>;

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
