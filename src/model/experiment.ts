/** An experiment: which execution graph runs on which node (netunicorn.base.experiment.Experiment). */
import { UsageError } from "../errors.js";
import { ExperimentSchema, type ExperimentWire } from "../wire/experiment.js";
import { validateBody } from "../wire/validate.js";
import type { ConnectorContext } from "./connector-context.js";
import { fields, wireOf } from "./fields.js";
import type { DeployableGraph } from "./deployable.js";
import { Deployment, type DeploymentOptions, graphDeployer } from "./deployment.js";
import { Node } from "./node.js";
import { Nodes } from "./nodes.js";

const EXPERIMENT = fields(ExperimentSchema);

export class Experiment implements Iterable<Deployment> {
  deploymentMap: Deployment[] = [];
  /** Context for the connectors, `{connector_name: {key: value}}`, or null. */
  declare deploymentContext: ConnectorContext | null;

  constructor(deploymentContext: ConnectorContext | null = null) {
    this.deploymentContext = deploymentContext;
  }

  /**
   * Adds a deployment of `graph` on `node` (see Deployment.forGraph for the checks: the node
   * must support the graph's environment, the graph must be valid). Returns this experiment.
   */
  append(node: Node, graph: DeployableGraph, options?: DeploymentOptions): this {
    this.deploymentMap.push(Deployment.forGraph(expectNode(node, "append", "a Node"), graph, options));
    return this;
  }

  /**
   * Deploys `graph` on each node of `nodes` (e.g. `pool.take(3)`). As in netunicorn, a node pool
   * itself is refused (take nodes from it first), and so is any item that is not a Node.
   */
  map(graph: DeployableGraph, nodes: Iterable<Node | Nodes>, options?: DeploymentOptions): this {
    if (nodes instanceof Nodes || typeof (nodes as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== "function") expectNode(nodes, "map", SEQUENCE);
    // One deployer for all the nodes: the graph is validated, and each distinct dispatched graph pickled, once.
    const deploy = graphDeployer(graph, options);
    for (const node of nodes) this.deploymentMap.push(deploy(expectNode(node, "map", SEQUENCE)));
    return this;
  }

  get length(): number {
    return this.deploymentMap.length;
  }

  /** The deployment at `index` (negative counts from the end), or undefined. */
  at(index: number): Deployment | undefined {
    return this.deploymentMap.at(index);
  }

  [Symbol.iterator](): Iterator<Deployment> {
    return this.deploymentMap[Symbol.iterator]();
  }

  /**
   * A new experiment with the deployments of both (Python's `a + b`); `other`'s context entries win.
   * As in netunicorn, this experiment is deep-copied but `other`'s deployments are shared, not copied.
   */
  concat(other: Experiment): Experiment {
    const merged = Experiment.fromWire(this.toJSON());
    merged.deploymentMap.push(...other.deploymentMap);
    if (other.deploymentContext !== null && Object.keys(other.deploymentContext).length > 0) {
      merged.deploymentContext = { ...(merged.deploymentContext ?? {}), ...other.deploymentContext };
    }
    return merged;
  }

  /** Validates an experiment body (as sent to prepare, or inside a status) and builds the Experiment. */
  static fromJSON(body: unknown): Experiment {
    return Experiment.fromWire(validateBody(ExperimentSchema, body, "Experiment.fromJSON"));
  }

  /** @internal Builds an Experiment from an already validated body. */
  static fromWire(wire: ExperimentWire): Experiment {
    // A validated body is a fresh copy: its context is taken as it is.
    const experiment = new Experiment(wire.deployment_context);
    experiment.deploymentMap = wire.deployment_map.map(Deployment.fromWire);
    return experiment;
  }

  /** The wire shape: the body of POST /api/v1/experiment/{name}/prepare. */
  toJSON(): ExperimentWire {
    return wireOf(this, EXPERIMENT);
  }

  /** Python's str(). */
  toString(): string {
    return this.deploymentMap.map((deployment) => ` - ${deployment}`).join("\n");
  }
}

const SEQUENCE = "a sequence of nodes";

/** `value` when it is a Node; otherwise a UsageError of Experiment.<method> saying what it got instead. */
function expectNode(value: unknown, method: string, expected: string): Node {
  if (value instanceof Node) return value;
  const got =
    value instanceof Nodes
      ? `a node pool (${value.poolType}): take nodes from it with pool.take(n)`
      : value === null
        ? "null"
        : typeof value === "object"
          ? `an object (${value.constructor?.name ?? "Object"})`
          : `a ${typeof value}`;
  throw new UsageError(`Experiment.${method}: expected ${expected}, got ${got}`);
}
