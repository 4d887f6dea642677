/**
 * Task dispatchers (netunicorn.base.task.TaskDispatcher) and the per-node step of Python's
 * Deployment that resolves them: each dispatcher in the graph is replaced by what its
 * dispatch(node) returns, by networkx's copying relabel_nodes.
 */
import type { Node } from "../model/node.js";
import { DiGraph, type GraphNode } from "./digraph.js";
import { TaskReference } from "./task.js";

/**
 * A task that stands for another task chosen per node (e.g. netunicorn-library's Ping picks
 * PingLinuxImplementation on Linux). Experiment.append/map replace it by `dispatch(node)`;
 * a subclass throws (DispatchError) for a node it has no implementation for.
 */
export abstract class TaskDispatcher extends TaskReference {
  abstract dispatch(node: Node): TaskReference;
}

/**
 * networkx's relabel_nodes(graph, mapping) with copy=True, which Python's Deployment always does:
 * nodes in the same order (relabelled), then edges in networkx edge order with copied attributes.
 */
export function relabelCopy(graph: DiGraph, mapping: ReadonlyMap<GraphNode, GraphNode>): DiGraph {
  const label = (node: GraphNode): GraphNode => mapping.get(node) ?? node;
  const copy = new DiGraph();
  for (const node of graph.nodes()) copy.addNode(label(node));
  for (const { from, to, attributes } of graph.edges()) copy.addEdge(label(from), label(to), { ...attributes });
  return copy;
}

/** Deployment step 4: `{x: x.dispatch(node) for x in graph.nodes if isinstance(x, TaskDispatcher)}`, in node order. */
export function dispatchMapping(graph: DiGraph, node: Node): Map<GraphNode, GraphNode> {
  const mapping = new Map<GraphNode, GraphNode>();
  for (const item of graph.nodes()) if (item instanceof TaskDispatcher) mapping.set(item, item.dispatch(node));
  return mapping;
}
