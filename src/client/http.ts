/**
 * One request function for every operation: URL, headers, token (login once, again on 401),
 * timeout and abort, retry policy, error mapping. The injected `fetch` is the only I/O.
 */
import { AbortError, AuthenticationError, HttpError, NetunicornError, NetworkError, TimeoutError, ValidationError } from "../errors.js";
import { parseServerJson } from "../json.js";
import type { TokenKeeper } from "./auth.js";
import { Interrupted, sleep, withDeadline } from "./deadline.js";
import { BODY_LIMIT, cutText, serverMessageOf } from "./error-body.js";
import { mayRetry, type RetryPolicy, retryDelay } from "./retry.js";

/** The subset of `fetch` the client uses; any WHATWG-compatible implementation fits. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpSettings {
  /** Base URL without its trailing slash. */
  endpoint: string;
  fetch: FetchFunction;
  timeoutMs: number;
  retry: RetryPolicy;
  /** JSON text of the authentication context, sent as `netunicorn-authentication-context`. */
  contextHeader: string;
  /** The same text for `netunicorn-auth-context` when the caller gave a context (undefined: not sent). */
  serverContextHeader?: string | undefined;
  tokens: TokenKeeper;
  /** Texts never to show in an error (the password). */
  secrets: readonly string[];
}

export interface CallSpec {
  /** The client operation, named in every error (e.g. "getExperimentStatus"). */
  operation: string;
  method: "GET" | "POST" | "DELETE";
  /** Path and query, names already encoded (e.g. "/api/v1/experiment/my+exp"). */
  path: string;
  /** The request body and its content type; undefined sends none. */
  body?: { text: string; type: string };
  signal?: AbortSignal | undefined;
  /** Without a token and the context header (the login itself). */
  anonymous?: boolean;
}

/** What happened on the way, for callers that must tell a repeated request from a first one. */
export interface CallTrace {
  /** An earlier attempt of this call may have reached the server (network error, timeout, 5xx). */
  lostAttempt: boolean;
  attempts: number;
}

/** A response read in full. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  url: string;
}

export class Http {
  constructor(private readonly settings: HttpSettings) {}

  /** Sends the request and decodes its JSON body with `decode` (ValidationErrors get the operation and body). */
  async call<T>(spec: CallSpec, decode: (value: unknown) => T, trace: CallTrace = newTrace()): Promise<T> {
    const answer = await this.send(spec, trace);
    return this.decode(spec, answer, decode);
  }

  /** Sends the request until it has a final answer; throws for anything but 2xx. */
  async send(spec: CallSpec, trace: CallTrace = newTrace()): Promise<Answer> {
    let token = spec.anonymous ? undefined : await this.token(spec, undefined);
    let renewed = false;
    for (;;) {
      trace.attempts++;
      let answer: Answer;
      try {
        answer = await this.attempt(spec, token);
      } catch (error) {
        if (error instanceof AbortError || !mayRetry(this.settings.retry, spec.operation, trace.attempts)) throw error;
        trace.lostAttempt = true;
        await this.pause(spec, trace.attempts, null);
        continue;
      }
      if (answer.status === 401 && token !== undefined) {
        if (!renewed && this.settings.tokens.renewable) {
          renewed = true;
          trace.attempts--; // the retry after a new login is not a transient-failure retry
          token = await this.token(spec, token);
          continue;
        }
        throw this.httpError(spec, answer, trace, AuthenticationError, renewed ? " (still refused after logging in again)" : " (the access token was refused)");
      }
      if (this.settings.retry.statusCodes.includes(answer.status) && mayRetry(this.settings.retry, spec.operation, trace.attempts)) {
        if (answer.status >= 500) trace.lostAttempt = true;
        await this.pause(spec, trace.attempts, answer.headers.get("retry-after"));
        continue;
      }
      if (answer.status < 200 || answer.status > 299) throw this.httpError(spec, answer, trace, HttpError, "");
      return answer;
    }
  }

  /** Parses a 2xx body (Python's JSON, bare Infinity included) and decodes it. */
  decode<T>(spec: CallSpec, answer: Answer, decode: (value: unknown) => T): T {
    try {
      return decode(parseServerJson(answer.text));
    } catch (error) {
      if (error instanceof NetunicornError && !(error instanceof ValidationError)) throw error;
      const reason = error instanceof Error ? error.message.replace(/^parseServerJson: /, "") : String(error);
      throw new ValidationError(`${spec.operation} failed: ${this.redact(reason)}`, {
        operation: spec.operation,
        path: error instanceof ValidationError ? error.path : "",
        body: this.redact(cutText(answer.text, BODY_LIMIT)),
        cause: error,
      });
    }
  }

  /** Removes the password and every token from a text. */
  redact(text: string): string {
    let result = text;
    for (const secret of [...this.settings.secrets, ...this.settings.tokens.seen]) {
      if (secret.length >= 4) result = result.split(secret).join("***");
    }
    return result;
  }

  /** The current token (or a renewed one after `stale` was refused), the wait bounded by the caller's signal. */
  private async token(spec: CallSpec, stale: string | undefined): Promise<string> {
    const tokens = this.settings.tokens;
    try {
      return await withDeadline(0, spec.signal, () => (stale === undefined ? tokens.current() : tokens.renew(stale)));
    } catch (error) {
      if (error instanceof Interrupted) throw this.interrupted(spec, error);
      if (error instanceof NetunicornError && error.operation === "login") throw relabel(error, spec.operation);
      throw error;
    }
  }

  /** One exchange: request sent and body read under the per-attempt timeout. */
  private async attempt(spec: CallSpec, token: string | undefined): Promise<Answer> {
    const url = this.settings.endpoint + spec.path;
    const headers: Record<string, string> = {};
    if (token !== undefined) headers["authorization"] = `Bearer ${token}`;
    if (!spec.anonymous) {
      // Always sent, `{}` when empty, like the reference client; the server reads it where it needs it.
      headers["netunicorn-authentication-context"] = this.settings.contextHeader;
      // netunicorn oddity: its server reads `netunicorn-auth-context` (its OpenAPI, transcript 04), not
      // the header its client sends; a context the caller gave goes in both, so that it takes effect.
      if (this.settings.serverContextHeader !== undefined) headers["netunicorn-auth-context"] = this.settings.serverContextHeader;
    }
    if (spec.body !== undefined) headers["content-type"] = spec.body.type;
    const init: RequestInit = { method: spec.method, headers };
    if (spec.body !== undefined) init.body = spec.body.text;
    try {
      return await withDeadline(this.settings.timeoutMs, spec.signal, async (signal) => {
        const response = await this.settings.fetch(url, { ...init, signal });
        return { status: response.status, headers: response.headers, text: await response.text(), url };
      });
    } catch (error) {
      if (error instanceof Interrupted) throw this.interrupted(spec, error, url);
      throw new NetworkError(this.redact(`${spec.operation} failed: no answer from ${spec.method} ${url}: ${describeFailure(error)}`), {
        operation: spec.operation,
        cause: error,
      });
    }
  }

  private async pause(spec: CallSpec, retry: number, retryAfter: string | null): Promise<void> {
    try {
      await sleep(retryDelay(this.settings.retry, retry, retryAfter), spec.signal);
    } catch (error) {
      throw error instanceof Interrupted ? this.interrupted(spec, error) : error;
    }
  }

  private interrupted(spec: CallSpec, why: Interrupted, url?: string): NetunicornError {
    if (why.reason === "abort") return new AbortError(`${spec.operation} cancelled by the caller`, { operation: spec.operation });
    const ms = this.settings.timeoutMs;
    return new TimeoutError(this.redact(`${spec.operation} failed: no complete answer from ${spec.method} ${url ?? spec.path} within ${ms} ms`), {
      operation: spec.operation,
      timeoutMs: ms,
    });
  }

  private httpError(spec: CallSpec, answer: Answer, trace: CallTrace, kind: typeof HttpError, note: string): HttpError {
    const serverMessage = this.redact(serverMessageOf(answer.text, answer.headers.get("content-type")));
    const tries = trace.attempts > 1 ? ` (after ${trace.attempts} attempts)` : "";
    return new kind(`${spec.operation} failed: HTTP ${answer.status}: ${serverMessage}${note}${tries}`, {
      operation: spec.operation,
      status: answer.status,
      serverMessage,
      body: this.redact(cutText(answer.text, BODY_LIMIT)),
      method: spec.method,
      url: this.redact(answer.url),
    });
  }
}

export function newTrace(): CallTrace {
  return { lostAttempt: false, attempts: 0 };
}

/** "fetch failed (ECONNRESET: socket hang up)": the runtime's words and its cause's. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const parts = [cause?.code, cause?.message].filter((part): part is string => typeof part === "string" && part !== "");
  return parts.length === 0 ? error.message : `${error.message} (${[...new Set(parts)].join(": ")})`;
}

/** A login failure as seen by the operation that needed the login. */
function relabel(error: NetunicornError, operation: string): NetunicornError {
  const message = error.message.replace(/^login failed: /, `${operation} failed: could not log in: `);
  if (error instanceof HttpError) {
    const Kind = error.constructor as typeof HttpError;
    const { status, serverMessage, body, method, url } = error;
    return new Kind(message, { operation, status, serverMessage, body, method, url, cause: error });
  }
  if (error instanceof TimeoutError) return new TimeoutError(message, { operation, timeoutMs: error.timeoutMs, cause: error });
  if (error instanceof ValidationError) return new ValidationError(message, { operation, path: error.path, body: error.body ?? "", cause: error });
  const Kind = error.constructor as typeof NetworkError;
  return new Kind(message, { operation, cause: error });
}
