/**
 * A bounded memory of FINISHED experiments' results, so that paging through them costs what a
 * page returns: netunicorn answers an experiment's status with every deployment's result at once,
 * and a FINISHED experiment's results never change. Least recently used entries go first, by
 * count and by estimated bytes; an entry also expires after a while, since the experiment may be
 * deleted and prepared again under the same name by another client.
 *
 * One store per process at most; each user sees only their own scope of it (team mode forwards
 * each user's token: an entry is never shared across users). Written here rather than taken from
 * npm (lru-cache would do the LRU) because the scoping, the byte estimate and the expiry are
 * most of it, in ~80 lines.
 */
import type { BaseClient } from "../../src/base-client.js";

export interface ResultsCacheLimits {
  /** Most experiments kept, all users together (default 32). */
  maxEntries: number;
  /** Most estimated bytes kept, all users together (default 64 MiB). */
  maxBytes: number;
  /** An entry older than this is fetched again (default 10 minutes). */
  ttlMs: number;
  /** The clock (tests). */
  now: () => number;
}

/** One user's view of the store: entries by experiment name. */
export interface ResultsCache {
  get<T>(name: string): T | undefined;
  /** Keeps `value` for `name`; `bytes` is its estimated size (an entry over the whole budget is not kept). */
  put(name: string, value: unknown, bytes: number): void;
  forget(name: string): void;
}

interface Entry {
  value: unknown;
  bytes: number;
  storedAt: number;
}

export class ResultsStore {
  readonly limits: ResultsCacheLimits;
  /** scope + "\0" + name → entry; Map order = least recently used first. */
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(limits: Partial<ResultsCacheLimits> = {}) {
    this.limits = { maxEntries: 32, maxBytes: 64 * 1024 * 1024, ttlMs: 10 * 60_000, now: Date.now, ...limits };
  }

  /** Entries and estimated bytes held now. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }

  /** The view of one user (an opaque key, e.g. a hash of their token; "" for a single-user server). */
  scoped(scope: string): ResultsCache {
    const key = (name: string) => `${scope}\0${name}`;
    return {
      get: <T>(name: string) => this.#get(key(name)) as T | undefined,
      put: (name, value, bytes) => this.#put(key(name), value, bytes),
      forget: (name) => this.#delete(key(name)),
    };
  }

  #get(key: string): unknown {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.limits.now() - entry.storedAt > this.limits.ttlMs) {
      this.#delete(key);
      return undefined;
    }
    this.#entries.delete(key); // to the most recently used end
    this.#entries.set(key, entry);
    return entry.value;
  }

  #put(key: string, value: unknown, bytes: number): void {
    this.#delete(key);
    if (bytes > this.limits.maxBytes || this.limits.maxEntries < 1) return;
    this.#entries.set(key, { value, bytes, storedAt: this.limits.now() });
    this.#bytes += bytes;
    for (const [oldest] of this.#entries) {
      if (this.#entries.size <= this.limits.maxEntries && this.#bytes <= this.limits.maxBytes) break;
      this.#delete(oldest);
    }
  }

  #delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}

/** The cache each client's tools use: bound by the team server per user, else one per client. */
const byClient = new WeakMap<BaseClient, ResultsCache>();

export function resultsCacheOf(client: BaseClient): ResultsCache {
  let cache = byClient.get(client);
  if (cache === undefined) {
    cache = new ResultsStore().scoped("");
    byClient.set(client, cache);
  }
  return cache;
}

/** Makes `client`'s tools use `cache` (team mode: the scope of the user whose token the client carries). */
export function bindResultsCache(client: BaseClient, cache: ResultsCache): void {
  byClient.set(client, cache);
}
