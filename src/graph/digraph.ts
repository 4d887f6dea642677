/**
 * A directed graph with networkx's DiGraph semantics where they show in the pickle: nodes and
 * adjacency in insertion order, one attribute object per edge shared by the successor and
 * predecessor maps, adding an existing edge updates its attributes.
 */
import { UsageError } from "../errors.js";
import { TaskReference } from "./task.js";

/** A graph node: "root", a synchronisation point (string or integer) or a task. */
export type GraphNode = string | number | TaskReference;

export type EdgeType = "strong" | "weak";
export type TraverseOn = "success" | "failure" | "any";

/** Edge attributes (Python names: type, counter, traverse_on). */
export interface EdgeAttributes {
  /** "strong" (default): the target waits for this edge; "weak": only traversed (cycles). */
  type?: EdgeType;
  /** How many times the edge may be traversed (positive integer); unlimited when absent. */
  counter?: number;
  /** Only on edges leaving a task: traverse on its success, failure or either. */
  traverseOn?: TraverseOn;
}

export interface Edge {
  readonly from: GraphNode;
  readonly to: GraphNode;
  readonly attributes: EdgeAttributes;
}

const ATTRIBUTE_NAMES = new Set(["type", "counter", "traverseOn"]);

/** Describes a node in messages: task "name", sync point "x" or 3. */
export function describeNode(node: GraphNode): string {
  if (node instanceof TaskReference) return `task ${JSON.stringify(node.name)}`;
  if (node === "root") return "root";
  return `synchronisation point ${typeof node === "number" ? String(node) : JSON.stringify(node)}`;
}

export function describeEdge(from: GraphNode, to: GraphNode): string {
  return `edge ${describeNode(from)} → ${describeNode(to)}`;
}

function checkNode(node: unknown, operation: string): asserts node is GraphNode {
  if (node instanceof TaskReference || typeof node === "string") return;
  if (typeof node === "number" && Number.isSafeInteger(node)) return;
  throw new UsageError(`${operation}: a graph node must be a task, a string or an integer, got ${String(node)}`);
}

export class DiGraph {
  /** node → successor → attributes (networkx's _succ, aliased as _adj). */
  readonly succ: Map<GraphNode, Map<GraphNode, EdgeAttributes>> = new Map();
  /** node → predecessor → attributes (the same objects as in succ). */
  readonly pred: Map<GraphNode, Map<GraphNode, EdgeAttributes>> = new Map();

  get size(): number {
    return this.succ.size;
  }

  hasNode(node: GraphNode): boolean {
    return this.succ.has(node);
  }

  addNode(node: GraphNode): void {
    checkNode(node, "addNode");
    if (this.succ.has(node)) return;
    this.succ.set(node, new Map());
    this.pred.set(node, new Map());
  }

  /** Adds the edge (and missing nodes), or merges `attributes` into the existing edge's. */
  addEdge(from: GraphNode, to: GraphNode, attributes: EdgeAttributes = {}): void {
    checkNode(from, "addEdge");
    checkNode(to, "addEdge");
    this.addNode(from);
    this.addNode(to);
    const out = this.succ.get(from)!;
    const data = out.get(to) ?? {};
    for (const [key, value] of Object.entries(attributes)) {
      if (!ATTRIBUTE_NAMES.has(key)) {
        const hint = key === "traverse_on" ? ' (write it "traverseOn")' : "";
        throw new UsageError(`addEdge: unknown edge attribute ${JSON.stringify(key)}${hint} on ${describeEdge(from, to)}`);
      }
      if (value !== undefined) (data as Record<string, unknown>)[key] = value;
    }
    out.set(to, data);
    this.pred.get(to)!.set(from, data);
  }

  hasEdge(from: GraphNode, to: GraphNode): boolean {
    return this.succ.get(from)?.has(to) ?? false;
  }

  removeEdge(from: GraphNode, to: GraphNode): void {
    if (!this.hasEdge(from, to)) throw new UsageError(`removeEdge: there is no ${describeEdge(from, to)}`);
    this.succ.get(from)!.delete(to);
    this.pred.get(to)!.delete(from);
  }

  nodes(): GraphNode[] {
    return [...this.succ.keys()];
  }

  /** Edges in networkx order: by source node, then by insertion. */
  edges(): Edge[] {
    const out: Edge[] = [];
    for (const [from, targets] of this.succ) {
      for (const [to, attributes] of targets) out.push({ from, to, attributes });
    }
    return out;
  }
}
