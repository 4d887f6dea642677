/**
 * The sandbox's world as data: its users, and its nodes and node pools as the wire carries them.
 * Below options.ts and demo.ts, which both use these shapes (options.ts takes demo.ts's world as its default).
 */

/** A node property value, as node JSON carries it. */
export type NodePropertyJson = string | number | boolean | null | string[];

/** A node as the wire carries it. */
export interface NodeJson {
  name: string;
  properties: Record<string, NodePropertyJson>;
  additional_properties: Record<string, NodePropertyJson>;
  architecture: string;
}

/** A node pool as the wire carries it; pools nest. `node_pool_metadata`: an uncountable pool's soft limit. */
export interface PoolJson {
  node_pool_type: "CountableNodePool" | "UncountableNodePool";
  node_pool_data: (NodeJson | PoolJson)[];
  node_pool_metadata?: number | null;
}

export interface SandboxUser {
  password: string;
  /** May use `additional_arguments` in runtime contexts; sees every lock and UI row. */
  sudo?: boolean;
  /** Sees only nodes without `netunicorn-access-tags` or sharing one of these (all nodes when absent). */
  accessTags?: string[];
}
