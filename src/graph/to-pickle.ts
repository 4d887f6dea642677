/**
 * Graph → pickle, in exactly the form the real executor loaded (see the contract's "execution
 * graph pickle" section): the graph, DiGraph and environment objects are made with NEWOBJ on their
 * class and filled by BUILD (no constructor runs); each task is made by CALLING its class through
 * functools.partial (so its own __init__ runs), written once and fetched from the memo after.
 */
import { type PickleOptions, PickleWriter, withPath } from "../pickle/write.js";
import { PyDict } from "../pickle/value.js";
import { OP } from "../pickle/opcodes.js";
import type { DiGraph, EdgeAttributes, GraphNode } from "./digraph.js";
import type { EnvironmentState } from "./environment-state.js";
import { TaskReference } from "./task.js";

/** What the graph pickle holds besides the DiGraph (Python attribute names and order). */
export interface GraphPickleSpec {
  module: string;
  className: string;
  /** Attributes written before `name` (CyclePipeline's edge_params comes first). */
  leading: [string, unknown][];
  name: string;
  earlyStopping: boolean;
  reportResults: boolean;
  environment: EnvironmentState;
  graph: DiGraph;
  overrideGraphValidation: boolean;
  /** Attributes written after override_graph_validation (Pipeline's last_stage). */
  trailing: [string, unknown][];
}

/** Writes the execution graph object: class via NEWOBJ, then its attribute dict and BUILD. */
export function graphToPickle(spec: GraphPickleSpec, options: PickleOptions = {}): Uint8Array {
  return withPath(() => {
    const w = new PickleWriter(options);
    newObject(w, spec.module, spec.className);
    dictOf(w, () => {
      for (const [key, value] of spec.leading) entry(w, key, () => w.value(value));
      entry(w, "name", () => w.string(spec.name));
      entry(w, "early_stopping", () => w.value(spec.earlyStopping));
      entry(w, "report_results", () => w.value(spec.reportResults));
      entry(w, "environment_definition", () => writeEnvironment(w, spec.environment));
      entry(w, "graph", () => writeDiGraph(w, spec.graph));
      entry(w, "override_graph_validation", () => w.value(spec.overrideGraphValidation));
      for (const [key, value] of spec.trailing) entry(w, key, () => w.value(value));
    });
    w.op(OP.BUILD);
    return w.finish();
  });
}

/** cls.__new__(cls): STACK_GLOBAL, EMPTY_TUPLE, NEWOBJ, MEMOIZE. */
function newObject(w: PickleWriter, module: string, className: string): void {
  w.global(module, className);
  w.op(OP.EMPTY_TUPLE);
  w.op(OP.NEWOBJ);
  w.remember();
}

/** A fresh dict filled by `fill` (which writes key/value pairs) in one MARK … SETITEMS. */
function dictOf(w: PickleWriter, fill: () => void): void {
  w.op(OP.EMPTY_DICT);
  w.remember();
  w.op(OP.MARK);
  fill();
  w.op(OP.SETITEMS);
}

function entry(w: PickleWriter, key: string, writeValue: () => void): void {
  w.string(key);
  writeValue();
}

/** An object made by NEWOBJ whose __dict__ is set by BUILD. */
function builtObject(w: PickleWriter, module: string, className: string, fill: () => void): void {
  newObject(w, module, className);
  dictOf(w, fill);
  w.op(OP.BUILD);
}

const ENV_MODULE = "netunicorn.base.environment_definitions";

function writeEnvironment(w: PickleWriter, env: EnvironmentState): void {
  builtObject(w, ENV_MODULE, env.type, () => {
    entry(w, "commands", () => w.value([...env.commands]));
    entry(w, "runtime_context", () =>
      builtObject(w, ENV_MODULE, "RuntimeContext", () => {
        const ports = new PyDict(env.runtimeContext.portsMapping.map(([a, b]) => [a, b] as const));
        entry(w, "ports_mapping", () => w.value(ports));
        entry(w, "environment_variables", () => w.value({ ...env.runtimeContext.environmentVariables }));
        entry(w, "network", () => w.value(env.runtimeContext.network));
        entry(w, "additional_arguments", () => w.value([...env.runtimeContext.additionalArguments]));
      }),
    );
    if (env.type === "DockerImage") {
      entry(w, "image", () => w.value(env.image ?? null));
      const build = env.buildContext;
      entry(w, "build_context", () =>
        builtObject(w, ENV_MODULE, "BuildContext", () => {
          entry(w, "python_version", () => w.string(build.pythonVersion));
          entry(w, "cloudpickle_version", () => w.value(build.cloudpickleVersion));
        }),
      );
    }
  });
}

/** networkx's DiGraph state: graph, _node, _adj (the same dict as _succ), _succ, _pred, __networkx_cache__. */
function writeDiGraph(w: PickleWriter, graph: DiGraph): void {
  builtObject(w, "networkx.classes.digraph", "DiGraph", () => {
    entry(w, "graph", () => emptyDict(w));
    entry(w, "_node", () => nodeMap(w, graph));
    entry(w, "_adj", () => adjacency(w, graph.succ));
    entry(w, "_succ", () => w.recall(graph.succ)); // networkx aliases _adj and _succ: one dict
    entry(w, "_pred", () => adjacency(w, graph.pred));
    entry(w, "__networkx_cache__", () => emptyDict(w)); // networkx >= 3.3 expects it
  });
}

function emptyDict(w: PickleWriter): void {
  w.op(OP.EMPTY_DICT);
  w.remember();
}

/** _node: {node: {}} (no node attributes) over all nodes, in insertion order. */
function nodeMap(w: PickleWriter, graph: DiGraph): void {
  dictOf(w, () => {
    for (const node of graph.succ.keys()) {
      writeNode(w, node);
      emptyDict(w);
    }
  });
}

function adjacency(w: PickleWriter, map: Map<GraphNode, Map<GraphNode, EdgeAttributes>>): void {
  w.op(OP.EMPTY_DICT);
  w.remember(map);
  w.op(OP.MARK);
  for (const [node, neighbours] of map) {
    writeNode(w, node);
    emptyDict(w);
    if (neighbours.size > 0) {
      w.op(OP.MARK);
      for (const [other, attributes] of neighbours) {
        writeNode(w, other);
        writeEdgeDict(w, attributes); // one dict per edge: memoized, shared by _succ and _pred
      }
      w.op(OP.SETITEMS);
    }
  }
  w.op(OP.SETITEMS);
}

/** The Python attribute dict of an edge (type, counter, traverse_on): written once, then BINGET. */
function writeEdgeDict(w: PickleWriter, attributes: EdgeAttributes): void {
  if (w.recall(attributes)) return;
  w.op(OP.EMPTY_DICT);
  w.remember(attributes);
  const items: [string, string | number][] = [];
  if (attributes.type !== undefined) items.push(["type", attributes.type]);
  if (attributes.counter !== undefined) items.push(["counter", attributes.counter]);
  if (attributes.traverseOn !== undefined) items.push(["traverse_on", attributes.traverseOn]);
  w.setItems(items, true);
}

/** A node key: the task (built on first use, then BINGET), a string or an int. */
function writeNode(w: PickleWriter, node: GraphNode): void {
  if (node instanceof TaskReference) return writeTask(w, node);
  w.value(node);
}

/**
 * A task instance, built by calling its class: functools.partial(cls, **kwargs, name=...) made
 * with NEWOBJ on (cls,) and BUILD with the state (cls, (), kwargs, None), then REDUCE with the
 * positional arguments. Memoized under the task so every later use is a BINGET.
 */
function writeTask(w: PickleWriter, task: TaskReference): void {
  if (w.recall(task)) return;
  w.global("functools", "partial");
  w.global(task.module, task.qualifiedName);
  w.op(OP.TUPLE1);
  w.op(OP.NEWOBJ);
  w.remember();
  w.op(OP.MARK);
  w.global(task.module, task.qualifiedName);
  w.op(OP.EMPTY_TUPLE);
  w.value({ ...task.kwargs, name: task.name });
  w.op(OP.NONE);
  w.op(OP.TUPLE);
  w.op(OP.BUILD);
  w.tuple(task.args);
  w.op(OP.REDUCE);
  w.remember(task);
}
