/** One execution graph deployed on one node (netunicorn.base.deployment.Deployment). */
import { UsageError } from "../errors.js";
import { DeploymentSchema, type DeploymentWire } from "../wire/experiment.js";
import { validateBody } from "../wire/validate.js";
import type { DeployableGraph } from "./deployable.js";
import { DockerImage, type EnvironmentDefinition, ShellExecution } from "./environment.js";
import { LazyBytes } from "./lazy-bytes.js";
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

export class Deployment {
  node: Node;
  /** False until the server has prepared the deployment (or when preparation failed). */
  prepared: boolean;
  /** The executor's id, set by the server ("" before). */
  executorId: string;
  /** Why preparation failed, or null. */
  error: string | null;
  keepAliveTimeoutMinutes: number;
  cleanup: boolean;
  environmentDefinition: EnvironmentDefinition;
  #executionGraph: LazyBytes;

  constructor(init: DeploymentInit) {
    this.node = init.node;
    this.prepared = init.prepared ?? false;
    this.executorId = init.executorId ?? "";
    this.error = init.error ?? null;
    this.keepAliveTimeoutMinutes = init.keepAliveTimeoutMinutes ?? 10;
    this.cleanup = init.cleanup ?? true;
    this.environmentDefinition = init.environmentDefinition;
    this.#executionGraph = LazyBytes.fromBytes(init.executionGraph);
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

  /** @internal Builds a Deployment from an already validated body. */
  static fromWire(wire: DeploymentWire): Deployment {
    const deployment = new Deployment({
      node: Node.fromWire(wire.node),
      prepared: wire.prepared,
      executorId: wire.executor_id,
      error: wire.error,
      keepAliveTimeoutMinutes: wire.keep_alive_timeout_minutes,
      cleanup: wire.cleanup,
      environmentDefinition:
        wire.environment_definition_type === "DockerImage"
          ? DockerImage.fromWire(wire.environment_definition)
          : ShellExecution.fromWire(wire.environment_definition),
      executionGraph: new Uint8Array(0),
    });
    deployment.#executionGraph = LazyBytes.fromBase64(wire.execution_graph);
    return deployment;
  }

  /** The pickled execution graph (decoded from base64 on first access). */
  get executionGraph(): Uint8Array {
    return this.#executionGraph.bytes;
  }

  set executionGraph(bytes: Uint8Array) {
    this.#executionGraph = LazyBytes.fromBytes(bytes);
  }

  /** The wire shape (the graph as base64). */
  toJSON(): DeploymentWire {
    const common = {
      node: this.node.toJSON(),
      prepared: this.prepared,
      executor_id: this.executorId,
      error: this.error,
      execution_graph: this.#executionGraph.toBase64(),
      keep_alive_timeout_minutes: this.keepAliveTimeoutMinutes,
      cleanup: this.cleanup,
    };
    const environment = this.environmentDefinition;
    return environment.type === "DockerImage"
      ? { ...common, environment_definition: environment.toJSON(), environment_definition_type: "DockerImage" }
      : { ...common, environment_definition: environment.toJSON(), environment_definition_type: "ShellExecution" };
  }

  /** Python's str(). */
  toString(): string {
    return `Deployment: Node=${this.node.name}, executor_id=${this.executorId}, prepared=${this.prepared ? "True" : "False"}, error=${this.error ?? "None"}`;
  }
}
