/**
 * The sandbox's whole state: access tokens, experiments per user, the history the UI endpoints
 * read, and node locks. Every method is synchronous: a request reads, checks and writes with no
 * await in between, so concurrent requests can never interleave inside one change.
 */
import { accessToken } from "./ids.js";
import { advance } from "./lifecycle.js";
import type { ResolvedOptions } from "./options.js";
import type { SandboxUser } from "./world.js";
import { Status, type ExperimentRecord } from "./records.js";

interface TokenRecord {
  token: string;
  username: string;
  expiresAt: number;
}

export interface LockRow {
  node_name: string;
  username: string;
  connector: unknown;
}

/** A node lock's identity: node name and connector (the real `locks` row key). */
export function lockKey(nodeName: string, connector: unknown): string {
  return JSON.stringify([nodeName, connector]);
}

export class Store {
  private readonly tokensByUser = new Map<string, TokenRecord>();
  private readonly tokens = new Map<string, TokenRecord>();
  /** owner → name → record (names are unique per user). */
  readonly experiments = new Map<string, Map<string, ExperimentRecord>>();
  /** Every record ever prepared, deleted ones included (the real rows are only renamed). */
  readonly history: ExperimentRecord[] = [];

  constructor(readonly options: ResolvedOptions) {}

  user(login: string): SandboxUser | undefined {
    return this.options.users.get(login);
  }

  /** Whether the user is an administrator (additional arguments, every lock and UI row). */
  isSudo(login: string): boolean {
    return this.user(login)?.sudo === true;
  }

  /** Logs in: the same token while it is valid (its expiry extended), a new one after it expired. */
  login(username: string, now: number): string {
    const current = this.tokensByUser.get(username);
    const lifetime = this.options.timing.tokenLifetimeMs;
    if (current !== undefined && current.expiresAt > now) {
      current.expiresAt = now + lifetime;
      return current.token;
    }
    if (current !== undefined) this.tokens.delete(current.token);
    const fresh = { token: accessToken(), username, expiresAt: now + lifetime };
    this.tokensByUser.set(username, fresh);
    this.tokens.set(fresh.token, fresh);
    return fresh.token;
  }

  /** The user a token belongs to, or undefined when unknown or expired. */
  verify(token: string, now: number): string | undefined {
    const record = this.tokens.get(token);
    return record !== undefined && record.expiresAt > now ? record.username : undefined;
  }

  /** Makes a user's current token expired (what the transcripts did in the database). */
  expireToken(username: string, now: number): void {
    const record = this.tokensByUser.get(username);
    if (record !== undefined) record.expiresAt = now;
  }

  /** A user's experiment as the server sees it at `now` (row created, transitions applied). */
  find(owner: string, name: string, now: number): ExperimentRecord | undefined {
    const record = this.experiments.get(owner)?.get(name);
    if (record === undefined || record.rowAt > now) return undefined;
    advance(record, now);
    return record;
  }

  /** Whether the name is taken for this user (even before its row is visible). */
  exists(owner: string, name: string): boolean {
    return this.experiments.get(owner)?.has(name) ?? false;
  }

  add(record: ExperimentRecord): void {
    let mine = this.experiments.get(record.owner);
    if (mine === undefined) {
      mine = new Map();
      this.experiments.set(record.owner, mine);
    }
    mine.set(record.name, record);
    this.history.push(record);
  }

  /** Every visible experiment of a user, in preparation order. */
  list(owner: string, now: number): ExperimentRecord[] {
    const mine = [...(this.experiments.get(owner)?.values() ?? [])].filter((r) => r.rowAt <= now);
    for (const r of mine) advance(r, now);
    return mine;
  }

  /** The real delete renames the row to `deleted_<user>` / `<name>_<uuid>` (kept for history). */
  remove(record: ExperimentRecord, renamedTo: string): void {
    this.experiments.get(record.owner)?.delete(record.name);
    record.deletedAs = renamedTo;
    record.status = Status.FINISHED;
  }

  /** Live records of every user (deleted ones excluded), transitions applied. */
  live(now: number): ExperimentRecord[] {
    const all = [...this.experiments.values()].flatMap((m) => [...m.values()]);
    for (const r of all) advance(r, now);
    return all;
  }

  /** Nodes locked at `now`: held from prepare until the experiment finished (plus lockReleaseMs). */
  locks(now: number): LockRow[] {
    const rows: LockRow[] = [];
    const seen = new Set<string>();
    for (const r of this.live(now)) {
      if (r.finishedAt !== null && r.finishedAt + this.options.timing.lockReleaseMs <= now) continue;
      if (r.locksFreedAt !== null && r.locksFreedAt <= now) continue;
      for (const d of r.deployments) {
        const key = lockKey(d.nodeName, d.connector);
        if (!d.locking || seen.has(key) || (r.status !== Status.PREPARING && !d.prepared)) continue;
        seen.add(key);
        rows.push({ node_name: d.nodeName, username: r.owner, connector: d.connector });
      }
    }
    return rows;
  }

  /** Forgets everything but the options (users and pool). */
  reset(): void {
    this.tokens.clear();
    this.tokensByUser.clear();
    this.experiments.clear();
    this.history.length = 0;
  }
}
