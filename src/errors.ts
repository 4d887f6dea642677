/**
 * Every error this library throws is a NetunicornError (PickleError included), so callers
 * can catch one type; subclasses say what kind of failure it was. Messages never contain
 * passwords or tokens.
 */

/** Options shared by every error of the library. */
export interface NetunicornErrorOptions {
  /** The client operation that failed, in camelCase (e.g. "getExperimentStatus"). */
  operation?: string;
  /** The underlying error, kept for debugging (network failures, parse errors). */
  cause?: unknown;
}

const BRAND = Symbol.for("netunicorn.error");

export class NetunicornError extends Error {
  override name = "NetunicornError";
  readonly operation: string | undefined;

  /**
   * Every field a subclass declares arrives in `options` under its own name (status, path,
   * timeoutMs...): the base copies them all, so subclasses only declare their types. `cause`
   * goes to Error, which keeps it as a non-enumerable own property (the copy leaves it so).
   */
  constructor(message: string, options: NetunicornErrorOptions = {}) {
    super(message, options);
    (Object.assign(this, options) as Record<symbol, unknown>)[BRAND] = true;
  }

  /** True for errors of this library, also across realms (iframes, duplicated bundles). */
  static is(value: unknown): value is NetunicornError {
    return (value as Record<symbol, unknown> | null)?.[BRAND] === true;
  }
}

/** The caller passed something unusable (bad argument, invalid graph...). No request was sent. */
export class UsageError extends NetunicornError {
  override name = "UsageError";
}

export interface HttpErrorOptions extends NetunicornErrorOptions {
  status: number;
  /** The server's message in plain words, from whichever of the four error-body shapes it used. */
  serverMessage: string;
  /** The raw response body text (possibly cut to a sane length). */
  body: string;
  method: string;
  url: string;
}

/** The server answered with a non-2xx status. */
export class HttpError extends NetunicornError {
  override name = "HttpError";
  declare readonly status: number;
  declare readonly serverMessage: string;
  declare readonly body: string;
  declare readonly method: string;
  declare readonly url: string;
  // Only narrows the options' type (here and below): the base constructor copies the fields.
  constructor(message: string, options: HttpErrorOptions) {
    super(message, options);
  }
}

/** Login refused, or a request still answered 401 after logging in again. */
export class AuthenticationError extends HttpError {
  override name = "AuthenticationError";
}

/** The request never got an answer: connection refused or reset, DNS, CORS, truncated body. */
export class NetworkError extends NetunicornError {
  override name = "NetworkError";
}

/** The request (or a wait) took longer than allowed. */
export class TimeoutError extends NetunicornError {
  override name = "TimeoutError";
  declare readonly timeoutMs: number;
  constructor(message: string, options: NetunicornErrorOptions & { timeoutMs: number }) {
    super(message, options);
  }
}

/** The caller's AbortSignal fired. */
export class AbortError extends NetunicornError {
  override name = "AbortError";
}

/** A 2xx answer (or data read elsewhere) that is not what the server's schema promises. */
export class ValidationError extends NetunicornError {
  override name = "ValidationError";
  /** Path inside the body that failed, e.g. "node_pool_data[2].name" ("" for the whole body). */
  declare readonly path: string;
  /** The raw body text when it came from the network (possibly cut). */
  declare readonly body: string | undefined;
  constructor(message: string, options: NetunicornErrorOptions & { path: string; body?: string }) {
    super(message, options);
  }
}

export interface PickleErrorOptions extends NetunicornErrorOptions {
  /** Byte offset of the opcode being executed when decoding failed. */
  offset: number;
  /** Name of that opcode (e.g. "BINUNICODE"), or undefined when failing outside an opcode. */
  opcode?: string;
}

/** A pickle could not be decoded (corrupt, truncated, hostile, over a limit) or written. */
export class PickleError extends NetunicornError {
  override name = "PickleError";
  declare readonly offset: number;
  declare readonly opcode: string | undefined;
  constructor(message: string, options: PickleErrorOptions) {
    super(message, options);
  }
}

/** An execution graph that netunicorn's is_execution_graph_valid would refuse. */
export class GraphValidationError extends UsageError {
  override name = "GraphValidationError";
}
