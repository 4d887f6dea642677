/** The options and progress reports of RemoteClient.waitForStatus (which polls an experiment's status until it reaches a target). */
import type { CallOptions } from "../base-client.js";
import type { ExperimentExecutionInformation, ExperimentStatus } from "../model/index.js";

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
