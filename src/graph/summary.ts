/**
 * A readable summary of a pickled netunicorn ExecutionGraph (a deployment's execution_graph),
 * decoded safely: graph class, name, flags, environment type, networkx nodes and edges.
 * The shape mirrors the golden fixtures' expected_graph (snake_case keys, as JSON for people).
 */
import { PickleError } from "../errors.js";
import type { PickleLimits } from "../pickle/limits.js";
import { classPath, skeletonInfo } from "../pickle/read-classes.js";
import { unpickle } from "../pickle/read.js";
import { setOwnProperty, type JsonValue } from "../json.js";
import { toView } from "../pickle/view.js";
import { PyDict, PyGlobal, PyObject, PyTuple, type PyValue } from "../pickle/value.js";
import { readTaskCall } from "./task-call.js";

export type GraphSummaryNode =
  | { kind: "root" | "sync"; key: string; id: string; id_python_type: string }
  | {
      kind: "task";
      key: string;
      task_class: string;
      task_name: JsonValue;
      attributes: { [name: string]: JsonValue };
      non_json_attributes: string[];
    };

export interface GraphSummaryEdge {
  from: string;
  to: string;
  attrs: { [name: string]: JsonValue };
}

export interface ExecutionGraphSummary {
  type: string;
  module: string;
  name: JsonValue;
  early_stopping: JsonValue;
  report_results: JsonValue;
  environment_definition_type: string | null;
  other_attributes: { [name: string]: JsonValue };
  nodes: GraphSummaryNode[];
  edges: GraphSummaryEdge[];
}

const GRAPH_FIELDS = ["name", "early_stopping", "report_results", "environment_definition", "graph"];

function fail(message: string): never {
  throw new PickleError(`summarizeExecutionGraph: ${message}`, { offset: 0 });
}

/** Module and qualified name of a class reference (global or cloudpickle by-value class). */
function classParts(cls: PyValue): [string, string] {
  if (cls instanceof PyGlobal) return [cls.module, cls.name];
  const info = skeletonInfo(cls);
  return info ? [info.module, info.qualname] : ["?", "?"];
}

/** The value as plain JSON when JSON can hold it (as json.dumps would), else undefined. */
function plainJson(v: PyValue, depth = 0): JsonValue | undefined {
  if (depth > 100) return undefined;
  if (v === null || typeof v === "boolean" || typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) return v;
  const items = Array.isArray(v) ? v : v instanceof PyTuple ? v.items : undefined;
  if (items) {
    const out = items.map((item) => plainJson(item, depth + 1));
    return out.includes(undefined) ? undefined : (out as JsonValue[]);
  }
  if (!(v instanceof PyDict)) return undefined;
  const o: { [k: string]: JsonValue } = {};
  for (const [k, val] of v) {
    const j = typeof k === "string" ? plainJson(val, depth + 1) : undefined;
    if (j === undefined) return undefined;
    setOwnProperty(o, k as string, j);
  }
  return o;
}

/** Plain JSON when it fits, else the tagged pickle view (bytes, sets, objects...). */
const jsonOf = (v: PyValue): JsonValue => plainJson(v) ?? toView(v);

const stateOf = (v: PyValue): PyDict => (v instanceof PyObject && v.state instanceof PyDict ? v.state : new PyDict());

function nodeKey(node: PyValue): string {
  const call = readTaskCall(node);
  if (call !== undefined) return call.name ?? "?";
  if (!(node instanceof PyObject)) return String(node);
  const name = stateOf(node).get("name");
  return typeof name === "string" ? name : String(plainJson(name ?? null));
}

function summarizeNode(node: PyValue): GraphSummaryNode {
  if (!(node instanceof PyObject)) {
    const id = String(node);
    const t = typeof node;
    const pyType = t === "string" ? "str" : t === "boolean" ? "bool" : t === "number" && !Number.isInteger(node) ? "float" : "int";
    return { kind: node === "root" ? "root" : "sync", key: id, id, id_python_type: pyType };
  }
  const attributes: { [name: string]: JsonValue } = {};
  const nonJson: string[] = [];
  // a task pickled the way this library writes tasks (functools.partial(cls, **kwargs)(*args)):
  // its attributes are not known without running __init__, so its keyword arguments stand in
  const call = readTaskCall(node);
  const fields = call?.kwargs ?? stateOf(node);
  for (const [k, val] of fields) {
    if (typeof k !== "string" || k.startsWith("_")) continue;
    const j = plainJson(val);
    if (j === undefined) nonJson.push(k);
    else setOwnProperty(attributes, k, j);
  }
  const name = fields.get("name");
  return {
    kind: "task", key: nodeKey(node), task_class: call?.className ?? classPath(node.callable) ?? "?",
    task_name: name === undefined ? null : jsonOf(name), attributes, non_json_attributes: nonJson,
  };
}

/** Summarizes a pickled ExecutionGraph without executing anything. Throws PickleError when it is not one. */
export function summarizeExecutionGraph(bytes: Uint8Array, limits?: Partial<PickleLimits>): ExecutionGraphSummary {
  const graph = unpickle(bytes, limits);
  if (!(graph instanceof PyObject) || !(graph.state instanceof PyDict)) fail("the pickle does not hold an ExecutionGraph object");
  const state = graph.state;
  const nx = stateOf(state.get("graph") ?? null);
  const nodes = nx.get("_node");
  if (!(nodes instanceof PyDict)) fail("the ExecutionGraph has no networkx graph");
  const [module, type] = classParts(graph.callable);
  const env = state.get("environment_definition");
  const other: { [name: string]: JsonValue } = {};
  for (const [k, val] of state) {
    if (typeof k === "string" && !k.startsWith("_") && !GRAPH_FIELDS.includes(k)) setOwnProperty(other, k, jsonOf(val));
  }
  const simple = (key: string): JsonValue => { const v = state.get(key); return v === undefined ? null : jsonOf(v); };
  const edges: GraphSummaryEdge[] = [];
  const adj = nx.get("_adj") ?? nx.get("_succ");
  for (const [from, targets] of adj instanceof PyDict ? adj : []) {
    if (!(targets instanceof PyDict)) continue;
    for (const [to, attrs] of targets) {
      const view = jsonOf(attrs);
      edges.push({ from: nodeKey(from), to: nodeKey(to), attrs: typeof view === "object" && view !== null && !Array.isArray(view) ? view : {} });
    }
  }
  return {
    type, module, name: simple("name"), early_stopping: simple("early_stopping"), report_results: simple("report_results"),
    environment_definition_type: env instanceof PyObject ? classParts(env.callable)[1] : null,
    other_attributes: other,
    nodes: [...nodes.keys()].map(summarizeNode),
    edges,
  };
}
