/** RemoteClient: netunicorn's BaseClient over HTTP, one method per operation. */
import type { BaseClient, CallOptions, ConnectorContext } from "../base-client.js";
import { HttpError, UsageError } from "../errors.js";
import { stringifyForServer } from "../json.js";
import {
  type ActiveCompilation,
  activeCompilationsFromJSON,
  type Experiment,
  ExperimentExecutionInformation,
  ExperimentStatus,
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
import { type LoginFunction, passwordLogin, TokenKeeper } from "./auth.js";
import { type CallSpec, type FetchFunction, Http, newTrace } from "./http.js";
import { quotePlus } from "./quote-plus.js";
import { type RetryOptions, retryPolicy } from "./retry.js";
import { type WaitOptions, waitForStatus } from "./wait.js";

interface CommonOptions {
  /** Base URL of the netunicorn installation, e.g. "https://netunicorn.example.org" (one trailing "/" is dropped). */
  endpoint: string;
  /**
   * `{connector_name: {key: value}}`, sent with every request in the `netunicorn-authentication-context`
   * header (as the Python client does) and, when given, in `netunicorn-auth-context` (the one the server reads).
   */
  authenticationContext?: ConnectorContext | null;
  /** The fetch to use (default: the global one, looked up at call time). */
  fetch?: FetchFunction;
  /** Time allowed for each HTTP request, headers and body (default 30 s; 0 for none). */
  timeoutMs?: number;
  /** Retry policy for transient failures; `false` turns retries off. */
  retry?: RetryOptions | false;
}

/** Log in with a login and password (the client logs in at first use and again after a 401). */
export interface PasswordClientOptions extends CommonOptions {
  login: string;
  password: string;
}

/** Use an access token obtained elsewhere (netunicorn's web UI keeps one); a 401 is reported, not retried. */
export interface TokenClientOptions extends CommonOptions {
  token: string;
}

export type RemoteClientOptions = PasswordClientOptions | TokenClientOptions;

const JSON_TYPE = "application/json";
const asString = (value: unknown): string => validateBody(StringBodySchema, value, "the response");

export class RemoteClient implements BaseClient {
  /** The base URL requests go to. */
  readonly endpoint: string;
  readonly #http: Http;

  constructor(options: RemoteClientOptions) {
    if (typeof options?.endpoint !== "string" || options.endpoint === "") throw new UsageError("RemoteClient: `endpoint` must be a non-empty URL");
    const endpointSecrets = checkEndpoint(options.endpoint);
    if (options.timeoutMs !== undefined && !(options.timeoutMs >= 0)) throw new UsageError(`RemoteClient: \`timeoutMs\` must be a number ≥ 0 (0: none), got ${String(options.timeoutMs)}`);
    this.endpoint = options.endpoint.endsWith("/") ? options.endpoint.slice(0, -1) : options.endpoint;
    const byToken = "token" in options;
    if (byToken ? typeof options.token !== "string" : typeof options.login !== "string" || typeof options.password !== "string") {
      throw new UsageError("RemoteClient: give `login` and `password`, or `token`");
    }
    const context = options.authenticationContext ?? {};
    const contextHeader = JSON.stringify(context);
    // passwordLogin needs #http, which needs the keeper: the keeper reaches the login through this variable.
    let login: LoginFunction | undefined;
    const tokens = new TokenKeeper(byToken ? undefined : () => login!(), byToken ? options.token : undefined);
    this.#http = new Http({
      endpoint: this.endpoint,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: retryPolicy(options.retry),
      contextHeader,
      serverContextHeader: Object.keys(context).length === 0 ? undefined : contextHeader,
      tokens,
      // The password as typed and as the login form encodes it.
      secrets: [...endpointSecrets, ...(byToken ? [] : [options.password, formEncodedPassword(options.password)])],
    });
    if (!byToken) login = passwordLogin(this.#http, options.login, options.password);
  }

  /** True when the server says "OK"; false when it answers but is unhealthy (5xx). Network and auth failures throw. */
  async healthcheck(options?: CallOptions): Promise<boolean> {
    try {
      return (await this.#get("healthcheck", "/api/v1/health", (value) => value, options)) === "OK";
    } catch (error) {
      // A 500 here means a backing service is down (the server says which in plain text).
      if (error instanceof HttpError && error.status >= 500) return false;
      throw error;
    }
  }

  async getNodes(options?: CallOptions): Promise<Nodes> {
    return this.#get("getNodes", "/api/v1/nodes", (value) => Nodes.fromJSON(value), options);
  }

  async getExperiments(options?: CallOptions): Promise<Map<string, ExperimentExecutionInformation>> {
    return this.#get("getExperiments", "/api/v1/experiment", experimentsFromJSON, options);
  }

  async getExperimentStatus(experimentId: string, options?: CallOptions): Promise<ExperimentExecutionInformation> {
    return this.#get("getExperimentStatus", experimentPath("getExperimentStatus", experimentId), (value) => ExperimentExecutionInformation.fromJSON(value), options);
  }

  async prepareExperiment(experiment: Experiment, experimentId: string, deploymentContext?: ConnectorContext | null, options?: CallOptions): Promise<string> {
    if (typeof experiment?.toJSON !== "function") throw new UsageError("prepareExperiment: expected an Experiment");
    const validate = (experiment as { validate?: unknown }).validate;
    if (typeof validate === "function") validate.call(experiment);
    const body = experiment.toJSON();
    // As in Python: the argument's entries are merged into the experiment's context, per connector (the argument wins).
    if (deploymentContext != null) body.deployment_context = { ...(body.deployment_context ?? {}), ...deploymentContext };
    const path = `${experimentPath("prepareExperiment", experimentId)}/prepare`;
    return this.#http.call({ operation: "prepareExperiment", method: "POST", path, body: json(body), signal: options?.signal }, asString);
  }

  /**
   * Starts a READY experiment. netunicorn documents a repeated start as answering the name, but
   * its server answers 400 "not ready to start": when an earlier attempt of this very call was
   * lost in transit and the experiment is now RUNNING or FINISHED, that start did happen.
   */
  async startExecution(experimentId: string, executionContext?: ConnectorContext | null, options?: CallOptions): Promise<string> {
    const trace = newTrace();
    const spec = contextCall("startExecution", `${experimentPath("startExecution", experimentId)}/start`, executionContext, options);
    try {
      return await this.#http.call(spec, asString, trace);
    } catch (error) {
      if (!trace.lostAttempt || !(error instanceof HttpError) || error.status !== 400 || !/not ready to start/.test(error.serverMessage)) throw error;
      const info = await this.getExperimentStatus(experimentId, options);
      // The name as the server would have answered it: it decodes %XX in paths but keeps "+" (see quotePlus).
      if (info.status === ExperimentStatus.RUNNING || info.status === ExperimentStatus.FINISHED) return experimentId.replace(/ /g, "+");
      throw error;
    }
  }

  async cancelExperiment(experimentId: string, cancellationContext?: ConnectorContext | null, options?: CallOptions): Promise<string> {
    return this.#http.call(contextCall("cancelExperiment", `${experimentPath("cancelExperiment", experimentId)}/cancel`, cancellationContext, options), asString);
  }

  async cancelExecutors(executorIds: readonly string[], cancellationContext?: ConnectorContext | null, options?: CallOptions): Promise<string> {
    if (!Array.isArray(executorIds)) throw new UsageError("cancelExecutors: expected a list of executor ids");
    const body = json({ executors: [...executorIds], cancellation_context: cancellationContext ?? null });
    return this.#http.call({ operation: "cancelExecutors", method: "POST", path: "/api/v1/executors/cancel", body, signal: options?.signal }, asString);
  }

  /** netunicorn answers 200 with `null`. */
  async deleteExperiment(experimentId: string, options?: CallOptions): Promise<void> {
    await this.#http.send({ operation: "deleteExperiment", method: "DELETE", path: experimentPath("deleteExperiment", experimentId), signal: options?.signal });
  }

  async getFlagValues(experimentId: string, flagName: string, options?: CallOptions): Promise<FlagValues> {
    return this.#get("getFlagValues", flagPath("getFlagValues", experimentId, flagName), (value) => FlagValues.fromJSON(value), options);
  }

  /** Refuses (UsageError, no request) when both values are missing, as Python does. netunicorn answers 200 with `null`. */
  async setFlagValues(experimentId: string, flagName: string, values: FlagValues | FlagValuesInit, options?: CallOptions): Promise<void> {
    if (values == null || (values.textValue == null && values.intValue == null)) {
      throw new UsageError("setFlagValues: give textValue, intValue or both (both are missing)", { operation: "setFlagValues" });
    }
    const body = json((values instanceof FlagValues ? values : new FlagValues(values)).toJSON());
    await this.#http.send({ operation: "setFlagValues", method: "POST", path: flagPath("setFlagValues", experimentId, flagName), body, signal: options?.signal });
  }

  /** Polls until the experiment reaches `status` or a later one; see WaitOptions. */
  async waitForStatus(experimentId: string, status: ExperimentStatus, options?: WaitOptions): Promise<ExperimentExecutionInformation> {
    return waitForStatus((id, call) => this.getExperimentStatus(id, call), experimentId, status, options);
  }

  /** Nodes locked by experiments (GET /api/v1/ui/locks; not in the Python client). */
  async getLockedNodes(options?: CallOptions): Promise<LockedNode[]> {
    return this.#get("getLockedNodes", "/api/v1/ui/locks", lockedNodesFromJSON, options);
  }

  /** Experiments running now (GET /api/v1/ui/running_experiments). */
  async getRunningExperiments(options?: CallOptions): Promise<RecentExperiment[]> {
    return this.#get("getRunningExperiments", "/api/v1/ui/running_experiments", recentExperimentsFromJSON, options);
  }

  /** Experiments of the last `days` days (GET /api/v1/ui/last_experiments?days=N, default 14). */
  async getRecentExperiments(days = 14, options?: CallOptions): Promise<RecentExperiment[]> {
    if (!Number.isInteger(days) || days < 0) throw new UsageError(`getRecentExperiments: days must be a whole number ≥ 0, got ${String(days)}`);
    return this.#get("getRecentExperiments", `/api/v1/ui/last_experiments?days=${days}`, recentExperimentsFromJSON, options);
  }

  /** Image builds in progress (GET /api/v1/ui/compilations). */
  async getActiveCompilations(options?: CallOptions): Promise<ActiveCompilation[]> {
    return this.#get("getActiveCompilations", "/api/v1/ui/compilations", activeCompilationsFromJSON, options);
  }

  #get<T>(operation: string, path: string, decode: (value: unknown) => T, options: CallOptions | undefined): Promise<T> {
    return this.#http.call({ operation, method: "GET", path, signal: options?.signal }, decode);
  }
}

/** Checks that the endpoint is an http(s) URL; answers the password written into it, if any (kept out of messages). */
function checkEndpoint(endpoint: string): string[] {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`RemoteClient: \`endpoint\` is not a URL: ${JSON.stringify(endpoint.slice(0, 200))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`RemoteClient: \`endpoint\` must be an http(s) URL, got ${url.protocol}`);
  return url.password === "" ? [] : [url.password, decodeURIComponentSafe(url.password)];
}

/** quotePlus of the password, refusing one it cannot encode without repeating it in the message. */
function formEncodedPassword(password: string): string {
  try {
    return quotePlus(password);
  } catch {
    throw new UsageError("RemoteClient: `password` is not valid Unicode (it holds a lone surrogate)");
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Throws a UsageError (inside the async method: a rejection) for a name no path can carry. */
function experimentPath(operation: string, experimentId: string): string {
  if (typeof experimentId !== "string" || experimentId === "") {
    throw new UsageError(`${operation}: expected an experiment name, got ${JSON.stringify(experimentId)}`, { operation });
  }
  return `/api/v1/experiment/${quotePlus(experimentId)}`;
}

function flagPath(operation: string, experimentId: string, flagName: string): string {
  if (typeof flagName !== "string" || flagName === "") throw new UsageError(`${operation}: expected a flag name, got ${JSON.stringify(flagName)}`, { operation });
  return `${experimentPath(operation, experimentId)}/flag/${quotePlus(flagName)}`;
}

function json(value: unknown): { text: string; type: string } {
  return { text: stringifyForServer(value), type: JSON_TYPE };
}

/** start and cancel: the context as the JSON body, or no body at all when there is none (as Python's `json=None`). */
function contextCall(operation: string, path: string, context: ConnectorContext | null | undefined, options: CallOptions | undefined): CallSpec {
  return { operation, method: "POST", path, signal: options?.signal, ...(context == null ? {} : { body: json(context) }) };
}
