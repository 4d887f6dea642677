/**
 * The experiment lifecycle, computed lazily from the clock: PREPARING → READY at the planned
 * time, executors end at their planned (or cancelled) time, and the experiment is FINISHED once
 * every executor ended. Each step runs synchronously, so no request can see half a transition.
 */
import { readGraph, type GraphSummary } from "./graph-read.js";
import { Status, type DeploymentRecord, type ExperimentRecord } from "./records.js";
import { encodeResult } from "./results.js";
import { simulateExecution } from "./simulate.js";

/** The error of a cancelled executor, as the real infrastructure records it. */
const STOPPED = "Executor was stopped";

/**
 * The result error of a deployment that was never prepared, as the real processor words it
 * (its preparation error stays in the deployment's own `error`, not here).
 */
const NOT_PREPARED = "Executor is not prepared";

/** Graphs read so far, by their base64 text: deployments of one pipeline share it, so it is read once. */
type GraphCache = Map<string, GraphSummary | null>;

function graphOf(d: DeploymentRecord, graphs: GraphCache): GraphSummary | null {
  const key = d.parsed.executionGraph;
  if (!graphs.has(key)) graphs.set(key, readGraph(d.parsed.graphBytes));
  return graphs.get(key) as GraphSummary | null;
}

function finishNormally(d: DeploymentRecord, graphs: GraphCache, experiment: string): void {
  try {
    const run = simulateExecution(graphOf(d, graphs), d.executorId, d.failure, { node: d.nodeName, experiment });
    d.result = encodeResult(run);
  } catch (error) {
    d.endError = `netunicorn sandbox could not produce the simulated result: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function ended(d: DeploymentRecord, now: number): boolean {
  return d.endAt !== null && d.endAt <= now;
}

/** Applies every transition due at `now` to the record. */
export function advance(record: ExperimentRecord, now: number): void {
  if (record.status === Status.PREPARING && now >= record.readyAt) record.status = Status.READY;
  if (record.status === Status.FINISHED || record.status === Status.UNKNOWN) return;
  const graphs: GraphCache = new Map();
  for (const d of record.deployments) {
    if (ended(d, now) && d.result === null && d.endError === null) finishNormally(d, graphs, record.name);
  }
  const started = record.status === Status.RUNNING || record.deployments.some((d) => d.endAt !== null);
  if (started && record.deployments.every((d) => ended(d, now))) {
    record.status = Status.FINISHED;
    record.finishedAt = Math.max(record.startedAt ?? 0, ...record.deployments.map((d) => d.endAt as number));
  }
}

/** Durations planStart uses (SandboxTiming's). */
export interface StartTiming {
  executionMs: number;
  executionStaggerMs: number;
  executorsStartMs: number;
  processorPassMs: number;
}

/**
 * Plans the executors of a READY experiment: unprepared ones end with "Executor is not prepared",
 * at once when some deployment runs. When none was prepared, the real server shows RUNNING (no
 * executors registered) until its processor's next pass, then FINISHED: so does this.
 */
export function planStart(record: ExperimentRecord, now: number, timing: StartTiming): void {
  const { executionMs, executionStaggerMs, executorsStartMs, processorPassMs } = timing;
  const nothingToRun = !record.deployments.some((d) => d.prepared);
  let position = 0;
  record.status = Status.RUNNING;
  record.startedAt = now;
  record.executorsAt = now + (nothingToRun ? processorPassMs : executorsStartMs);
  for (const d of record.deployments) {
    if (d.endAt !== null) continue; // already stopped by a cancel
    if (d.prepared) d.endAt = now + Math.max(executionMs, executorsStartMs) + executionStaggerMs * position++;
    else {
      d.endAt = nothingToRun ? now + processorPassMs : now;
      d.endError = NOT_PREPARED;
    }
  }
}

/** Executors that have not finished yet (the real `executors.finished = FALSE` rows). */
export function unfinished(record: ExperimentRecord, now: number): DeploymentRecord[] {
  if (record.status === Status.FINISHED) return [];
  return record.deployments.filter((d) => !ended(d, now));
}

/** Stops an executor `delayMs` from now: it ends with "Executor was stopped" and no result. */
export function planStop(d: DeploymentRecord, now: number, delayMs: number): void {
  const at = now + delayMs;
  if (d.endAt !== null && d.endAt <= at) return;
  d.endAt = at;
  d.endError = STOPPED;
  d.result = null;
}
