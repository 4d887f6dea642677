/**
 * An experiment's results as the results tool pages through them: fetched once per walk (a walk
 * starts at offset 0), kept while FINISHED (they never change then), and decoded per deployment
 * only when a page, a count or a summary needs that deployment (each at most once per kept copy).
 */
import type { BaseClient } from "../../src/base-client.js";
import { Experiment } from "../../src/model/experiment.js";
import type { Deployment } from "../../src/model/deployment.js";
import { ExperimentExecutionInformation } from "../../src/model/status.js";
import { type ColumnSummary, type ResultRow, resultRows, summarizeRows } from "../../src/results/index.js";
import { resultsCacheOf } from "./results-cache.js";
import { type ResultLimits, deploymentResult } from "./results-view.js";
import { resultsOf } from "./status-view.js";
import { type WireDeploymentResult, type WireStatus, wireOf } from "./wire-view.js";

const FINISHED = 4;
/** Limits of the decode that only asks whether a deployment failed (when there are no rows to ask). */
const VERDICT_LIMITS: ResultLimits = { maxValueChars: 50, maxLogLines: 0, logOffset: undefined };

export interface Listing {
  indexes: number[];
  failed: number[];
  summary: ColumnSummary[];
}

export class LoadedResults {
  /** The deployments' results as the server sent them (the tools' views read these). */
  readonly results: readonly WireDeploymentResult[];
  /** Per result index: its tidy rows (undefined: not decoded yet). */
  readonly #rows: (ResultRow[] | undefined)[] = [];
  /** Per result index: the deployment it belongs to (paired once, by node name in order, as resultRows pairs them). */
  #deployments: (Deployment | undefined)[] | undefined;
  #all: ResultRow[] | undefined;
  /** Per node filter ("" = every node): the listing the results tool pages through. */
  readonly #listings = new Map<string, Listing>();

  constructor(
    readonly name: string,
    readonly status: WireStatus,
    /** The same status as models (what netunicorn/results reads); null when a plain client's body did not validate (then no rows). */
    readonly info: ExperimentExecutionInformation | null,
  ) {
    this.results = resultsOf(status);
  }

  /** The tidy rows of result `index` (decoded the first time, kept after). */
  rowsOf(index: number): ResultRow[] {
    return this.#rows[index] ?? this.#decode([index])[0]!;
  }

  /**
   * Decodes the rows of these results (none decoded yet) in as few resultRows calls as their node
   * names allow: within one call every node name is distinct, so each row goes back to its result
   * by name, and the graph pickle shared by the deployments is read once per call.
   */
  #decode(indexes: readonly number[]): ResultRow[][] {
    const info = this.info;
    if (info === null) return indexes.map((i) => (this.#rows[i] = []));
    const results = Array.isArray(info.executionResult) ? info.executionResult : [];
    const out: ResultRow[][] = [];
    for (let start = 0; start < indexes.length; ) {
      const batch = new Map<string, number>();
      while (start < indexes.length && !batch.has(this.results[indexes[start]!]!.node.name)) {
        batch.set(this.results[indexes[start]!]!.node.name, indexes[start]!);
        start++;
      }
      const picked = [...batch.values()];
      const experiment = new Experiment();
      experiment.deploymentMap = picked.map((i) => this.#deploymentOf(i)).filter((d): d is Deployment => d !== undefined);
      const one = new ExperimentExecutionInformation(info.status, experiment, picked.map((i) => results[i]!).filter((r) => r !== undefined));
      const byNode = new Map<string, ResultRow[]>(picked.map((i) => [this.results[i]!.node.name, []]));
      for (const row of resultRows(one, { experiment: this.name })) byNode.get(row.node)?.push(row);
      for (const i of picked) out.push((this.#rows[i] = byNode.get(this.results[i]!.node.name)!));
    }
    return out;
  }

  /** Whether result `index` failed or carries an error (decodes it the first time). */
  failed(index: number): boolean {
    const raw = this.results[index]!;
    if (raw.error !== null || raw.result === null) return true;
    if (this.info === null) return deploymentResult(raw, VERDICT_LIMITS).ok !== true;
    return this.rowsOf(index).some((row) => row.state !== "ok");
  }

  /**
   * The results on `node` (all when undefined): their indexes, the failed ones and the summary of
   * their rows. Worked out once per kept copy, so that a later page costs only its own deployments.
   */
  listing(node: string | undefined): Listing {
    const key = node === undefined ? "" : `=${node}`;
    let listing = this.#listings.get(key);
    if (listing === undefined) {
      const indexes: number[] = [];
      this.results.forEach((r, i) => {
        if (node === undefined || r.node.name === node) indexes.push(i);
      });
      const summary = summarizeRows(this.rowsAt(indexes)).columns; // decodes them together, before the verdicts read them
      listing = { indexes, failed: indexes.filter((i) => this.failed(i)), summary };
      this.#listings.set(key, listing);
    }
    return listing;
  }

  /** Every row of the experiment, deployments without results included (decoded once, kept after). */
  allRows(): ResultRow[] {
    this.#all ??= this.info === null ? [] : resultRows(this.info, { experiment: this.name });
    return this.#all;
  }

  /** The rows of these results, in order. */
  rowsAt(indexes: readonly number[]): ResultRow[] {
    const missing = indexes.filter((i) => this.#rows[i] === undefined);
    if (missing.length > 0) this.#decode(missing);
    return indexes.flatMap((i) => this.#rows[i]!);
  }

  #deploymentOf(index: number): Deployment | undefined {
    if (this.#deployments === undefined) {
      const byNode = new Map<string, Deployment[]>();
      for (const d of this.info?.experiment?.deploymentMap ?? []) {
        const queue = byNode.get(d.node.name);
        if (queue === undefined) byNode.set(d.node.name, [d]);
        else queue.push(d);
      }
      this.#deployments = this.results.map((r) => byNode.get(r.node.name)?.shift());
    }
    return this.#deployments[index];
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
  const model: unknown = await client.getExperimentStatus(name, { signal });
  const status = wireOf<WireStatus>(model);
  const info = model instanceof ExperimentExecutionInformation ? model : modelOf(status);
  const loaded = new LoadedResults(name, status, info);
  if (status.status === FINISHED) cache.put(name, loaded, estimatedBytes(loaded));
  else cache.forget(name);
  return loaded;
}

/** A plain client's status body as models; null when it does not validate (the tools then show values without rows). */
function modelOf(status: WireStatus): ExperimentExecutionInformation | null {
  try {
    return ExperimentExecutionInformation.fromJSON(status);
  } catch {
    return null;
  }
}

/** The kept copy's size: its base64 text, times 4 for what decoding it once keeps beside it. */
function estimatedBytes(loaded: LoadedResults): number {
  let chars = 0;
  for (const r of loaded.results) chars += (r.result?.length ?? 0) + r.execution_graph.length + 200;
  for (const d of loaded.status.experiment?.deployment_map ?? []) chars += d.execution_graph.length + 200;
  return 4 * chars;
}
