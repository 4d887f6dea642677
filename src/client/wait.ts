/** waitForStatus: polls an experiment's status until it reaches a target, with a deadline. */
import type { CallOptions } from "../base-client.js";
import { AbortError, HttpError, TimeoutError } from "../errors.js";
import { type ExperimentExecutionInformation, ExperimentStatus, experimentStatusName } from "../model/index.js";
import { Interrupted, sleep, withDeadline } from "./deadline.js";

export interface WaitProgress {
  status: ExperimentStatus;
  /** null while the experiment is not visible yet (treated as PREPARING). */
  info: ExperimentExecutionInformation | null;
  elapsedMs: number;
}

export interface WaitOptions extends CallOptions {
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Pause between polls (default 1 s). */
  intervalMs?: number;
  /** How long "Experiment … not found" counts as PREPARING after the wait starts (default 10 s). */
  notFoundGraceMs?: number;
  /** Called after every poll. */
  onProgress?: (progress: WaitProgress) => void;
}

type StatusReader = (experimentId: string, options: CallOptions) => Promise<ExperimentExecutionInformation>;

/**
 * Polls until the experiment's status is `target` or a later one (UNKNOWN, a dead end, also
 * ends the wait: check `status` of the answer). Throws a TimeoutError naming the last status.
 */
export async function waitForStatus(read: StatusReader, experimentId: string, target: ExperimentStatus, options: WaitOptions = {}): Promise<ExperimentExecutionInformation> {
  const { timeoutMs = 600_000, intervalMs = 1_000, notFoundGraceMs = 10_000, signal, onProgress } = options;
  const started = Date.now();
  let last = "none yet";
  try {
    for (;;) {
      const elapsed = Date.now() - started;
      const remaining = timeoutMs - elapsed;
      if (remaining <= 0) throw new Interrupted("timeout");
      const info = await withDeadline(remaining, signal, (inner) => poll(read, experimentId, inner, elapsed < notFoundGraceMs));
      const status = info?.status ?? ExperimentStatus.PREPARING;
      last = experimentStatusName(status) ?? String(status);
      onProgress?.({ status, info, elapsedMs: Date.now() - started });
      if (info !== null && (info.status >= target || info.status === ExperimentStatus.UNKNOWN)) return info;
      await sleep(Math.max(0, Math.min(intervalMs, timeoutMs - (Date.now() - started))), signal);
    }
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    if (error.reason === "abort") throw new AbortError("waitForStatus cancelled by the caller", { operation: "waitForStatus" });
    const wanted = experimentStatusName(target) ?? String(target);
    throw new TimeoutError(`waitForStatus failed: experiment ${JSON.stringify(experimentId)} did not reach ${wanted} within ${timeoutMs} ms (last status: ${last})`, {
      operation: "waitForStatus",
      timeoutMs,
    });
  }
}

/** One status read; null for "not found" during the grace period (netunicorn creates the row after prepare's 200). */
async function poll(read: StatusReader, experimentId: string, signal: AbortSignal, inGrace: boolean): Promise<ExperimentExecutionInformation | null> {
  try {
    return await read(experimentId, { signal });
  } catch (error) {
    // netunicorn oddity: an unknown experiment is a 400 "Experiment <name> not found", never a 404.
    if (inGrace && error instanceof HttpError && error.status === 400 && /not found/i.test(error.serverMessage)) return null;
    throw error;
  }
}
