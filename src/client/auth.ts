/**
 * The access token: kept between calls, fetched at first use, renewed only after a 401.
 * Concurrent callers share one login request.
 */
import { AuthenticationError, HttpError, NetunicornError } from "../errors.js";
import { TokenResponseSchema } from "../wire/auth.js";
import { validateBody } from "../wire/validate.js";
import type { CallSpec, Http } from "./http.js";
import { quotePlus } from "./quote-plus.js";

/** Performs one login and answers the new token. */
export type LoginFunction = () => Promise<string>;

export class TokenKeeper {
  #token: string | undefined;
  #pending: Promise<string> | undefined;

  /** `login` undefined: a fixed token obtained elsewhere, never renewed. */
  constructor(
    private readonly login: LoginFunction | undefined,
    token?: string,
  ) {
    this.#token = token;
    if (token !== undefined) this.seen.add(token);
  }

  /** Whether a 401 can be answered by logging in again. */
  get renewable(): boolean {
    return this.login !== undefined;
  }

  /** Every token this keeper has held or holds (to keep them out of error messages). */
  readonly seen = new Set<string>();

  /** The current token, logging in first if there is none yet (one login for all callers). */
  current(): Promise<string> {
    if (this.#token !== undefined) return Promise.resolve(this.#token);
    return this.#loginOnce();
  }

  /** A fresh token after `stale` was refused; if another caller already renewed it, that one. */
  renew(stale: string): Promise<string> {
    if (this.#token !== undefined && this.#token !== stale) return Promise.resolve(this.#token);
    if (this.#token === stale) this.#token = undefined;
    return this.#loginOnce();
  }

  #loginOnce(): Promise<string> {
    // Unreachable from the client (a fixed token is never renewed), but never a bare Error.
    if (this.login === undefined) return Promise.reject(new NetunicornError("TokenKeeper: no login available to renew a fixed token"));
    this.#pending ??= this.login().then(
      (token) => {
        this.#token = token;
        this.seen.add(token);
        this.#pending = undefined;
        return token;
      },
      (error: unknown) => {
        this.#pending = undefined;
        throw error;
      },
    );
    return this.#pending;
  }
}

/**
 * Logs in with `POST /api/v1/token` (form-encoded, as OAuth2's password flow and the reference
 * client do). A 4xx answer is an AuthenticationError carrying the server's words.
 */
export function passwordLogin(http: Http, login: string, password: string): LoginFunction {
  return async () => {
    const spec: CallSpec = {
      operation: "login",
      method: "POST",
      path: "/api/v1/token",
      anonymous: true,
      // requests form-encodes with quote_plus too.
      body: { text: `username=${quotePlus(login)}&password=${quotePlus(password)}`, type: "application/x-www-form-urlencoded" },
    };
    try {
      return await http.call(spec, (value) => validateBody(TokenResponseSchema, value, "the token response").access_token);
    } catch (error) {
      if (!(error instanceof HttpError) || error instanceof AuthenticationError || error.status >= 500) throw error;
      const { status, serverMessage, body, method, url } = error;
      throw new AuthenticationError(error.message, { operation: "login", status, serverMessage, body, method, url });
    }
  };
}
