/** What an Experiment needs from an execution graph (implemented by ExecutionGraph and Pipeline in src/graph/). */
import type { EnvironmentDefinition } from "./environment.js";
import type { Node } from "./node.js";

/**
 * @internal One node's dispatch, split so that Experiment.map can tell nodes apart cheaply:
 * `targets` are what the graph's dispatchers became (in graph-node order), `resolve` builds the
 * dispatched graph. Two nodes with the same targets (same objects) get the same graph.
 */
export interface DispatchPlan {
  readonly targets: readonly unknown[];
  resolve(): DeployableGraph;
}

export interface DeployableGraph {
  /** The environment the graph runs in; deep-copied into every deployment. */
  readonly environmentDefinition: EnvironmentDefinition;
  /** Commands the graph's tasks need (netunicorn's Task.requirements), appended to the environment's commands. */
  readonly requirements: readonly string[];
  /**
   * Optional: the requirements once task dispatchers are resolved for `node` (netunicorn dispatches
   * per node before collecting requirements). When absent, `requirements` is used for every node.
   */
  requirementsFor?(node: Node): readonly string[];
  /**
   * Optional: the graph with its task dispatchers resolved for `node` (Python's Deployment step 4).
   * Its requirements and pickle are then used for that node's deployment.
   */
  dispatchFor?(node: Node): DeployableGraph;
  /**
   * @internal Optional: dispatchFor(node) in two steps (see DispatchPlan). A graph that has it
   * promises that its pickle and requirements depend only on the dispatched graph, not on the
   * node, so Experiment.map validates and pickles each distinct dispatched graph once.
   */
  dispatchPlan?(node: Node): DispatchPlan;
  /** True when a task of the graph is a netunicorn-library class (its module starts with netunicorn.library.). */
  readonly usesLibrary?: boolean;
  /** Throws GraphValidationError when netunicorn's is_execution_graph_valid would refuse the graph. */
  validate(): void;
  /** The graph as the pickle the executor loads; `node` is given so dispatchers can be resolved for it. */
  toPickle(node?: Node): Uint8Array;
}
