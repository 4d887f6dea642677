/**
 * An experiment's results as the results tool pages through them: fetched once per walk (a walk
 * starts at offset 0), kept while FINISHED (they never change then), and decoded per deployment
 * only when a page, a count or a summary needs that deployment (each at most once per kept copy).
 */
import type { BaseClient } from "../src/base-client.js";
import { resultsCacheOf } from "./results-cache.js";
import { type ResultLimits, deploymentResult } from "./results-view.js";
import { resultsOf } from "./status-view.js";
import { type WireDeploymentResult, type WireStatus, wireOf } from "./wire-view.js";

const FINISHED = 4;

/** Limits of the decode that only asks whether a deployment failed (its values and logs unused). */
const VERDICT_LIMITS: ResultLimits = { maxValueChars: 50, maxLogLines: 0, logOffset: undefined };

export class LoadedResults {
  readonly results: readonly WireDeploymentResult[];
  /** Per deployment index: whether it failed or carries an error (undefined: not decoded yet). */
  readonly #failed: (boolean | undefined)[] = [];

  constructor(
    readonly name: string,
    readonly status: WireStatus,
  ) {
    this.results = resultsOf(status);
  }

  /** Whether deployment `index` failed or carries an error (decodes it the first time). */
  failed(index: number): boolean {
    let verdict = this.#failed[index];
    if (verdict === undefined) {
      const d = deploymentResult(this.results[index]!, VERDICT_LIMITS);
      verdict = this.#failed[index] = d.ok !== true || d.error !== null;
    }
    return verdict;
  }
}

/**
 * The experiment's status and results: fetched when `fresh` or when no copy is kept; a FINISHED
 * experiment's copy is kept for the next pages (per user, bounded: see results-cache.ts).
 */
export async function loadResults(client: BaseClient, name: string, signal: AbortSignal, fresh: boolean): Promise<LoadedResults> {
  const cache = resultsCacheOf(client);
  if (!fresh) {
    const kept = cache.get<LoadedResults>(name);
    if (kept !== undefined) return kept;
  }
  const status = wireOf<WireStatus>(await client.getExperimentStatus(name, { signal }));
  const loaded = new LoadedResults(name, status);
  if (status.status === FINISHED) cache.put(name, loaded, estimatedBytes(loaded));
  else cache.forget(name);
  return loaded;
}

/** The kept copy's size: its base64 text, times 4 for what decoding it once keeps beside it. */
function estimatedBytes(loaded: LoadedResults): number {
  let chars = 0;
  for (const r of loaded.results) chars += (r.result?.length ?? 0) + r.execution_graph.length + 200;
  for (const d of loaded.status.experiment?.deployment_map ?? []) chars += d.execution_graph.length + 200;
  return 4 * chars;
}
