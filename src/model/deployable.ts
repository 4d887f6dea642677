/** What an Experiment needs from an execution graph (implemented by ExecutionGraph and Pipeline in src/graph/). */
import type { EnvironmentDefinition } from "./environment.js";
import type { Node } from "./node.js";

/** @internal One node's dispatched graph in a deploy session (see DeployableGraph.deploySession). */
export interface DispatchedGraph {
  graph: DeployableGraph;
  /** Its requirements, when they do not depend on the node. */
  requirements?: readonly string[] | undefined;
  /** Its pickle as base64 (made once per distinct dispatched graph). */
  pickle(): string;
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
   * @internal Optional: dispatchFor(node) for node after node of one Experiment.map, sharing the
   * dispatched graph, its requirements and its pickle between nodes whose dispatch gives the same
   * tasks (the pickle of such a graph does not depend on the node).
   */
  deploySession?(): (node: Node) => DispatchedGraph;
  /** True when a task of the graph is a netunicorn-library class (its module starts with netunicorn.library.). */
  readonly usesLibrary?: boolean;
  /** Throws GraphValidationError when netunicorn's is_execution_graph_valid would refuse the graph. */
  validate(): void;
  /** The graph as the pickle the executor loads; `node` is given so dispatchers can be resolved for it. */
  toPickle(node?: Node): Uint8Array;
}
