/**
 * ExecutionGraph: tasks and synchronisation points joined by edges, starting at "root", run by the
 * netunicorn executor on each node (netunicorn.base.execution_graph.ExecutionGraph).
 */
import { encodeBase64 } from "../base64.js";
import type { DeployableGraph, DispatchedGraph } from "../model/deployable.js";
import { DockerImage, type EnvironmentDefinition } from "../model/environment.js";
import type { Node } from "../model/node.js";
import type { PickleOptions } from "../pickle/write.js";
import { DiGraph, type EdgeAttributes, type GraphNode } from "./digraph.js";
import { dispatchMapping, relabelCopy } from "./dispatcher.js";
import { uuid4 } from "./ids.js";
import { TaskReference } from "./task.js";
import { type GraphPickleSpec, graphToPickle } from "./to-pickle.js";
import { validateGraph } from "./validate.js";

export interface ExecutionGraphOptions {
  /** The graph name; default a random UUID, as in Python. */
  name?: string;
  /** Stop after the first failed task (default true). */
  earlyStopping?: boolean;
  /** Have the executor report results to the server at the end (default true). */
  reportResults?: boolean;
  /** Default: a DockerImage built by the server (python 3.11.9). */
  environmentDefinition?: EnvironmentDefinition;
}

export class ExecutionGraph implements DeployableGraph {
  name: string;
  earlyStopping: boolean;
  reportResults: boolean;
  environmentDefinition: EnvironmentDefinition;
  /** Python's override_graph_validation: when true, validate() skips netunicorn's graph rules. */
  overrideGraphValidation = false;
  /** The graph itself (networkx DiGraph semantics); "root" is always there. */
  readonly graph: DiGraph = new DiGraph();

  constructor(options: ExecutionGraphOptions = {}) {
    this.name = options.name ?? uuid4();
    this.earlyStopping = options.earlyStopping ?? true;
    this.reportResults = options.reportResults ?? true;
    this.environmentDefinition = options.environmentDefinition ?? new DockerImage();
    this.graph.addNode("root");
  }

  /** Adds a task or synchronisation point (no-op when present). */
  addNode(node: GraphNode): this {
    this.graph.addNode(node);
    return this;
  }

  /** Adds an edge (and its missing nodes); on an existing edge, merges the attributes. */
  addEdge(from: GraphNode, to: GraphNode, attributes: EdgeAttributes = {}): this {
    this.graph.addEdge(from, to, attributes);
    return this;
  }

  removeEdge(from: GraphNode, to: GraphNode): this {
    this.graph.removeEdge(from, to);
    return this;
  }

  /** The tasks of the graph, in insertion order. */
  get tasks(): TaskReference[] {
    return this.graph.nodes().filter((n): n is TaskReference => n instanceof TaskReference);
  }

  /**
   * Every task's requirements, task by task in graph-node order, duplicates kept: Python's
   * Deployment does `commands.extend(task.requirements)` for each task node, so we do the same.
   */
  get requirements(): readonly string[] {
    return this.tasks.flatMap((task) => task.requirements);
  }

  /** True when a task is a netunicorn-library class: the node must be able to import netunicorn.library. */
  get usesLibrary(): boolean {
    return this.tasks.some((task) => task.className.startsWith("netunicorn.library."));
  }

  /** Throws GraphValidationError when netunicorn's is_execution_graph_valid would refuse the graph. */
  validate(): void {
    if (this.overrideGraphValidation) return; // mirrors Python: the override skips every rule
    validateGraph(this.name, this.graph);
  }

  /**
   * The graph as Python's Deployment pickles it for `node`: a copy in which every TaskDispatcher
   * is replaced by its dispatch(node), through networkx's copying relabel_nodes (which Python
   * runs even when there is no dispatcher). A dispatch error propagates (e.g. DispatchError).
   */
  dispatchFor(node: Node): this {
    return relabelled(this, dispatchMapping(this.graph, node));
  }

  /**
   * @internal dispatchFor(node) for node after node of one Experiment.map: nodes whose dispatch
   * gives the same tasks (the same objects: library dispatchers make one implementation per
   * architecture) share one dispatched graph, its requirements and its pickle, which does not
   * depend on the node. A dispatcher that makes a new task per call (RandomSleepTask) is
   * pickled per node, as before.
   */
  deploySession(): (node: Node) => DispatchedGraph {
    const shared = new Map<string, DispatchedGraph>();
    const ids = new Map<GraphNode, number>(); // dispatch target → a small number, for the key
    return (node) => {
      const mapping = dispatchMapping(this.graph, node);
      const key = [...mapping.values()].map((target) => ids.get(target) ?? ids.set(target, ids.size).size - 1).join();
      let dispatched = shared.get(key);
      if (dispatched === undefined) {
        const graph = relabelled(this, mapping);
        let pickle: string | undefined;
        dispatched = { graph, requirements: (graph as DeployableGraph).requirementsFor ? undefined : [...graph.requirements], pickle: () => (pickle ??= encodeBase64(graph.toPickle(node))) };
        shared.set(key, dispatched);
      }
      return dispatched;
    };
  }

  /**
   * The pickle the executor loads (validated first). `node` is accepted for the DeployableGraph
   * interface; dispatchers are resolved by dispatchFor(node), not here.
   */
  toPickle(node?: Node, options: PickleOptions = {}): Uint8Array {
    void node;
    this.validate();
    return graphToPickle(this, this.pickleSpec(), options);
  }

  /** @internal What the pickle holds; subclasses add their class and attributes. */
  protected pickleSpec(): GraphPickleSpec {
    return { module: "netunicorn.base.execution_graph", className: "ExecutionGraph", leading: [], trailing: [] };
  }

  toString(): string {
    return `ExecutionGraph(name=${this.name}, ${this.graph.size} nodes)`;
  }
}

/** A copy of `graph` (same class and attributes) whose DiGraph is relabelled by `mapping` (networkx's copying relabel_nodes). */
function relabelled<G extends ExecutionGraph>(graph: G, mapping: ReadonlyMap<GraphNode, GraphNode>): G {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(graph) as object) as G, graph);
  (copy as { graph: DiGraph }).graph = relabelCopy(graph.graph, mapping);
  return copy;
}
