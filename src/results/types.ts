/** The shapes of the results API (`netunicorn/results`): tidy rows, series points, summaries. */
import type { JsonValue } from "../json.js";

/**
 * How one node × task × run ended. "not finished": the experiment has not reported this node
 * yet (never a failure); "not run": the node finished but the executor never reached the task
 * (e.g. early stopping after a failure); "cancelled": the executor was stopped.
 */
export type RowState = "ok" | "failed" | "not finished" | "not run" | "preparation failed" | "cancelled";

/** One table cell. Whole Python ints beyond 2**53 are strings of their digits (nothing rounded). */
export type Cell = string | number | boolean | null;

/** One node × task × run. */
export interface ResultRow {
  /** The experiment's name ("" when not given). */
  experiment: string;
  node: string;
  /** "linux/amd64", … ("" when unknown to the caller). */
  architecture: string;
  /** Display name: the given name; for an unnamed task (UUID name) its class's short name and position, e.g. "Ping #1". */
  task: string;
  /** The key in the result map (the task's name, a UUID for unnamed library tasks). */
  taskId: string;
  /** Full class path when the execution graph names it ("netunicorn.library.tasks.measurements.ping.PingLinuxImplementation"). */
  taskClass: string | null;
  /** 0-based run index (a task reached again through a weak edge has several runs). */
  run: number;
  state: RowState;
  /** The whole failure text (a traceback, the deployment's error, or the JSON of a Failure's value); null when there is none. */
  error: string | null;
  /** Scalar columns of a dataclass / dict value (nested values as JSON text); a bare scalar → { value: x }; otherwise {}. */
  fields: Record<string, Cell>;
  /** Field → unit, where the value carries one (PingResult's unit_rtt "ms" → min_rtt, avg_rtt, …). */
  units: Record<string, string>;
  /** The whole JSON view of the value (library dataclasses compacted to {"$dataclass": …}); null when nothing ran. */
  value: JsonValue;
}

/** One item of a nested list in a row's value (e.g. one packet's RTT), for charts. */
export interface SeriesPoint {
  experiment: string;
  node: string;
  task: string;
  run: number;
  /** "rtt_ms" for a list of scalars; "packets.time" for a field of a list of records. */
  field: string;
  index: number;
  value: Cell;
}
