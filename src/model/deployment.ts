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
  /**
   * ShellExecution only: when the graph uses netunicorn-library tasks, append a command that
   * installs the library (default true: LIBRARY_INSTALL_COMMAND). Python ships library tasks by
   * value inside the pickle; we reference them by import path, so the node must be able to
   * import netunicorn.library, as every DockerImage build already can. A string replaces the
   * command (e.g. a pinned version); false leaves the commands exactly as Python's.
   */
  installLibrary?: boolean | string;
}

/** What a ShellExecution deployment runs so that netunicorn-library tasks can be imported. */
export const LIBRARY_INSTALL_COMMAND = "pip install netunicorn-library";

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

/**
 * The command that makes netunicorn-library importable on a ShellExecution node, or undefined.
 * It goes last, as in the DockerImage build (the library is installed after the environment's
 * commands, which may be what sets up python and pip), and only when not already there.
 */
function libraryInstall(env: EnvironmentDefinition, graph: DeployableGraph, option: boolean | string): string | undefined {
  if (option === false || env.type !== "ShellExecution" || graph.usesLibrary !== true) return undefined;
  if (typeof option === "string" && option.trim() === "") throw new UsageError("Deployment: installLibrary must be true, false or a non-empty command");
  const command = typeof option === "string" ? option : LIBRARY_INSTALL_COMMAND;
  return env.commands.includes(command) ? undefined : command;
}

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
   * Deploys `graph` on `node` as netunicorn's Deployment constructor does, in its order: the node
   * must support the graph's environment kind, the graph must be valid, the environment
   * definition is deep-copied, task dispatchers are replaced by their dispatch(node) (an error
   * there propagates), then every task's requirements are appended to the commands in graph
   * node order, duplicates kept.
   */
  static forGraph(node: Node, graph: DeployableGraph, options: DeploymentOptions = {}): Deployment {
    return graphDeployer(graph, options)(node);
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

/**
 * @internal Deploys `graph` on node after node (Deployment.forGraph, Experiment.map), with the
 * same checks, order and results as netunicorn's Deployment for each node; but the graph is
 * validated once, and a graph with a deploy session shares each distinct dispatched graph's
 * requirements and pickle between nodes.
 */
export function graphDeployer(graph: DeployableGraph, options: DeploymentOptions = {}): (node: Node) => Deployment {
  let validated = false;
  const session = graph.deploySession?.();
  return (node) => {
    const definition: unknown = graph.environmentDefinition;
    if (!(definition instanceof DockerImage || definition instanceof ShellExecution)) {
      throw new UsageError("Deployment: the graph's environmentDefinition must be a DockerImage or a ShellExecution");
    }
    const kind = definition.type;
    if (!node.availableEnvironments.has(kind)) {
      throw new UsageError(`Deployment: node ${node.name} does not support environment ${kind}`);
    }
    if (!validated) graph.validate(); // the graph does not change while it is deployed
    validated = true;
    const environmentDefinition = definition.clone();
    const dispatched = session?.(node);
    const resolved = dispatched?.graph ?? graph.dispatchFor?.(node) ?? graph;
    environmentDefinition.commands.push(...(dispatched?.requirements ?? resolved.requirementsFor?.(node) ?? resolved.requirements));
    const install = libraryInstall(environmentDefinition, resolved, options.installLibrary ?? true);
    if (install !== undefined) environmentDefinition.commands.push(install);
    // base64 text (shared) is what fromWire keeps too: each deployment decodes its own bytes when read.
    const executionGraph = dispatched?.pickle() ?? resolved.toPickle(node);
    return new Deployment({ ...options, node, environmentDefinition, executionGraph: executionGraph as Uint8Array });
  };
}
