/**
 * Reads what the simulated executor needs from a deployment's execution graph pickle: the nodes
 * (root, synchronisation points, tasks with their class name and attributes) and the edges with
 * type, counter and traverse_on. Decoded with the library's safe unpickler; nothing is executed.
 */
import { readTaskCall } from "../graph/index.js";
import { PyDict, PyGlobal, PyObject, unpickle, type PyValue } from "../pickle/index.js";

export interface GraphTask {
  kind: "task";
  /** The task's `name` attribute (its key in the results). */
  name: string;
  /** The task class name without module (e.g. "SleepTask"). */
  className: string;
  /** The task's instance attributes (name, seconds, command...), or its keyword arguments. */
  attributes: PyDict;
  /** Positional arguments, for a task pickled as a call of its class (this library's graphs). */
  args: PyValue[];
}

export interface GraphPoint {
  kind: "point";
  /** "root" or a synchronisation point (stage number or any label). */
  label: string;
}

export type GraphNode = GraphTask | GraphPoint;

export interface GraphEdge {
  from: number;
  to: number;
  weak: boolean;
  counter: number;
  traverseOn: "success" | "failure" | "any";
}

export interface GraphSummary {
  earlyStopping: boolean;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Index of the root node in `nodes`. */
  root: number;
}

function stateDict(value: PyValue | undefined): PyDict | undefined {
  if (value instanceof PyObject && value.state instanceof PyDict) return value.state;
  return undefined;
}

/** Last segment of a class reference: a global, or a class cloudpickle rebuilt by value. */
function className(cls: PyValue): string {
  if (cls instanceof PyGlobal) return cls.name;
  if (cls instanceof PyObject) {
    const name = cls.args[1];
    if (typeof name === "string") return name;
    const qualname = stateDict(cls)?.get("__qualname__");
    if (typeof qualname === "string") return qualname;
  }
  return "Task";
}

function toNode(key: PyValue, index: number): GraphNode {
  // a task written as functools.partial(cls, **kwargs)(*args), as this library's graph writer does
  const call = readTaskCall(key);
  if (call !== undefined) {
    const shortName = call.className.split(".").at(-1) as string;
    return { kind: "task", name: call.name ?? `${shortName}-${index}`, className: shortName, attributes: call.kwargs, args: call.args };
  }
  const state = stateDict(key);
  const name = state?.get("name");
  if (key instanceof PyObject && state !== undefined && typeof name === "string") {
    return { kind: "task", name, className: className(key.callable), attributes: state, args: [] };
  }
  return { kind: "point", label: typeof key === "string" || typeof key === "number" ? String(key) : "?" };
}

function edgeOf(from: number, to: number, attrs: PyValue | undefined): GraphEdge {
  const dict = attrs instanceof PyDict ? attrs : new PyDict();
  const counter = dict.get("counter");
  const traverse = dict.get("traverse_on");
  return {
    from,
    to,
    weak: dict.get("type") === "weak",
    counter: typeof counter === "number" ? counter : 1,
    traverseOn: traverse === "failure" || traverse === "any" ? traverse : "success",
  };
}

/** The graph inside an execution-graph pickle, or null when it is not one the sandbox understands. */
export function readGraph(bytes: Uint8Array): GraphSummary | null {
  let top: PyValue;
  try {
    top = unpickle(bytes);
  } catch {
    return null;
  }
  const graphState = stateDict(stateDict(top)?.get("graph"));
  const adjacency = graphState?.get("_succ") ?? graphState?.get("_adj");
  if (!(adjacency instanceof PyDict)) return null;
  const index = new Map<PyValue, number>();
  const nodes: GraphNode[] = [];
  for (const key of adjacency.keys()) {
    index.set(key, nodes.length);
    nodes.push(toNode(key, nodes.length));
  }
  const edges: GraphEdge[] = [];
  for (const [key, successors] of adjacency) {
    if (!(successors instanceof PyDict)) continue;
    for (const [target, attrs] of successors) {
      const to = index.get(target);
      if (to !== undefined) edges.push(edgeOf(index.get(key) as number, to, attrs));
    }
  }
  const root = nodes.findIndex((n) => n.kind === "point" && n.label === "root");
  if (root < 0) return null;
  return { earlyStopping: stateDict(top)?.get("early_stopping") !== false, nodes, edges, root };
}
