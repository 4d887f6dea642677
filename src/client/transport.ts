/**
 * RemoteClient's way to the server (auth and transport): its options, the login and the token
 * (login once, again on 401), and the one request function every operation goes through: URL,
 * headers, timeout and abort, retry policy, error mapping, secrets kept out of errors. The
 * injected `fetch` is the only I/O. The operations are in client.ts.
 */
import type { CallOptions, ConnectorContext } from "../base-client.js";
import { AbortError, AuthenticationError, HttpError, NetunicornError, NetworkError, TimeoutError, UsageError, ValidationError } from "../errors.js";
import { parseServerJson, pythonJsonDumps } from "../json.js";
import { TokenResponseSchema } from "../wire/auth.js";
import { validateBody } from "../wire/validate.js";
import { corsHint } from "./cors-hint.js";
import { deadline, sleep } from "./deadline.js";
import { cutText, serverMessageOf } from "./error-body.js";
import { quotePlus } from "./quote-plus.js";
import { type RetryOptions, type RetryPolicy, retryDelay, retryPolicy } from "./retry.js";

/** The subset of `fetch` the client uses; any WHATWG-compatible implementation fits. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

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

/** A request body: its text and content type. */
export type Body = [text: string, type: string];

/** What happened on the way, for startExecution: whether an earlier attempt may have reached the server (network error, timeout, 5xx). */
export interface Trace {
  lost?: boolean;
}

/** Longest raw body kept on an error. */
const cutBody = (text: string): string => cutText(text, 10_000);

/** "fetch failed (ECONNRESET: socket hang up)": the runtime's words and its cause's. */
function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const parts = [...new Set([cause?.code, cause?.message].filter((part) => typeof part === "string" && part !== ""))];
  const message = error instanceof Error ? error.message : String(error);
  return parts.length === 0 ? message : `${message} (${parts.join(": ")})`;
}

/** The HTTP side of one RemoteClient: its credentials, token and request loop. */
export class Transport {
  /** The base URL requests go to. */
  readonly endpoint: string;
  readonly #fetch: FetchFunction;
  /** Per attempt; Infinity for none. */
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  /** The context headers every request but the login carries. */
  readonly #context: Record<string, string>;
  /** Texts never to show in an error: the password (as typed and form-encoded, also the URL's) and every token. */
  readonly #secrets: Set<string>;
  /** The login form's body; undefined with a token given up front (never renewed). */
  readonly #form: (() => Body) | undefined;
  #token: string | undefined;
  /** The login in flight, shared by every caller waiting for a token. */
  #pending: Promise<string> | undefined;

  constructor(options: RemoteClientOptions) {
    const endpoint = options?.endpoint;
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      // reported below
    }
    if (typeof endpoint !== "string" || url === undefined) {
      throw new UsageError(`RemoteClient: \`endpoint\` must be a URL, got ${JSON.stringify(endpoint)?.slice(0, 200)}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`RemoteClient: \`endpoint\` must be an http(s) URL, got ${url.protocol}`);
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!(timeoutMs >= 0)) throw new UsageError(`RemoteClient: \`timeoutMs\` must be a number >= 0 (0: none), got ${String(timeoutMs)}`);
    const byToken = "token" in options;
    if (byToken ? typeof options.token !== "string" : typeof options.login !== "string" || typeof options.password !== "string") {
      throw new UsageError("RemoteClient: give `login` and `password`, or `token`");
    }
    this.endpoint = endpoint.endsWith("/") ? endpoint.slice(0, -1) : endpoint;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = timeoutMs || Infinity;
    this.#retry = retryPolicy(options.retry);
    const context = pythonJsonDumps(options.authenticationContext ?? {});
    // Always sent, `{}` when empty, like the reference client. netunicorn oddity: its server reads
    // `netunicorn-auth-context` (its OpenAPI, transcript 04), not the header its client sends; a
    // context the caller gave goes in both, so that it takes effect.
    this.#context = { "netunicorn-authentication-context": context };
    if (context !== "{}") this.#context["netunicorn-auth-context"] = context;
    // A password written into the endpoint, as written and decoded ("" is never redacted).
    const secrets = (this.#secrets = new Set([url.password]));
    try {
      secrets.add(decodeURIComponent(url.password));
    } catch {
      // not %-encoded: added as written
    }
    if (byToken) {
      secrets.add((this.#token = options.token));
    } else {
      const { login, password } = options;
      let encoded: string;
      try {
        encoded = quotePlus(password);
      } catch {
        // quotePlus's own message would repeat the password.
        throw new UsageError("RemoteClient: `password` is not valid Unicode (it holds a lone surrogate)");
      }
      // The password as typed and as the login form encodes it.
      secrets.add(password).add(encoded);
      // POST /api/v1/token's body, form-encoded as OAuth2's password flow and the reference client
      // do (requests form-encodes with quote_plus too).
      this.#form = () => [`username=${quotePlus(login)}&password=${encoded}`, "application/x-www-form-urlencoded"];
    }
  }

  /**
   * Sends one operation's request (`path` under /api/v1) until it has a final answer, and decodes
   * its JSON body with `decode` (without one the body is not read: undefined). Anything but 2xx
   * throws an HttpError; a body `decode` refuses, a ValidationError with the operation and the body.
   */
  async request<T>(operation: string, method: string, path: string, options: CallOptions | undefined, decode?: (value: unknown) => T, body?: Body, trace: Trace = {}): Promise<T> {
    const signal = options?.signal;
    const url = `${this.endpoint}/api/v1${path}`;
    const policy = this.#retry;
    const timeoutMs = this.#timeoutMs;
    // The login is the one request without a token and context headers.
    const anonymous = operation === "login";
    let current = anonymous ? undefined : await this.#tokenFor(operation, signal);
    let renewed = false;
    let attempts = 0;
    const mayRetry = () => attempts <= policy.limit && policy.operations.includes(operation);
    for (;;) {
      attempts++;
      let response: Response | undefined;
      let text = "";
      try {
        // One exchange: request sent and body read under the per-attempt timeout.
        [response, text] = await deadline(
          operation,
          signal,
          async (attemptSignal): Promise<[Response, string]> => {
            try {
              const headers: Record<string, string> = anonymous ? {} : { authorization: `Bearer ${current}`, ...this.#context };
              if (body) headers["content-type"] = body[1];
              const answer = await this.#fetch(url, { method, headers, body: body?.[0], signal: attemptSignal });
              return [answer, await answer.text()];
            } catch (error) {
              throw new NetworkError(this.#redact(`${operation} failed: no answer from ${method} ${url}: ${describeFailure(error)}${corsHint(url)}`), { operation, cause: error });
            }
          },
          timeoutMs,
          () => new TimeoutError(this.#redact(`${operation} failed: no complete answer from ${method} ${url} within ${timeoutMs} ms`), { operation, timeoutMs }),
        );
      } catch (error) {
        // Network failures and timeouts: retried where the policy allows, aborts never.
        if (error instanceof AbortError || !mayRetry()) throw error;
      }
      const status = response?.status ?? 0;
      let note = "";
      if (status === 401 && current !== undefined) {
        if (!renewed && this.#form) {
          renewed = true;
          attempts--; // the retry after a new login is not a transient-failure retry
          current = await this.#tokenFor(operation, signal, current);
          continue;
        }
        note = renewed ? " (still refused after logging in again)" : " (the access token was refused)";
      } else if (!response || (policy.statusCodes.includes(status) && mayRetry())) {
        // No answer or a 5xx: that attempt may have reached the server.
        if (!response || status >= 500) trace.lost = true;
        await sleep(operation, signal, retryDelay(policy, attempts, response?.headers.get("retry-after") ?? null));
        continue;
      }
      if (note || status < 200 || status > 299) {
        const serverMessage = this.#redact(serverMessageOf(text, response!.headers.get("content-type")));
        // A refused login (4xx) is an AuthenticationError carrying the server's words.
        const Kind = note || (anonymous && status < 500) ? AuthenticationError : HttpError;
        throw new Kind(`${operation} failed: HTTP ${status}: ${serverMessage}${note}${attempts > 1 ? ` (after ${attempts} attempts)` : ""}`, {
          operation,
          status,
          serverMessage,
          body: this.#redact(cutBody(text)),
          method,
          url: this.#redact(url),
        });
      }
      if (!decode) return undefined as never;
      try {
        // Python's JSON, bare Infinity included.
        return decode(parseServerJson(text));
      } catch (error) {
        if (error instanceof NetunicornError && !(error instanceof ValidationError)) throw error;
        const reason = error instanceof Error ? error.message.replace(/^parseServerJson: /, "") : String(error);
        throw new ValidationError(`${operation} failed: ${this.#redact(reason)}`, {
          operation,
          path: error instanceof ValidationError ? error.path : "",
          body: this.#redact(cutBody(text)),
          cause: error,
        });
      }
    }
  }

  /**
   * The current token, or a new one when `stale` was refused (unless another caller already
   * renewed it): one login for all callers, not kept when it fails. The wait is bounded by the
   * caller's signal; a login failure is reported as the failure of `operation`.
   */
  async #tokenFor(operation: string, signal: AbortSignal | undefined, stale?: string): Promise<string> {
    const token = this.#token;
    if (token !== undefined && token !== stale) return token;
    try {
      // Nothing starts when the caller has already given up.
      return await deadline(operation, signal, async () => {
        this.#token = undefined;
        // A 4xx answer to the login is an AuthenticationError (see request).
        return (this.#pending ??= this.request("login", "POST", "/token", undefined, (value) => validateBody(TokenResponseSchema, value, "the token response").access_token, this.#form!()).then(
          (fresh) => {
            this.#secrets.add(fresh);
            this.#pending = undefined;
            return (this.#token = fresh);
          },
          (error: unknown) => {
            this.#pending = undefined;
            throw error;
          },
        ));
      });
    } catch (error) {
      if (!(error instanceof NetunicornError) || error.operation !== "login") throw error;
      // The same kind of error, with its fields, as seen by the operation that needed the login.
      const message = error.message.replace(/^login failed: /, `${operation} failed: could not log in: `);
      throw new (error.constructor as typeof NetunicornError)(message, { ...error, operation, cause: error });
    }
  }

  /** Removes the password and every token from a text. */
  #redact(text: string): string {
    for (const secret of this.#secrets) if (secret.length >= 4) text = text.split(secret).join("***");
    return text;
  }
}
