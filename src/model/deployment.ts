/** One execution graph deployed on one node (netunicorn.base.deployment.Deployment). */
import { UsageError } from "../errors.js";
import { DeploymentSchema, DockerDeploymentSchema, type DeploymentWire } from "../wire/experiment.js";
import { validateBody } from "../wire/validate.js";
import type { DeployableGraph } from "./deployable.js";
import { DockerImage, type EnvironmentDefinition, ShellExecution } from "./environment.js";
import { fields, fieldsOf, initFields, wireOf } from "./fields.js";
import { base64Of, bytesOf, type LazyBytes } from "./lazy-bytes.js";
import { Node } from "./node.js";

export interface DeploymentOptions {
  /** Minutes the server waits for an executor's heartbeat before giving up on it (default 10). */
  keepAliveTimeoutMinutes?: number;
  /** Remove the deployment's artifacts (images, containers) after execution (default true). */
  cleanup?: boolean;
}

export interface DeploymentInit extends DeploymentOptions {
  node: Node;
  environmentDefinition: EnvironmentDefinition;
  /** The pickled execution graph. */
  executionGraph: Uint8Array;
  prepared?: boolean;
  executorId?: string;
  error?: string | null;
}

// The wire keys; toJSON writes execution_graph (an accessor) and environment_definition_type (no field) itself.
const DEPLOYMENT = fields(DockerDeploymentSchema);

export class Deployment {
  declare node: Node;
  /** False until the server has prepared the deployment (or when preparation failed). */
  declare prepared: boolean;
  /** The executor's id, set by the server ("" before). */
  declare executorId: string;
  /** Why preparation failed, or null. */
  declare error: string | null;
  declare keepAliveTimeoutMinutes: number;
  declare cleanup: boolean;
  declare environmentDefinition: EnvironmentDefinition;
  #executionGraph: LazyBytes;

  constructor(init: DeploymentInit) {
    initFields(this, init, { node: null, prepared: false, executorId: "", error: null, keepAliveTimeoutMinutes: 10, cleanup: true, environmentDefinition: null });
    this.#executionGraph = init.executionGraph;
  }

  /**
   * Deploys `graph` on `node` as netunicorn's Deployment constructor does: the node must support
   * the graph's environment kind, the graph must be valid, the environment definition is
   * deep-copied and the tasks' requirements are appended to its commands.
   */
  static forGraph(node: Node, graph: DeployableGraph, options: DeploymentOptions = {}): Deployment {
    const definition: unknown = graph.environmentDefinition;
    if (!(definition instanceof DockerImage || definition instanceof ShellExecution)) {
      throw new UsageError("Deployment: the graph's environmentDefinition must be a DockerImage or a ShellExecution");
    }
    const kind = definition.type;
    if (!node.availableEnvironments.has(kind)) {
      throw new UsageError(`Deployment: node ${node.name} does not support environment ${kind}`);
    }
    graph.validate();
    const environmentDefinition = definition.clone();
    environmentDefinition.commands.push(...(graph.requirementsFor?.(node) ?? graph.requirements));
    return new Deployment({ ...options, node, environmentDefinition, executionGraph: graph.toPickle(node) });
  }

  /** Validates a deployment body and builds the Deployment (throws ValidationError). */
  static fromJSON(body: unknown): Deployment {
    return Deployment.fromWire(validateBody(DeploymentSchema, body, "Deployment.fromJSON"));
  }

  /** @internal Builds a Deployment from an already validated body (the graph decoded from base64 when first read). */
  static fromWire(wire: DeploymentWire): Deployment {
    return new Deployment({
      // executionGraph: base64 text, which the constructor keeps as it is (decoded when first read).
      ...fieldsOf<DeploymentInit>(wire, DEPLOYMENT),
      node: Node.fromWire(wire.node),
      environmentDefinition:
        wire.environment_definition_type === "DockerImage"
          ? DockerImage.fromWire(wire.environment_definition)
          : ShellExecution.fromWire(wire.environment_definition),
    });
  }

  /** The pickled execution graph (decoded from base64 on first access). */
  get executionGraph(): Uint8Array {
    return (this.#executionGraph = bytesOf(this.#executionGraph)!);
  }

  set executionGraph(bytes: Uint8Array) {
    this.#executionGraph = bytes;
  }

  /** The wire shape (the graph as base64). */
  toJSON(): DeploymentWire {
    return {
      ...wireOf<DeploymentWire>(this, DEPLOYMENT),
      execution_graph: base64Of(this.#executionGraph)!,
      environment_definition_type: this.environmentDefinition.type,
    } as DeploymentWire;
  }

  /** Python's str(). */
  toString(): string {
    return `Deployment: Node=${this.node.name}, executor_id=${this.executorId}, prepared=${this.prepared ? "True" : "False"}, error=${this.error ?? "None"}`;
  }
}
