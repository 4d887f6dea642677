/**
 * The package's `./sandbox` entry: a SIMULATED in-memory netunicorn server speaking the real
 * wire contract (fetch-only, runs in browsers, Deno and Node). Serving it over HTTP is Node-only
 * and lives in node/sandbox/serve-sandbox.ts.
 */
export { createSandbox, createManualClock, type Sandbox, type SandboxExperimentSummary } from "./sandbox.js";
export {
  DEFAULT_TIMING,
  FAIL_PROPERTY,
  type SandboxOptions,
  type SandboxOutcomes,
  type SandboxTiming,
} from "./options.js";
export type { NodeJson, NodePropertyJson, PoolJson, SandboxUser } from "./world.js";
export { DEMO_POOL, DEMO_USERS } from "./demo.js";
