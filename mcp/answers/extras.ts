/**
 * The server's read-only extras (used by netunicorn's web UI, absent from the Python client).
 * RemoteClient has them; any BaseClient may: the tools exist only when the client does.
 */
import type { CallOptions } from "../../src/base-client.js";

export interface LockedNodesSource {
  getLockedNodes(options?: CallOptions): Promise<unknown>;
}

export interface RecentExperimentsSource {
  getRecentExperiments(days?: number, options?: CallOptions): Promise<unknown>;
}

export function hasLockedNodes(client: unknown): client is LockedNodesSource {
  return typeof (client as Partial<LockedNodesSource> | null)?.getLockedNodes === "function";
}

export function hasRecentExperiments(client: unknown): client is RecentExperimentsSource {
  return typeof (client as Partial<RecentExperimentsSource> | null)?.getRecentExperiments === "function";
}

/** Reads a field under its wire (snake_case) or model (camelCase) name. */
export function field(record: unknown, snake: string): unknown {
  if (record === null || typeof record !== "object") return undefined;
  const object = record as Record<string, unknown>;
  if (snake in object) return object[snake];
  const camel = snake.replace(/_([a-z])/g, (_m, letter: string) => letter.toUpperCase());
  return object[camel];
}

export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}
