/**
 * What a sandbox can be told: users, node pool, lifecycle timing, simulated outcomes, limits,
 * CORS and the clock. Everything has a default, so `createSandbox()` alone serves the demo.
 */
import { DEMO_POOL, DEMO_USERS } from "./demo.js";
import type { NodeJson, PoolJson, SandboxUser } from "./world.js";

/** Durations of the simulated lifecycle, in milliseconds of the sandbox clock. */
export interface SandboxTiming {
  /** prepare → READY. */
  preparationMs: number;
  /** start → each executor's end. */
  executionMs: number;
  /**
   * Each executor after the first ends this much later than the one before (deployment order),
   * as real nodes finish one by one; 0 (the default): all end together after executionMs.
   */
  executionStaggerMs: number;
  /** start → executors registered (execution_result turns from null to a list of pending items). */
  executorsStartMs: number;
  /** cancel → the executor stops with "Executor was stopped". */
  cancelMs: number;
  /**
   * prepare → status row exists; until then reads answer 400 "Experiment X not found", a delete
   * answers the same and get_experiments leaves the name out. The real server creates the row in
   * a background task after prepare's 200, but shows it at the first read 6–9 ms later (10 of 10
   * tries; a window appears only under load), so the default is 0: the row exists at once, and a
   * delete right after prepare says "… is in status PREPARING, cannot delete it" as the real one
   * does. Set it (e.g. 250) to test a client's tolerance of the window a loaded server opens.
   */
  rowDelayMs: number;
  /** prepare → experiment data filled (before: `"experiment": null` while PREPARING). */
  dataDelayMs: number;
  /** FINISHED → node locks released. */
  lockReleaseMs: number;
  /**
   * start of an experiment none of whose deployments was prepared → FINISHED. The real server
   * shows RUNNING until its processor's next pass notices there is nothing to run (up to ~30 s).
   */
  processorPassMs: number;
  /** Access token lifetime (one day on the real server). */
  tokenLifetimeMs: number;
}

/** Rules deciding simulated failures; each returns an error text, or null for success. */
export interface SandboxOutcomes {
  /** Preparation of a deployment on this node fails with this error. */
  prepareFailure(node: NodeJson): string | null;
  /** The first task run on this node fails with this error (the graph result becomes a Failure). */
  executionFailure(node: NodeJson): string | null;
}

export interface SandboxOptions {
  /** login → user; default: demo/demo-password and other/other-password. */
  users?: Record<string, SandboxUser>;
  /**
   * The top-level pool (usually a CountableNodePool of pools, one per connector), as wire JSON or
   * as a model pool (anything with `toJSON()`, e.g. `CountableNodePool`); default: the demo pool.
   */
  pool?: PoolJson | { toJSON(): unknown };
  timing?: Partial<SandboxTiming>;
  outcomes?: Partial<SandboxOutcomes>;
  /** The clock, in ms; inject one to move time in tests without sleeping. Default Date.now. */
  now?: () => number;
  /** Request bodies above this size get 413 (the real uvicorn has no limit; default 10 MiB). */
  maxBodyBytes?: number;
  /** Adds CORS headers and answers preflights; `true` allows any origin. */
  cors?: boolean | { origin: string };
  /** Image registry used in the names of images the (simulated) compilation builds. */
  dockerRegistry?: string;
}

export interface ResolvedOptions {
  users: Map<string, SandboxUser>;
  pool: PoolJson;
  timing: SandboxTiming;
  outcomes: SandboxOutcomes;
  now: () => number;
  maxBodyBytes: number;
  cors: { origin: string } | null;
  dockerRegistry: string;
}

export const DEFAULT_TIMING: SandboxTiming = {
  preparationMs: 2_000,
  executionMs: 3_000,
  executionStaggerMs: 0,
  executorsStartMs: 500,
  cancelMs: 500,
  rowDelayMs: 0, // the real server shows the row at the first read (see SandboxTiming.rowDelayMs)
  dataDelayMs: 0,
  lockReleaseMs: 0,
  processorPassMs: 3_000,
  tokenLifetimeMs: 24 * 60 * 60 * 1000,
};

/** The node property the default outcome rules read: "prepare" or "execute" makes that step fail. */
export const FAIL_PROPERTY = "sandbox-fail";

const DEFAULT_OUTCOMES: SandboxOutcomes = {
  prepareFailure: (node) =>
    node.properties[FAIL_PROPERTY] === "prepare"
      ? `Simulated preparation failure on node ${node.name} (sandbox property ${FAIL_PROPERTY}=prepare)`
      : null,
  executionFailure: (node) =>
    node.properties[FAIL_PROPERTY] === "execute"
      ? `Simulated task failure on node ${node.name} (sandbox property ${FAIL_PROPERTY}=execute)`
      : null,
};

function poolJson(pool: SandboxOptions["pool"]): PoolJson {
  if (pool === undefined) return structuredClone(DEMO_POOL);
  const json = "toJSON" in pool && typeof pool.toJSON === "function" ? pool.toJSON() : pool;
  // a deep copy through JSON keeps Infinity (an unlimited uncountable pool) out of harm's way
  return structuredClone(json) as PoolJson;
}

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const cors = options.cors === true ? { origin: "*" } : options.cors ? options.cors : null;
  return {
    users: new Map(Object.entries(options.users ?? DEMO_USERS)),
    pool: poolJson(options.pool),
    timing: { ...DEFAULT_TIMING, ...options.timing },
    outcomes: { ...DEFAULT_OUTCOMES, ...options.outcomes },
    now: options.now ?? (() => Date.now()),
    maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
    cors,
    dockerRegistry: options.dockerRegistry ?? "registry.sandbox.invalid:5000",
  };
}
