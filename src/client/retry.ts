/** The retry policy: which operations, which answers, how long to wait. One options object. */

/** How the client retries transient failures (network errors, timeouts, 429/502/503/504). */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  limit?: number;
  /** Operations that may be repeated (default: the reads, prepareExperiment and startExecution). */
  operations?: readonly string[];
  /** Statuses worth another attempt (default 429, 502, 503, 504). */
  statusCodes?: readonly number[];
  /** First backoff delay; doubles each retry (default 300 ms). */
  baseDelayMs?: number;
  /** Cap of the backoff delay (default 5 s). */
  maxDelayMs?: number;
  /** Cap of a server's `Retry-After` (429/503), waited instead of the backoff (default 30 s). */
  maxRetryAfterMs?: number;
  /** Randomize each delay between half and all of it (default true). */
  jitter?: boolean;
}

/**
 * Safe to repeat: the reads, and prepare/start, which netunicorn documents as safe after a
 * network failure (prepare is idempotent by name; a repeated start is recognised, see client.ts).
 */
export const SAFE_OPERATIONS: readonly string[] = [
  "login",
  "healthcheck",
  "getNodes",
  "getExperiments",
  "getExperimentStatus",
  "getFlagValues",
  "getLockedNodes",
  "getRunningExperiments",
  "getRecentExperiments",
  "getActiveCompilations",
  "prepareExperiment",
  "startExecution",
];

export type RetryPolicy = Required<RetryOptions>;

/** The options with defaults filled in; `false` gives a policy that never retries. */
export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  const given = options === false ? { limit: 0 } : (options ?? {});
  return {
    limit: Math.max(0, Math.floor(given.limit ?? 2)),
    operations: given.operations ?? SAFE_OPERATIONS,
    statusCodes: given.statusCodes ?? [429, 502, 503, 504],
    baseDelayMs: given.baseDelayMs ?? 300,
    maxDelayMs: given.maxDelayMs ?? 5_000,
    maxRetryAfterMs: given.maxRetryAfterMs ?? 30_000,
    jitter: given.jitter ?? true,
  };
}

/** Delay before retry number `retry` (1 for the first): the server's Retry-After (capped) when given, else capped exponential backoff. */
export function retryDelay(policy: RetryPolicy, retry: number, retryAfter: string | null, now = Date.now()): number {
  const asked = retryAfterMs(retryAfter, now);
  if (asked !== undefined) return Math.min(asked, policy.maxRetryAfterMs);
  const delay = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return policy.jitter ? (delay * (1 + Math.random())) / 2 : delay;
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
