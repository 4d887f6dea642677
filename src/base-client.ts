import type {
  Experiment,
  ExperimentExecutionInformation,
  FlagValues,
  FlagValuesInit,
  Nodes,
} from "./model/index.js";
import type { ConnectorContext } from "./model/connector-context.js";

export type { ConnectorContext };

/** Per-call options accepted as the last argument of every operation. */
export interface CallOptions {
  /** Aborts the call (combined with the client's own timeout). */
  signal?: AbortSignal;
}

/**
 * The eleven operations of netunicorn's Python `BaseClient`, in camelCase.
 * `RemoteClient` implements it over HTTP; the MCP server only ever sees this interface.
 */
export interface BaseClient {
  /** True when the server answers its health endpoint with "OK". */
  healthcheck(options?: CallOptions): Promise<boolean>;
  /** The node pool visible to this user (nodes locked by other users' experiments are hidden). */
  getNodes(options?: CallOptions): Promise<Nodes>;
  /** Every experiment of this user, by name. */
  getExperiments(options?: CallOptions): Promise<Map<string, ExperimentExecutionInformation>>;
  /** Status, definition and (when finished) results of one experiment. */
  getExperimentStatus(experimentId: string, options?: CallOptions): Promise<ExperimentExecutionInformation>;
  /**
   * Sends the experiment for preparation; answers the experiment name as stored by the server.
   * `deploymentContext` is merged into the experiment's own (the argument wins), as in Python.
   */
  prepareExperiment(
    experiment: Experiment,
    experimentId: string,
    deploymentContext?: ConnectorContext | null,
    options?: CallOptions,
  ): Promise<string>;
  /** Starts a READY experiment; answers its name. */
  startExecution(experimentId: string, executionContext?: ConnectorContext | null, options?: CallOptions): Promise<string>;
  /** Cancels every executor of the experiment; answers the server's message. */
  cancelExperiment(experimentId: string, cancellationContext?: ConnectorContext | null, options?: CallOptions): Promise<string>;
  /** Cancels the given executors (of this user's experiments); answers the server's message. */
  cancelExecutors(executorIds: readonly string[], cancellationContext?: ConnectorContext | null, options?: CallOptions): Promise<string>;
  /** Deletes a finished (or never started) experiment. */
  deleteExperiment(experimentId: string, options?: CallOptions): Promise<void>;
  /** Current values of one flag of an experiment. */
  getFlagValues(experimentId: string, flagName: string, options?: CallOptions): Promise<FlagValues>;
  /** Sets one flag of an experiment; refuses (before any request) when both values are missing. */
  setFlagValues(experimentId: string, flagName: string, values: FlagValues | FlagValuesInit, options?: CallOptions): Promise<void>;
}
