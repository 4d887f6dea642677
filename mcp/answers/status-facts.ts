/**
 * What the status views read of an experiment's status (status-view.ts), without the whole wire
 * copy: a status carries every deployment's pickled graph and result (base64, kilobytes each),
 * its node with properties and its environment definition, of which the summary and the
 * deployment rows read a few members. A model (what BaseClient answers) is read in place; a
 * deployment's graph text, which only tells apart several results of one node, is asked of the
 * model when read. Anything else goes through wireOf as before.
 */
import { type Deployment, DeploymentExecutionResult, ExperimentExecutionInformation } from "../../src/model/index.js";
import { type WireStatus, wireOf } from "./wire-view.js";

export interface DeploymentFacts {
  node: { name: string };
  prepared: boolean;
  executor_id: string;
  error: string | null;
  environment_definition_type: string;
  execution_graph: string;
}

export interface ResultFacts {
  node: { name: string };
  execution_graph: string;
  result: string | null;
  error: string | null;
}

/** The members of a status (ExperimentExecutionInformation wire shape) the status views read: a WireStatus is one. */
export interface StatusFacts {
  status: number;
  experiment: { deployment_map: DeploymentFacts[] } | null;
  execution_result: null | string | ResultFacts[];
}

/** A deployment model's members as its wire copy gives them; the graph's text only when read. */
class ModelDeploymentFacts implements DeploymentFacts {
  readonly node: { name: string };
  readonly prepared: boolean;
  readonly executor_id: string;
  readonly error: string | null;
  readonly environment_definition_type: string;
  readonly #deployment: Deployment;

  constructor(deployment: Deployment) {
    this.#deployment = deployment;
    this.node = { name: deployment.node.name };
    this.prepared = deployment.prepared;
    this.executor_id = deployment.executorId;
    this.error = deployment.error;
    this.environment_definition_type = deployment.environmentDefinition.type;
  }

  get execution_graph(): string {
    return this.#deployment.toJSON().execution_graph;
  }
}

/** What status views read of `status`, a status model or its wire shape. */
export function statusFacts(status: unknown): StatusFacts {
  if (!(status instanceof ExperimentExecutionInformation)) return wireOf<WireStatus>(status);
  const results = status.executionResult;
  return {
    status: status.status,
    experiment: status.experiment === null ? null : { deployment_map: status.experiment.deploymentMap.map((d) => new ModelDeploymentFacts(d)) },
    // A result's own wire copy is small (node, texts kept as the server sent them).
    execution_result: Array.isArray(results) ? results.map((r) => (r instanceof DeploymentExecutionResult ? r.toJSON() : wireOf<ResultFacts>(r))) : results,
  };
}
