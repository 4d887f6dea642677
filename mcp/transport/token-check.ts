/**
 * Per-user mode: is this bearer a netunicorn access token? Asked of netunicorn itself
 * (GET /api/v1/verify_token) and remembered briefly, keyed by the token's SHA-256 so that no
 * token is ever kept in memory longer than its request, nor written anywhere.
 */
import { createHash } from "node:crypto";
import type { FetchFunction } from "../../src/client/index.js";

export type TokenVerdict =
  | { ok: true }
  /** netunicorn refused the token (401 to the MCP client). */
  | { ok: false; status: 401; reason: string }
  /** netunicorn could not be asked (502/503/504 to the MCP client; never cached). */
  | { ok: false; status: 502 | 503 | 504; reason: string };

export interface TokenCheck {
  /** netunicorn's verdict on a token, or the one remembered for it. */
  verify(token: string): Promise<TokenVerdict>;
  /** Forgets what is remembered of a token (netunicorn has just refused it: it expired). */
  forget(token: string): void;
}

export interface TokenCheckOptions {
  /** netunicorn's base URL (as NETUNICORN_ENDPOINT). */
  endpoint: string;
  fetch?: FetchFunction | undefined;
  /** Longest wait for netunicorn's answer (default 10 s). */
  timeoutMs?: number;
  /** How long an accepted token is trusted without asking again (default 60 s). */
  acceptedTtlMs?: number;
  /** How long a refused token is refused without asking again (default 10 s): a flood of bad tokens costs netunicorn little. */
  refusedTtlMs?: number;
  /** Most remembered verdicts (default 1,000; the oldest is forgotten first). */
  maxEntries?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** Longest bearer accepted at all; longer ones are refused without asking netunicorn. */
const MAX_TOKEN_CHARS = 4096;

/** The token of an `Authorization: Bearer <token>` header (the scheme is case-insensitive, RFC 9110 §11.1); undefined when there is none. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return match?.[1];
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** The server's own words from a FastAPI error body ({"detail": "..."}), if any. */
async function detailOf(response: Response): Promise<string | undefined> {
  try {
    const detail = ((await response.json()) as { detail?: unknown } | null)?.detail;
    return typeof detail === "string" ? detail.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

export function createTokenCheck(options: TokenCheckOptions): TokenCheck {
  const url = `${options.endpoint.replace(/\/$/, "")}/api/v1/verify_token`;
  const fetchFn = options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1000;
  const acceptedTtl = options.acceptedTtlMs ?? 60_000;
  const refusedTtl = options.refusedTtlMs ?? 10_000;
  /** token hash → verdict and when it stops counting; Map order = insertion order, the oldest first. */
  const remembered = new Map<string, { verdict: TokenVerdict; until: number }>();
  /** token hash → the check in flight (many requests of one client arrive together). */
  const inFlight = new Map<string, Promise<TokenVerdict>>();

  function remember(key: string, verdict: TokenVerdict): void {
    const ttl = verdict.ok ? acceptedTtl : verdict.status === 401 ? refusedTtl : 0;
    if (ttl <= 0) return;
    remembered.delete(key);
    remembered.set(key, { verdict, until: now() + ttl });
    while (remembered.size > maxEntries) remembered.delete(remembered.keys().next().value as string);
  }

  async function ask(token: string): Promise<TokenVerdict> {
    let response: Response;
    try {
      response = await fetchFn(url, { method: "GET", headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      return timedOut
        ? { ok: false, status: 504, reason: "netunicorn did not answer the token check in time" }
        : { ok: false, status: 503, reason: "netunicorn could not be reached to check the token" };
    }
    if (response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: true };
    }
    const detail = await detailOf(response);
    if (response.status === 401 || response.status === 403) {
      return { ok: false, status: 401, reason: `netunicorn refused the access token${detail ? ` (${detail})` : ""}` };
    }
    return { ok: false, status: 502, reason: `netunicorn answered the token check with HTTP ${response.status}${detail ? ` (${detail})` : ""}` };
  }

  async function verify(token: string): Promise<TokenVerdict> {
    if (token === "" || token.length > MAX_TOKEN_CHARS) return { ok: false, status: 401, reason: "not a netunicorn access token" };
    const key = hashOf(token);
    const known = remembered.get(key);
    if (known && known.until > now()) return known.verdict;
    if (known) remembered.delete(key);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = ask(token).then((verdict) => {
        remember(key, verdict);
        return verdict;
      });
      pending.finally(() => inFlight.delete(key)).catch(() => undefined);
      inFlight.set(key, pending);
    }
    return pending;
  }

  return { verify, forget: (token) => void remembered.delete(hashOf(token)) };
}
