/**
 * The sandbox's in-memory rows: one record per experiment (the real `experiments` row plus its
 * `executors`, `flags` and `locks` rows). Times are in ms of the sandbox clock; transitions are
 * planned at prepare/start/cancel time and applied lazily when the record is looked at.
 */
import { ExperimentStatus } from "../model/status.js";
import type { ParsedDeployment } from "./parse-experiment.js";
import type { PyJson } from "./py-json.js";

/** The experiment statuses: the model's ExperimentStatus (the server's values). */
export const Status = ExperimentStatus;

export interface DeploymentRecord {
  parsed: ParsedDeployment;
  executorId: string;
  /** Node name and connector: the lock key. */
  nodeName: string;
  connector: PyJson;
  /** Image assigned by the (simulated) compilation, for DockerImage without an image. */
  image: PyJson;
  /** Compilation id while the image "builds" (null when no compilation is needed). */
  compilationId: string | null;
  /** `prepared` and `error` while PREPARING (prepared already when nothing needs compiling). */
  preparedEarly: boolean;
  earlyError: string | null;
  /** `prepared` and `error` once preparation is over. */
  prepared: boolean;
  prepareError: string | null;
  /** Whether this deployment holds its node's lock. */
  locking: boolean;
  /** When the executor ends (planned at start, moved earlier by a cancel); null: not ended. */
  endAt: number | null;
  /** Error reported in execution_result ("Executor was stopped" after a cancel). */
  endError: string | null;
  /** base64 result pickle, produced when the executor ends normally. */
  result: string | null;
  /** An executionFailure outcome for this node, decided at prepare time. */
  failure: string | null;
}

export interface FlagRecord {
  text_value: string | null;
  int_value: number;
}

export interface ExperimentRecord {
  id: string;
  owner: string;
  name: string;
  status: ExperimentStatus;
  createdAt: number;
  /** Status row visible from (the real row is created by a background task after prepare's 200). */
  rowAt: number;
  /** Experiment data filled from (before: "experiment": null). */
  dataAt: number;
  readyAt: number;
  startedAt: number | null;
  executorsAt: number | null;
  finishedAt: number | null;
  deploymentContext: PyJson;
  deployments: DeploymentRecord[];
  /** Experiment-level error (execution_result is then this string). */
  error: string | null;
  flags: Map<string, FlagRecord>;
  /** Set by delete: the row is renamed away from its user (kept for the UI history). */
  deletedAs: string | null;
  /** When a cancel of the READY experiment frees its node locks (null: not cancelled while READY). */
  locksFreedAt: number | null;
}

/** A time in the sandbox clock as Python's str(datetime) of a naive UTC timestamp. */
export function pyDatetimeText(ms: number | null): string {
  if (ms === null) return "None";
  const iso = new Date(ms).toISOString(); // 2026-11-24T14:40:00.123Z
  const micros = iso.slice(20, 23) + "000";
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${micros === "000000" ? "" : `.${micros}`}`;
}
