/**
 * Node pools, with the semantics of netunicorn.base.nodes (netunicorn-base 0.4): a countable pool
 * holds nodes and nested pools; an uncountable pool is a template that generates nodes named
 * `<template name><n>` from a counter starting at 1, up to an optional soft limit.
 */
import { UsageError, ValidationError } from "../errors.js";
import { copyJson } from "../json.js";
import { checkPoolDepth, NodesSchema, type NodePoolType, type NodesWire, type NodeWire, isNodePoolBody } from "../wire/nodes.js";
import { validateBody } from "../wire/validate.js";
import { NodePoolExhaustedError } from "./errors.js";
import { Node, type NodeProperty } from "./node.js";

/** What a pool holds: nodes, and (in countable pools) nested pools. */
export type NodePoolItem = Node | Nodes;

/** A pool of nodes (netunicorn's abstract `Nodes`). Build one with `Nodes.fromJSON(body)`. */
export abstract class Nodes implements Iterable<NodePoolItem> {
  /** "CountableNodePool" or "UncountableNodePool", as on the wire. */
  abstract readonly poolType: NodePoolType;

  /** Validates a node pool body (dispatching on node_pool_type) and builds the pool. */
  static fromJSON(body: unknown): CountableNodePool | UncountableNodePool {
    checkPoolDepth(body, "Nodes.fromJSON");
    return Nodes.fromWire(validateBody(NodesSchema, body, "Nodes.fromJSON"));
  }

  /** @internal Builds a pool from an already validated body. */
  static fromWire(wire: NodesWire): CountableNodePool | UncountableNodePool {
    const items = wire.node_pool_data.map((item) => (isNodePoolBody(item) ? Nodes.fromWire(item as NodesWire) : Node.fromWire(item as NodeWire)));
    const limit = wire.node_pool_metadata;
    return wire.node_pool_type === "UncountableNodePool"
      ? // The schema lets only nodes into an uncountable pool; the server sends Infinity (or nothing) for "no soft limit".
        new UncountableNodePool(items as Node[], limit !== null && Number.isFinite(limit) ? limit : null)
      : new CountableNodePool(items);
  }

  /** Python's len(): items of a countable pool; template nodes of an uncountable pool. */
  get length(): number {
    return itemsOf(this).length;
  }
  /** Python's pool[index] (negative indices count from the end); throws UsageError when out of range. */
  abstract at(index: number): NodePoolItem;
  /** A pool of the nodes for which `predicate` is true (nested pools filtered too, empty ones dropped). */
  abstract filter(predicate: (node: Node) => boolean): Nodes;
  /** The first `count` nodes; see each subclass for how nested and uncountable pools behave. */
  abstract take(count: number): Node[];
  /** The pool without its first `count` items; see each subclass. */
  abstract skip(count: number): Nodes;
  /** Sets a property on every node (recursively; the template nodes of an uncountable pool); returns this pool. */
  setProperty(name: string, value: NodeProperty): this {
    for (const item of itemsOf(this)) item instanceof Node ? item.set(name, value) : item.setProperty(name, value);
    return this;
  }
  /** Iteration as in Python: a countable pool yields its items, an uncountable one generates nodes. */
  abstract [Symbol.iterator](): Iterator<NodePoolItem>;
  /** The wire shape (an unbounded uncountable pool has `node_pool_metadata: Infinity`). */
  toJSON(): NodesWire {
    return {
      node_pool_type: this.poolType,
      node_pool_data: copyJson(itemsOf(this)) as NodesWire["node_pool_data"],
      // Python writes float("inf") as the bare token Infinity: see stringifyForServer.
      node_pool_metadata: this instanceof UncountableNodePool ? (this.softLimit ?? Infinity) : null,
    };
  }
}

/** The items of a countable pool, the template of an uncountable one. */
const itemsOf = (pool: Nodes): NodePoolItem[] => (pool as CountableNodePool).nodes ?? (pool as UncountableNodePool).template;

/** Python's pool[index] (negative indices count from the end); throws UsageError when out of range. */
function itemAt(pool: Nodes, index: number): NodePoolItem {
  const items = itemsOf(pool);
  const length = items.length;
  const resolved = index < 0 ? length + index : index;
  if (!Number.isInteger(index) || resolved < 0 || resolved >= length) {
    throw new UsageError(`${pool.poolType}.at(${index}): index out of range (length ${length})`);
  }
  return items[resolved]!;
}

/** Nodes.fromJSON(body), which must be a pool of `type` (the class name: minifiers rename classes). */
function expectPool<T extends Nodes>(body: unknown, type: NodePoolType): T {
  const pool = Nodes.fromJSON(body);
  if (pool.poolType === type) return pool as Nodes as T;
  throw new ValidationError(`${type}.fromJSON: "node_pool_type" is ${pool.poolType}`, { path: "node_pool_type" });
}

/** Every node of `items`, nested pools flattened at any depth (lazily: uncountable pools generate on demand). */
function* nodesOf(items: Iterable<NodePoolItem>): Generator<Node> {
  for (const item of items) {
    if (item instanceof Node) yield item;
    else yield* nodesOf(item);
  }
}

/** A pool with a fixed list of nodes and nested pools. */
export class CountableNodePool extends Nodes {
  readonly poolType = "CountableNodePool" as const;
  /** The pool's items, in order (mutable, like netunicorn's `nodes` list). */
  declare nodes: NodePoolItem[];

  constructor(nodes: NodePoolItem[] = []) {
    super();
    this.nodes = nodes;
  }

  /** Like Nodes.fromJSON, but the body must be a countable pool. */
  static override fromJSON(body: unknown): CountableNodePool {
    return expectPool(body, "CountableNodePool");
  }

  at(index: number): NodePoolItem {
    return itemAt(this, index);
  }

  filter(predicate: (node: Node) => boolean): CountableNodePool {
    const kept: NodePoolItem[] = [];
    for (const item of this.nodes) {
      if (item instanceof Node) {
        if (predicate(item)) kept.push(item);
      } else {
        const filtered = item.filter(predicate);
        if (filtered.length > 0) kept.push(filtered);
      }
    }
    return new CountableNodePool(kept);
  }

  /**
   * Flattens nested pools into their nodes, in order, as netunicorn's chain.from_iterable does for
   * one level: a nested uncountable pool generates nodes until its soft limit, then taking goes on
   * with the next item. Stops early when everything is taken. Deliberately unlike Python, a pool
   * nested two levels deep gives its nodes too (Python would hand back the pool itself, which no
   * deployment accepts), so `take` always returns nodes.
   */
  take(count: number): Node[] {
    const taken: Node[] = [];
    if (count <= 0) return taken;
    // Checked after each push: a nested uncountable pool must not generate one node too many.
    for (const node of nodesOf(this.nodes)) {
      taken.push(node);
      if (taken.length >= count) return taken;
    }
    return taken;
  }

  /** The items after the first `count`; an empty pool when `count` exceeds the length (Python warns). */
  skip(count: number): CountableNodePool {
    return new CountableNodePool(count > this.nodes.length ? [] : this.nodes.slice(count));
  }

  [Symbol.iterator](): Iterator<NodePoolItem> {
    return this.nodes[Symbol.iterator]();
  }

  /** Python's str(): the list of items. */
  override toString(): string {
    return `[${this.nodes.map(String).join(", ")}]`;
  }
}

/** The running name counter, shared by a pool and the pools filtered from it. */
interface Counter {
  next: number;
}

/** A template of nodes cycled through to generate as many nodes as needed (e.g. a cloud provider). */
export class UncountableNodePool extends Nodes {
  readonly poolType = "UncountableNodePool" as const;
  /** The template nodes, cycled through in order. */
  declare readonly template: Node[];
  /** At most this many nodes are generated (counted by the shared counter); null for no limit. */
  declare readonly softLimit: number | null;
  #counter: Counter = { next: 1 };
  #position = 0;

  constructor(template: Node[], softLimit: number | null = null) {
    super();
    this.template = template;
    this.softLimit = softLimit;
  }

  /** Like Nodes.fromJSON, but the body must be an uncountable pool. */
  static override fromJSON(body: unknown): UncountableNodePool {
    return expectPool(body, "UncountableNodePool");
  }

  /** A template node (not a generated one), as netunicorn's `pool[index]`. */
  at(index: number): Node {
    return itemAt(this, index) as Node;
  }

  /** A pool of the matching template nodes, with the same soft limit and the same (shared) name counter. */
  filter(predicate: (node: Node) => boolean): UncountableNodePool {
    const filtered = new UncountableNodePool(this.template.filter(predicate), this.softLimit);
    filtered.#counter = this.#counter;
    return filtered;
  }

  /** Generates `count` nodes; throws NodePoolExhaustedError past the soft limit (Python's StopIteration escapes). */
  take(count: number): Node[] {
    const taken: Node[] = [];
    for (let i = 0; i < count; i++) taken.push(this.next());
    return taken;
  }

  /** Advances the template cycle by `count` modulo the template length (the counter is untouched); returns this pool. */
  skip(count: number): this {
    const length = this.template.length;
    if (length === 0) throw new UsageError("UncountableNodePool.skip: the pool has no template nodes");
    this.#position = (((this.#position + count) % length) + length) % length;
    return this;
  }

  /** True while another node can be generated. */
  get hasNext(): boolean {
    return this.template.length > 0 && (this.softLimit === null || this.#counter.next <= this.softLimit);
  }

  /** Generates the next node: a copy of the next template node, named with the counter appended. */
  next(): Node {
    if (!this.hasNext) {
      const why = this.template.length === 0 ? "it has no template nodes" : `its soft limit of ${this.softLimit} nodes is reached`;
      throw new NodePoolExhaustedError(`UncountableNodePool: cannot generate another node, ${why}`);
    }
    const node = this.template[this.#position]!.clone();
    this.#position = (this.#position + 1) % this.template.length;
    node.name += String(this.#counter.next++);
    return node;
  }

  /** Generates nodes until the soft limit (forever when there is none). */
  *[Symbol.iterator](): Iterator<Node> {
    while (this.hasNext) yield this.next();
  }

  /** Python's str(). */
  override toString(): string {
    return `<Uncountable node pool with next node template: [${this.template.map(String).join(", ")}]>`;
  }
}
