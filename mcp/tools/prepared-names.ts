/**
 * The experiment names this server sent for preparation, remembered for a while. netunicorn
 * creates an experiment's row in a background task after prepare's 200, so for a moment a name
 * just prepared reads "not found": prepare_experiment's check for a taken name must not trust
 * that answer for a name it sent itself (a second prepare would be answered 200 and dropped).
 */
import type { BaseClient } from "../../src/base-client.js";

export interface PreparedNamesOptions {
  /** How long after a prepare a "not found" is not believed (default 5 s, the wait's grace period). */
  windowMs?: number;
  /** Most names remembered (default 1,000; the oldest is forgotten first). */
  max?: number;
  now?: () => number;
}

export class PreparedNames {
  readonly windowMs: number;
  private readonly max: number;
  private readonly now: () => number;
  /** Name → when it was sent; Map order is insertion order, so the first key is the oldest. */
  private readonly sent = new Map<string, number>();

  constructor(options: PreparedNamesOptions = {}) {
    this.windowMs = options.windowMs ?? 5_000;
    this.max = options.max ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /** Marks a name as being prepared now (before the request goes out, so a concurrent prepare sees it). */
  remember(name: string): void {
    this.sent.delete(name);
    this.sent.set(name, this.now());
    while (this.sent.size > this.max) this.sent.delete(this.sent.keys().next().value as string);
  }

  forget(name: string): void {
    this.sent.delete(name);
  }

  /** When a "not found" for this name stops being doubtful (epoch ms), or undefined when it is believed already. */
  doubtfulUntil(name: string): number | undefined {
    const at = this.sent.get(name);
    if (at === undefined) return undefined;
    const until = at + this.windowMs;
    if (this.now() >= until) return undefined;
    return until;
  }
}

/** One memory per netunicorn client (the HTTP server makes many MCP servers over one client). */
const byClient = new WeakMap<BaseClient, PreparedNames>();

export function preparedNamesOf(client: BaseClient): PreparedNames {
  let names = byClient.get(client);
  if (names === undefined) {
    names = new PreparedNames();
    byClient.set(client, names);
  }
  return names;
}
