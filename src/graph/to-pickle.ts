/**
 * Graph → pickle, in exactly the form the real executor loaded (see the contract's "execution
 * graph pickle" section): the graph, DiGraph and environment objects are made with NEWOBJ on their
 * class and filled by BUILD (no constructor runs); each task is made by CALLING its class through
 * functools.partial (so its own __init__ runs), written once and fetched from the memo after.
 */
import { UsageError } from "../errors.js";
import type { EnvironmentDefinition } from "../model/environment.js";
import { PyDict } from "../pickle/value.js";
import { type PickleOptions, PickleWriter, guardDepth } from "../pickle/write.js";
import { splitQualified } from "../pickle/write-classes.js";
import { BUILD, EMPTY_DICT, EMPTY_TUPLE, MARK, NEWOBJ, NONE, REDUCE, SETITEMS, TUPLE, TUPLE1 } from "../pickle/write-ops.js";
import type { DiGraph, EdgeAttributes, GraphNode } from "./digraph.js";
import { TaskReference } from "./task.js";

/** What the graph pickle holds besides the ExecutionGraph's own attributes (Python names and order). */
export interface GraphPickleSpec {
  module: string;
  className: string;
  /** Attributes written before `name` (CyclePipeline's edge_params comes first). */
  leading: [string, unknown][];
  /** Attributes written after override_graph_validation (Pipeline's last_stage). */
  trailing: [string, unknown][];
}

/** The ExecutionGraph attributes the pickle holds (declared here: execution-graph.ts imports this module, not the other way). */
export interface PickledGraph {
  readonly name: string;
  readonly earlyStopping: boolean;
  readonly reportResults: boolean;
  readonly environmentDefinition: EnvironmentDefinition;
  readonly graph: DiGraph;
  readonly overrideGraphValidation: boolean;
}

/** Writes itself; other values of an attribute dict go through `PickleWriter.value`. */
type Part = (w: PickleWriter) => void;

/** Writes the execution graph object: class via NEWOBJ, then its attribute dict and BUILD. */
export function graphToPickle(graph: PickledGraph, spec: GraphPickleSpec, options: PickleOptions = {}): Uint8Array {
  const object = built(spec.module, spec.className, [
    ...spec.leading,
    ["name", graph.name],
    ["early_stopping", graph.earlyStopping],
    ["report_results", graph.reportResults],
    ["environment_definition", environment(graph.environmentDefinition)],
    ["graph", digraph(graph.graph)],
    ["override_graph_validation", graph.overrideGraphValidation],
    ...spec.trailing,
  ]);
  return guardDepth(() => {
    const w = new PickleWriter(options);
    object(w);
    return w.finish();
  });
}

/** A task (built on first use, then BINGET), a part, or any other value. */
function put(w: PickleWriter, value: unknown): void {
  if (value instanceof TaskReference) writeTask(w, value);
  else if (typeof value === "function") (value as Part)(w);
  else w.value(value);
}

/**
 * A fresh dict (memoized under `identity` when given) holding `entries` (keys written with
 * `put`, values with `putValue`), in one MARK … SETITEMS when there are any.
 */
function dict<V>(w: PickleWriter, entries: Map<unknown, V>, identity?: object, putValue: (w: PickleWriter, value: V) => void = put): void {
  w.op(EMPTY_DICT);
  w.remember(identity);
  if (entries.size === 0) return;
  w.op(MARK);
  for (const [key, value] of entries) {
    put(w, key);
    putValue(w, value);
  }
  w.op(SETITEMS);
}

/** An object made by cls.__new__(cls) (NEWOBJ) whose __dict__ is set by BUILD. */
function built(module: string, className: string, attributes: [string, unknown][]): Part {
  return (w) => {
    w.global(module, className);
    w.op(EMPTY_TUPLE, NEWOBJ);
    w.remember();
    dict(w, new Map(attributes));
    w.op(BUILD);
  };
}

const ENV_MODULE = "netunicorn.base.environment_definitions";

/** The environment definition with its Python attributes (ports mapping keys as Python ints). */
function environment(env: EnvironmentDefinition): Part {
  const rc = env.runtimeContext;
  const ports = Object.entries(rc.portsMapping).map(([host, container]): [number, number] => {
    const port = Number(host);
    if (!Number.isSafeInteger(port) || !Number.isSafeInteger(container)) {
      throw new UsageError(`environment definition: ports mapping ${host} → ${String(container)} must map integers`);
    }
    return [port, container];
  });
  const attributes: [string, unknown][] = [
    ["commands", [...env.commands]],
    [
      "runtime_context",
      built(ENV_MODULE, "RuntimeContext", [
        ["ports_mapping", new PyDict(ports)],
        ["environment_variables", { ...rc.environmentVariables }],
        ["network", rc.network],
        ["additional_arguments", [...rc.additionalArguments]],
      ]),
    ],
  ];
  if (env.type === "DockerImage") {
    const build = env.buildContext;
    attributes.push(
      ["image", env.image ?? null],
      [
        "build_context",
        built(ENV_MODULE, "BuildContext", [
          ["python_version", build.pythonVersion],
          ["cloudpickle_version", build.cloudpickleVersion],
        ]),
      ],
    );
  }
  return built(ENV_MODULE, env.type, attributes);
}

/** networkx's DiGraph state: graph, _node, _adj (the same dict as _succ), _succ, _pred, __networkx_cache__. */
function digraph(graph: DiGraph): Part {
  // node → {neighbour: edge attributes}; each edge's dict is written once and shared by _succ and _pred
  const adjacency = (map: Map<GraphNode, Map<GraphNode, EdgeAttributes>>): Part => (w) =>
    dict(w, map, map, (w, neighbours) => dict(w, neighbours, undefined, writeEdge));
  return built("networkx.classes.digraph", "DiGraph", [
    ["graph", {}],
    ["_node", (w: PickleWriter) => dict(w, graph.succ, undefined, emptyDict)], // no node attributes
    ["_adj", adjacency(graph.succ)],
    ["_succ", (w: PickleWriter) => w.recall(graph.succ)], // networkx aliases _adj and _succ: one dict
    ["_pred", adjacency(graph.pred)],
    ["__networkx_cache__", {}], // networkx >= 3.3 expects it
  ]);
}

function emptyDict(w: PickleWriter): void {
  w.op(EMPTY_DICT);
  w.remember();
}

/** The Python attribute dict of an edge (type, counter, traverse_on): written once, then BINGET. */
function writeEdge(w: PickleWriter, attributes: EdgeAttributes): void {
  if (w.recall(attributes)) return;
  w.op(EMPTY_DICT);
  w.remember(attributes);
  const items: [string, unknown][] = [];
  if (attributes.type !== undefined) items.push(["type", attributes.type]);
  if (attributes.counter !== undefined) items.push(["counter", attributes.counter]);
  if (attributes.traverseOn !== undefined) items.push(["traverse_on", attributes.traverseOn]);
  w.setItems(items, true);
}

/**
 * A task instance, built by calling its class: functools.partial(cls, **kwargs, name=...) made
 * with NEWOBJ on (cls,) and BUILD with the state (cls, (), kwargs, None), then REDUCE with the
 * positional arguments. Memoized under the task so every later use is a BINGET.
 */
function writeTask(w: PickleWriter, task: TaskReference): void {
  if (w.recall(task)) return;
  const [module, name] = splitQualified(task.className);
  w.global("functools", "partial");
  w.global(module, name);
  w.op(TUPLE1, NEWOBJ);
  w.remember();
  w.op(MARK);
  w.global(module, name);
  w.op(EMPTY_TUPLE);
  w.value({ ...task.kwargs, name: task.name });
  w.op(NONE, TUPLE, BUILD);
  w.tuple(task.args);
  w.op(REDUCE);
  w.remember(task);
}
