/**
 * The results page's data: an experiment's tidy rows (netunicorn/results), computed a few
 * deployments at a time so 1,000 nodes never freeze the page, and what the views read from them
 * (tasks in order, numeric fields, the honest text of each row's state).
 */
import { type Deployment, type DeploymentExecutionResult, Experiment, ExperimentExecutionInformation, ExperimentStatus } from "netunicorn";
import { type Cell, type ResultRow, type RowState, resultRows } from "netunicorn/results";
import { nextFrame } from "./dom.js";

/** Deployments read per call of resultRows; calls go on until FRAME_BUDGET_MS, then the page gets a frame. */
const BATCH = 10;
const FRAME_BUDGET_MS = 40;

/** What a node that has not reported yet shows while the experiment runs (never "Failure"). */
export const RUNNING_TEXT = "running, results arrive when each node finishes";

/** An experiment's deployments and their results by node name, to cut it into small pieces. */
class Pieces {
  readonly deployments: readonly Deployment[];
  readonly #results = new Map<string, DeploymentExecutionResult[]>();
  /** Results of nodes without a deployment (shown after all others, as resultRows does). */
  readonly #strays: DeploymentExecutionResult[] = [];

  constructor(readonly info: ExperimentExecutionInformation) {
    this.deployments = info.experiment?.deploymentMap ?? [];
    const known = new Set(this.deployments.map((d) => d.node.name));
    for (const result of Array.isArray(info.executionResult) ? info.executionResult : []) {
      if (!known.has(result.node.name)) this.#strays.push(result);
      else this.#results.set(result.node.name, [...(this.#results.get(result.node.name) ?? []), result]);
    }
  }

  /**
   * The information of deployments [from, to) only (the same status), for resultRows; each takes
   * the first result of its node not taken yet. Called once per range, in order: the last range
   * also gets every result left over.
   */
  piece(from: number, to: number): ExperimentExecutionInformation {
    const { info } = this;
    const deployments = this.deployments.slice(from, to);
    const experiment = new Experiment(info.experiment?.deploymentContext ?? null);
    experiment.deploymentMap = [...deployments];
    let results: ExperimentExecutionInformation["executionResult"] = info.executionResult;
    if (Array.isArray(info.executionResult)) {
      results = deployments.flatMap((d) => this.#results.get(d.node.name)?.splice(0, 1) ?? []);
      if (to >= this.deployments.length) results.push(...[...this.#results.values()].flat(), ...this.#strays);
    }
    return new ExperimentExecutionInformation(info.status, experiment, results);
  }
}

/**
 * Every row of the experiment, read BATCH deployments at a time for at most about
 * FRAME_BUDGET_MS, then a frame for the page; `onSlice` sees the rows so far after each such
 * stretch but the last. Resolves to null when `isStale()` turns true meanwhile (a newer status
 * arrived, or the screen was left).
 */
export async function rowsInSlices(info: ExperimentExecutionInformation, experiment: string, isStale: () => boolean,
  onSlice?: (rows: readonly ResultRow[], nodes: number, of: number) => void): Promise<ResultRow[] | null> {
  const pieces = new Pieces(info);
  const total = pieces.deployments.length;
  if (total <= BATCH || info.experiment === null) return resultRows(info, { experiment });
  const rows: ResultRow[] = [];
  let done = 0;
  while (done < total) {
    const stop = performance.now() + FRAME_BUDGET_MS;
    do {
      for (const row of resultRows(pieces.piece(done, done + BATCH), { experiment })) rows.push(row);
      done = Math.min(total, done + BATCH);
    } while (done < total && performance.now() < stop);
    if (done < total) onSlice?.(rows, done, total);
    await nextFrame();
    if (isStale()) return null;
  }
  return rows;
}

/** Task display names in the order they first appear (graph order). */
export function tasksOf(rows: readonly ResultRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) if (row.task !== "") seen.add(row.task);
  return [...seen];
}

/** Field names of some rows, in the order they first appear. */
export function fieldsOf(rows: readonly ResultRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.fields)) seen.add(key);
  return [...seen];
}

/** Fields holding a number in at least one row: what a chart can show. */
export function numericFieldsOf(rows: readonly ResultRow[]): string[] {
  return fieldsOf(rows).filter((f) => rows.some((r) => typeof r.fields[f] === "number"));
}

/** The unit of a field, from the first row that carries one. */
export function unitOf(rows: readonly ResultRow[], field: string): string | null {
  for (const row of rows) if (row.units[field] !== undefined) return row.units[field]!;
  return null;
}

/** "avg_rtt (ms)". */
export function fieldLabel(rows: readonly ResultRow[], field: string): string {
  const unit = unitOf(rows, field);
  return unit === null ? field : `${field} (${unit})`;
}

/** The first line of an error text (the reason a table cell shows; the tree keeps the whole). */
export function firstLine(text: string | null): string {
  const line = (text ?? "").split("\n").find((l) => l.trim() !== "") ?? "";
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/** A row's state as a person reads it, honest about what has not happened yet. */
export function stateText(row: ResultRow, status: ExperimentStatus): string {
  switch (row.state) {
    case "ok":
      return "ok";
    case "not finished":
      return status === ExperimentStatus.RUNNING || status === ExperimentStatus.FINISHED ? RUNNING_TEXT : "not started yet";
    case "not run":
      return "not run (the node's executor never reached this task)";
    default:
      return row.error === null ? row.state : `${row.state}: ${firstLine(row.error)}`;
  }
}

/** The one-word state of a node across its rows, for the detail list's badge. */
export function nodeState(states: readonly RowState[], status: ExperimentStatus): string {
  if (states.includes("preparation failed")) return "Preparation failed";
  if (states.includes("failed")) return "Failure";
  if (states.includes("cancelled")) return "Cancelled";
  if (states.includes("not finished")) return status === ExperimentStatus.RUNNING ? "Running" : "Waiting";
  if (states.length > 0 && states.every((s) => s === "ok")) return "Success";
  return states.includes("ok") ? "Partly run" : "Not run";
}

/** A cell as text: numbers as they are, long texts cut (the tree and the files keep them whole). */
export function cellText(cell: Cell | undefined): string {
  if (cell === undefined || cell === null) return "—";
  const text = String(cell);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** "3 nodes: 2 ok, 1 failed" over rows of one task. */
export function countsText(rows: readonly ResultRow[], status: ExperimentStatus): string {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
  const nodes = new Set(rows.map((r) => r.node)).size;
  const parts = [...counts].map(([state, n]) => `${n} ${state === "not finished" && status === ExperimentStatus.RUNNING ? "running" : state}`);
  return `${nodes} node${nodes === 1 ? "" : "s"}: ${parts.join(", ")}`;
}
