/**
 * The node pool a user gets from get_nodes: nodes outside the user's access tags are left out,
 * and — as the real mediator's `__filter_locked_nodes` — nodes locked by another user are removed
 * from countable pools, a countable sub-pool left empty is dropped, uncountable pools are kept.
 */
import type { NodeJson, PoolJson, SandboxUser } from "./world.js";
import { lockKey, type LockRow } from "./store.js";

function isPool(item: NodeJson | PoolJson): item is PoolJson {
  return "node_pool_type" in item;
}

const TAGS = "netunicorn-access-tags";

function allowed(node: NodeJson, user: SandboxUser): boolean {
  const tags = node.properties[TAGS];
  if (user.sudo === true || user.accessTags === undefined || !Array.isArray(tags) || tags.length === 0) return true;
  return tags.some((t) => user.accessTags?.includes(t));
}

function filterPool(pool: PoolJson, keep: (node: NodeJson) => boolean, top: boolean): PoolJson | null {
  const data: (NodeJson | PoolJson)[] = [];
  for (const item of pool.node_pool_data) {
    if (!isPool(item)) {
      if (keep(item)) data.push(item);
      continue;
    }
    // the real filter walks only countable pools; uncountable templates pass unchanged
    const inner = item.node_pool_type === "UncountableNodePool" ? item : filterPool(item, keep, false);
    if (inner !== null) data.push(inner);
  }
  if (!top && data.length === 0 && pool.node_pool_data.length > 0) return null;
  return { node_pool_type: pool.node_pool_type, node_pool_data: data, node_pool_metadata: pool.node_pool_metadata ?? null };
}

/** The pool as `username` sees it at the moment described by `locks`. */
export function visiblePool(pool: PoolJson, username: string, user: SandboxUser, locks: LockRow[]): PoolJson {
  const lockedByOthers = new Set(locks.filter((l) => l.username !== username).map((l) => lockKey(l.node_name, l.connector)));
  const keep = (node: NodeJson): boolean =>
    allowed(node, user) && !lockedByOthers.has(lockKey(node.name, node.properties["connector"] ?? null));
  return filterPool(pool, keep, true) as PoolJson;
}
