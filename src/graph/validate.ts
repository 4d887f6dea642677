/**
 * The rules of netunicorn's ExecutionGraph.is_execution_graph_valid, in the same order, with
 * messages that name the offending node or edge. Added here: attribute values must have the
 * types the executor expects, and two different tasks may not share a name (Python only warns,
 * but their results would be mixed up).
 */
import { GraphValidationError } from "../errors.js";
import { describeEdge, describeNode, type DiGraph, type EdgeAttributes, type GraphNode } from "./digraph.js";
import { TaskReference } from "./task.js";

const EDGE_TYPES = new Set(["strong", "weak"]);
const TRAVERSE_ON = new Set(["success", "failure", "any"]);

function fail(name: string, message: string): never {
  throw new GraphValidationError(`execution graph ${JSON.stringify(name)}: ${message}`, { operation: "validate" });
}

function listNodes(nodes: Iterable<GraphNode>, limit = 5): string {
  const all = [...nodes];
  const shown = all.slice(0, limit).map(describeNode).join(", ");
  return all.length > limit ? `${shown} and ${all.length - limit} more` : shown;
}

type Visit = (next: GraphNode) => void;

/** Nodes reachable from root; `forEachNext(node, visit)` visits the nodes one step from `node`. */
function reachableFromRoot(forEachNext: (node: GraphNode, visit: Visit) => void): Set<GraphNode> {
  const seen = new Set<GraphNode>(["root"]);
  const stack: GraphNode[] = ["root"];
  const visit: Visit = (next) => {
    if (!seen.has(next)) {
      seen.add(next);
      stack.push(next);
    }
  };
  while (stack.length > 0) forEachNext(stack.pop()!, visit);
  return seen;
}

/** A cycle through strong edges (as a node list), or undefined when there is none. */
function findStrongCycle(graph: DiGraph): GraphNode[] | undefined {
  const indegree = new Map<GraphNode, number>();
  for (const node of graph.succ.keys()) indegree.set(node, 0);
  for (const targets of graph.succ.values()) {
    for (const [to, attributes] of targets) if (attributes.type !== "weak") indegree.set(to, indegree.get(to)! + 1);
  }
  const queue = [...indegree].filter(([, d]) => d === 0).map(([n]) => n);
  while (queue.length > 0) {
    const node = queue.pop()!;
    indegree.delete(node);
    for (const [next, attrs] of graph.succ.get(node)!) {
      if (attrs.type === "weak") continue;
      const d = indegree.get(next)! - 1;
      indegree.set(next, d);
      if (d === 0) queue.push(next);
    }
  }
  if (indegree.size === 0) return undefined;
  // Every node left has a strong predecessor that is also left: walk back until one repeats.
  const path: GraphNode[] = [];
  const index = new Map<GraphNode, number>();
  let node: GraphNode = indegree.keys().next().value!;
  while (!index.has(node)) {
    index.set(node, path.length);
    path.push(node);
    node = [...graph.pred.get(node)!].find(([p, a]) => a.type !== "weak" && indegree.has(p))![0];
  }
  return path.slice(index.get(node)).reverse();
}

function checkAttributes(name: string, from: GraphNode, to: GraphNode, attributes: EdgeAttributes): void {
  const where = (): string => describeEdge(from, to);
  if (attributes.type !== undefined && !EDGE_TYPES.has(attributes.type)) {
    fail(name, `${where()} has type ${JSON.stringify(attributes.type)}; it must be "strong" or "weak"`);
  }
  const counter = attributes.counter;
  if (counter !== undefined && (!Number.isSafeInteger(counter) || counter <= 0)) {
    fail(name, `${where()} has counter ${JSON.stringify(counter)}; it must be a positive integer`);
  }
  const on = attributes.traverseOn;
  if (on !== undefined && !TRAVERSE_ON.has(on)) {
    fail(name, `${where()} has traverseOn ${JSON.stringify(on)}; it must be "success", "failure" or "any"`);
  }
  if (on !== undefined && !(from instanceof TaskReference)) {
    fail(name, `${where()} has traverseOn, which is only allowed on edges leaving a task (not a synchronisation point)`);
  }
}

function checkTaskNames(name: string, graph: DiGraph): void {
  // Graph nodes are distinct, so a repeated name always means two different tasks.
  const seen = new Set<string>();
  for (const node of graph.succ.keys()) {
    if (!(node instanceof TaskReference)) continue;
    if (seen.has(node.name)) fail(name, `two different tasks are named ${JSON.stringify(node.name)}; results are keyed by task name`);
    seen.add(node.name);
  }
}

/** Throws GraphValidationError when netunicorn would refuse the graph. */
export function validateGraph(name: string, graph: DiGraph): void {
  if (!graph.hasNode("root")) fail(name, "it must have a root node");
  // weak connectivity: edge direction ignored
  const connected = reachableFromRoot((node, visit) => {
    for (const next of graph.succ.get(node)!.keys()) visit(next);
    for (const previous of graph.pred.get(node)!.keys()) visit(previous);
  });
  if (connected.size !== graph.size) {
    const apart = [...graph.succ.keys()].filter((n) => !connected.has(n));
    fail(name, `it must be weakly connected; not connected to root: ${listNodes(apart)}`);
  }
  const fromRoot = reachableFromRoot((node, visit) => {
    for (const next of graph.succ.get(node)!.keys()) visit(next);
  });
  const unreachable = [...graph.succ.keys()].filter((n) => !fromRoot.has(n));
  if (unreachable.length > 0) fail(name, `every node must be reachable from root; unreachable: ${listNodes(unreachable)}`);
  const cycle = findStrongCycle(graph);
  if (cycle !== undefined) {
    const shown = [...cycle, cycle[0]!].map(describeNode).join(" → ");
    fail(name, `without its weak edges it must be acyclic (cycles of strong edges deadlock); cycle: ${shown}`);
  }
  const strongFromRoot = reachableFromRoot((node, visit) => {
    for (const [next, attributes] of graph.succ.get(node)!) if (attributes.type !== "weak") visit(next);
  });
  const cutOff = [...graph.succ.keys()].filter((n) => !strongFromRoot.has(n));
  if (cutOff.length > 0) {
    fail(name, `every node must stay reachable from root through strong edges; only weak edges lead to: ${listNodes(cutOff)}`);
  }
  for (const [from, targets] of graph.succ) {
    for (const [to, attributes] of targets) checkAttributes(name, from, to, attributes);
  }
  checkTaskNames(name, graph);
}
