/**
 * The rules of netunicorn's ExecutionGraph.is_execution_graph_valid, in the same order, with
 * messages that name the offending node or edge. Added here: attribute values must have the
 * types the executor expects, and two different tasks may not share a name (Python only warns,
 * but their results would be mixed up).
 */
import { GraphValidationError } from "../errors.js";
import { describeEdge, describeNode, type DiGraph, type GraphNode } from "./digraph.js";
import { TaskReference } from "./task.js";

/** Throws GraphValidationError when netunicorn would refuse the graph. */
export function validateGraph(name: string, graph: DiGraph): void {
  const fail = (message: string): never => {
    throw new GraphValidationError(`execution graph ${JSON.stringify(name)}: ${message}`, { operation: "validate" });
  };
  const nodes = graph.nodes();
  const { succ, pred } = graph;
  /**
   * Fails with `message` and the nodes not reached from root (following strong edges only, or
   * all edges, and backwards too when `undirected`), when there are any.
   */
  const reach = (strongOnly: boolean, undirected: boolean, message: string): void => {
    const seen = new Set<GraphNode>(["root"]);
    for (const node of seen) {
      // a Set iterates over what is added meanwhile
      for (const [next, a] of succ.get(node)!) if (!strongOnly || a.type !== "weak") seen.add(next);
      if (undirected) for (const previous of pred.get(node)!.keys()) seen.add(previous);
    }
    const apart = nodes.filter((n) => !seen.has(n));
    if (apart.length > 0) {
      const shown = apart.slice(0, 5).map(describeNode).join(", ");
      fail(`${message}: ${apart.length > 5 ? `${shown} and ${apart.length - 5} more` : shown}`);
    }
  };

  if (!graph.hasNode("root")) fail("it must have a root node");
  // weak connectivity: edge direction ignored
  reach(false, true, "it must be weakly connected; not connected to root");
  reach(false, false, "every node must be reachable from root; unreachable");

  // Without weak edges the graph must be acyclic: peel off nodes without strong predecessors (Kahn).
  const indegree = new Map<GraphNode, number>(nodes.map((n) => [n, 0]));
  for (const targets of succ.values()) for (const [to, a] of targets) if (a.type !== "weak") indegree.set(to, indegree.get(to)! + 1);
  const free = nodes.filter((n) => indegree.get(n) === 0);
  for (const node of free) {
    indegree.delete(node);
    for (const [to, a] of succ.get(node)!) {
      if (a.type !== "weak" && indegree.set(to, indegree.get(to)! - 1).get(to) === 0) free.push(to);
    }
  }
  if (indegree.size > 0) {
    // Every node left has a strong predecessor that is also left: walk back until one repeats.
    const path = new Set<GraphNode>();
    let node: GraphNode = indegree.keys().next().value!;
    while (!path.has(node)) {
      path.add(node);
      node = [...pred.get(node)!].find(([p, a]) => a.type !== "weak" && indegree.has(p))![0];
    }
    const cycle = [...path].slice([...path].indexOf(node)).reverse();
    const shown = [...cycle, cycle[0]!].map(describeNode).join(" → ");
    fail(`without its weak edges it must be acyclic (cycles of strong edges deadlock); cycle: ${shown}`);
  }
  reach(true, false, "every node must stay reachable from root through strong edges; only weak edges lead to");

  for (const { from, to, attributes } of graph.edges()) {
    const bad = (what: string, rule: string): never => fail(`${describeEdge(from, to)} has ${what}${rule}`);
    const { type, counter, traverseOn } = attributes;
    const json = JSON.stringify;
    if (type !== undefined && type !== "strong" && type !== "weak") bad(`type ${json(type)}`, '; it must be "strong" or "weak"');
    if (counter !== undefined && !(Number.isSafeInteger(counter) && counter > 0)) bad(`counter ${json(counter)}`, "; it must be a positive integer");
    if (traverseOn !== undefined) {
      if (!["success", "failure", "any"].includes(traverseOn)) bad(`traverseOn ${json(traverseOn)}`, '; it must be "success", "failure" or "any"');
      if (!(from instanceof TaskReference)) bad("traverseOn", ", which is only allowed on edges leaving a task (not a synchronisation point)");
    }
  }

  // Graph nodes are distinct, so a repeated name always means two different tasks.
  const names = new Set<string>();
  for (const node of nodes) {
    if (!(node instanceof TaskReference)) continue;
    if (names.has(node.name)) fail(`two different tasks are named ${JSON.stringify(node.name)}; results are keyed by task name`);
    names.add(node.name);
  }
}
