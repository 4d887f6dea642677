/**
 * RemoteClient: netunicorn's BaseClient over HTTP, one method per operation (what to send, how to
 * read the answer), all of them over one request function (transport.ts: URL, headers, token,
 * login once and again on 401, timeout and abort, retry policy, error mapping). The injected
 * `fetch` is the only I/O.
 */
import type { BaseClient, CallOptions, ConnectorContext } from "../base-client.js";
import { HttpError, TimeoutError, UsageError } from "../errors.js";
import { stringifyForServer } from "../json.js";
import {
  type ActiveCompilation,
  activeCompilationsFromJSON,
  type Experiment,
  ExperimentExecutionInformation,
  ExperimentStatus,
  experimentStatusName,
  experimentsFromJSON,
  FlagValues,
  type FlagValuesInit,
  type LockedNode,
  lockedNodesFromJSON,
  Nodes,
  type RecentExperiment,
  recentExperimentsFromJSON,
} from "../model/index.js";
import { StringBodySchema } from "../wire/auth.js";
import { validateBody } from "../wire/validate.js";
import { deadline, sleep } from "./deadline.js";
import { quotePlus } from "./quote-plus.js";
import { type Body, type RemoteClientOptions, type Trace, Transport } from "./transport.js";
import type { WaitOptions } from "./wait.js";

const json = (value: unknown): Body => [stringifyForServer(value), "application/json"];
/** start and cancel: the context as the JSON body, or no body at all when there is none (as Python's `json=None`). */
const contextBody = (context: ConnectorContext | null | undefined): Body | undefined => (context == null ? undefined : json(context));
const asString = (value: unknown): string => validateBody(StringBodySchema, value, "the response");

/** A name for a path, quote_plus-encoded; throws a UsageError (inside the async method: a rejection) for one no path can carry. */
function pathName(operation: string, what: string, name: string): string {
  if (typeof name !== "string" || name === "") throw new UsageError(`${operation}: expected ${what} name, got ${JSON.stringify(name)}`, { operation });
  return quotePlus(name);
}

const statusName = (status: ExperimentStatus): string => experimentStatusName(status) ?? String(status);

export class RemoteClient implements BaseClient {
  /** The base URL requests go to. */
  readonly endpoint: string;
  /** The request function of this client's Transport (transport.ts: credentials, token, retries, errors). */
  readonly #request: Transport["request"];

  constructor(options: RemoteClientOptions) {
    const http = new Transport(options);
    this.endpoint = http.endpoint;
    this.#request = http.request.bind(http);
  }

  /** True when the server says "OK"; false when it answers but is unhealthy (5xx). Network and auth failures throw. */
  async healthcheck(options?: CallOptions): Promise<boolean> {
    try {
      return (await this.#request("healthcheck", "GET", "/health", options, (value) => value)) === "OK";
    } catch (error) {
      // A 500 here means a backing service is down (the server says which in plain text).
      if (error instanceof HttpError && error.status >= 500) return false;
      throw error;
    }
  }

  async getNodes(options?: CallOptions): Promise<Nodes> {
    return this.#request("getNodes", "GET", "/nodes", options, (value) => Nodes.fromJSON(value));
  }

  async getExperiments(options?: CallOptions): Promise<Map<string, ExperimentExecutionInformation>> {
    return this.#request("getExperiments", "GET", "/experiment", options, experimentsFromJSON);
  }

  async getExperimentStatus(experimentId: string, options?: CallOptions): Promise<ExperimentExecutionInformation> {
    return this.#experiment("getExperimentStatus", "GET", experimentId, "", options, (value) => ExperimentExecutionInformation.fromJSON(value));
  }

  async prepareExperiment(experiment: Experiment, experimentId: string, deploymentContext?: ConnectorContext | null, options?: CallOptions): Promise<string> {
    if (typeof experiment?.toJSON !== "function") throw new UsageError("prepareExperiment: expected an Experiment");
    const validate = (experiment as { validate?: unknown }).validate;
    if (typeof validate === "function") validate.call(experiment);
    const body = experiment.toJSON();
    // As in Python: the argument's entries are merged into the experiment's context, per connector (the argument wins).
    if (deploymentContext != null) body.deployment_context = { ...body.deployment_context, ...deploymentContext };
    return this.#experiment("prepareExperiment", "POST", experimentId, "/prepare", options, asString, json(body));
  }

  /**
   * Starts a READY experiment. netunicorn documents a repeated start as answering the name, but
   * its server answers 400 "not ready to start": when an earlier attempt of this very call was
   * lost in transit and the experiment is now RUNNING or FINISHED, that start did happen.
   */
  async startExecution(experimentId: string, executionContext?: ConnectorContext | null, options?: CallOptions): Promise<string> {
    const trace: Trace = {};
    try {
      return await this.#experiment("startExecution", "POST", experimentId, "/start", options, asString, contextBody(executionContext), trace);
    } catch (error) {
      if (trace.lost && error instanceof HttpError && error.status === 400 && /not ready to start/.test(error.serverMessage)) {
        const { status } = await this.getExperimentStatus(experimentId, options);
        // The name as the server would have answered it: it decodes %XX in paths but keeps "+" (see quotePlus).
        if (status === ExperimentStatus.RUNNING || status === ExperimentStatus.FINISHED) return experimentId.replace(/ /g, "+");
      }
      throw error;
    }
  }

  async cancelExperiment(experimentId: string, cancellationContext?: ConnectorContext | null, options?: CallOptions): Promise<string> {
    return this.#experiment("cancelExperiment", "POST", experimentId, "/cancel", options, asString, contextBody(cancellationContext));
  }

  async cancelExecutors(executorIds: readonly string[], cancellationContext?: ConnectorContext | null, options?: CallOptions): Promise<string> {
    if (!Array.isArray(executorIds)) throw new UsageError("cancelExecutors: expected a list of executor ids");
    const body = json({ executors: [...executorIds], cancellation_context: cancellationContext ?? null });
    return this.#request("cancelExecutors", "POST", "/executors/cancel", options, asString, body);
  }

  /** netunicorn answers 200 with `null`. */
  async deleteExperiment(experimentId: string, options?: CallOptions): Promise<void> {
    await this.#experiment("deleteExperiment", "DELETE", experimentId, "", options);
  }

  async getFlagValues(experimentId: string, flagName: string, options?: CallOptions): Promise<FlagValues> {
    const flag = `/flag/${pathName("getFlagValues", "a flag", flagName)}`;
    return this.#experiment("getFlagValues", "GET", experimentId, flag, options, (value) => FlagValues.fromJSON(value));
  }

  /**
   * A missing value takes Python's `FlagValues()` default (text null, integer 0), so `{}` and
   * `new FlagValues()` both send `{"text_value": null, "int_value": 0}`, as Python's
   * `set_flag_values(id, flag, FlagValues())` does. netunicorn answers 200 with `null`.
   */
  async setFlagValues(experimentId: string, flagName: string, values: FlagValues | FlagValuesInit, options?: CallOptions): Promise<void> {
    if (values === null || typeof values !== "object") {
      throw new UsageError("setFlagValues: values must be a FlagValues or an object with textValue and/or intValue", { operation: "setFlagValues" });
    }
    const body = json((values instanceof FlagValues ? values : new FlagValues(values)).toJSON());
    const flag = `/flag/${pathName("setFlagValues", "a flag", flagName)}`;
    await this.#experiment("setFlagValues", "POST", experimentId, flag, options, undefined, body);
  }

  /**
   * Polls until the experiment's status is `status` or a later one (UNKNOWN, a dead end, also
   * ends the wait: check `status` of the answer); see WaitOptions. Throws a TimeoutError naming
   * the last status. One deadline bounds the whole wait, polls and pauses included.
   */
  async waitForStatus(experimentId: string, status: ExperimentStatus, options: WaitOptions = {}): Promise<ExperimentExecutionInformation> {
    const { timeoutMs = 600_000, intervalMs = 1_000, notFoundGraceMs = 10_000, signal, onProgress } = options;
    const started = Date.now();
    let last = "none yet";
    const operation = "waitForStatus";
    return deadline(
      operation,
      signal,
      async (inner) => {
        for (;;) {
          const elapsed = Date.now() - started;
          let info: ExperimentExecutionInformation | null = null;
          try {
            info = await this.getExperimentStatus(experimentId, { signal: inner });
          } catch (error) {
            // netunicorn oddity: an unknown experiment is a 400 "Experiment <name> not found", never a
            // 404; right after prepare's 200 the row may not exist yet (the server creates it later).
            if (!(elapsed < notFoundGraceMs && error instanceof HttpError && error.status === 400 && /not found/i.test(error.serverMessage))) throw error;
          }
          const now = info?.status ?? ExperimentStatus.PREPARING;
          last = statusName(now);
          onProgress?.({ status: now, info, elapsedMs: Date.now() - started });
          if (info && (now >= status || now === ExperimentStatus.UNKNOWN)) return info;
          await sleep(operation, inner, intervalMs);
        }
      },
      timeoutMs,
      () =>
        new TimeoutError(`${operation} failed: experiment ${JSON.stringify(experimentId)} did not reach ${statusName(status)} within ${timeoutMs} ms (last status: ${last})`, {
          operation,
          timeoutMs,
        }),
    );
  }

  /** Nodes locked by experiments (GET /api/v1/ui/locks; not in the Python client). */
  async getLockedNodes(options?: CallOptions): Promise<LockedNode[]> {
    return this.#request("getLockedNodes", "GET", "/ui/locks", options, lockedNodesFromJSON);
  }

  /** Experiments running now (GET /api/v1/ui/running_experiments). */
  async getRunningExperiments(options?: CallOptions): Promise<RecentExperiment[]> {
    return this.#request("getRunningExperiments", "GET", "/ui/running_experiments", options, recentExperimentsFromJSON);
  }

  /** Experiments of the last `days` days (GET /api/v1/ui/last_experiments?days=N, default 14). */
  async getRecentExperiments(days = 14, options?: CallOptions): Promise<RecentExperiment[]> {
    if (!Number.isInteger(days) || days < 0) throw new UsageError(`getRecentExperiments: days must be a whole number >= 0, got ${String(days)}`);
    return this.#request("getRecentExperiments", "GET", `/ui/last_experiments?days=${days}`, options, recentExperimentsFromJSON);
  }

  /** Image builds in progress (GET /api/v1/ui/compilations). */
  async getActiveCompilations(options?: CallOptions): Promise<ActiveCompilation[]> {
    return this.#request("getActiveCompilations", "GET", "/ui/compilations", options, activeCompilationsFromJSON);
  }

  /** A request on /api/v1/experiment/<name><rest>. */
  async #experiment<T>(operation: string, method: string, experimentId: string, rest: string, options?: CallOptions, decode?: (value: unknown) => T, body?: Body, trace?: Trace): Promise<T> {
    return this.#request(operation, method, `/experiment/${pathName(operation, "an experiment", experimentId)}${rest}`, options, decode, body, trace);
  }
}
