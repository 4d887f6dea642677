/**
 * The results page's data: an experiment's tidy rows (netunicorn/results), computed a slice of
 * deployments at a time so 1,000 nodes never freeze the page, and what the views read from them
 * (tasks in order, numeric fields, the honest text of each row's state).
 */
import { type DeploymentExecutionResult, Experiment, ExperimentExecutionInformation, ExperimentStatus } from "netunicorn";
import { type Cell, type ResultRow, type RowState, resultRows } from "netunicorn/results";
import { nextFrame } from "./dom.js";

/** Deployments decoded per slice (one slice, then the page gets a frame). */
const SLICE = 50;

/** What a node that has not reported yet shows while the experiment runs (never "Failure"). */
export const RUNNING_TEXT = "running, results arrive when each node finishes";

/** The information of a few deployments only (the same status), for resultRows on a slice. */
function sliceOf(info: ExperimentExecutionInformation, names: ReadonlySet<string>, rest: boolean): ExperimentExecutionInformation {
  let experiment: Experiment | null = null;
  if (info.experiment !== null) {
    experiment = new Experiment(info.experiment.deploymentContext);
    experiment.deploymentMap = info.experiment.deploymentMap.filter((d) => names.has(d.node.name));
  }
  const known = new Set((info.experiment?.deploymentMap ?? []).map((d) => d.node.name));
  const results = Array.isArray(info.executionResult)
    ? info.executionResult.filter((r: DeploymentExecutionResult) => names.has(r.node.name) || (rest && !known.has(r.node.name)))
    : info.executionResult;
  return new ExperimentExecutionInformation(info.status, experiment, results);
}

/**
 * Every row of the experiment, SLICE deployments per frame; `onSlice` sees the rows so far after
 * each slice but the last. Resolves to null when `isStale()` turns true meanwhile (a newer status
 * arrived, or the screen was left).
 */
export async function rowsInSlices(info: ExperimentExecutionInformation, experiment: string, isStale: () => boolean,
  onSlice?: (rows: readonly ResultRow[], nodes: number, of: number) => void): Promise<ResultRow[] | null> {
  const deployments = info.experiment?.deploymentMap ?? [];
  if (deployments.length <= SLICE) return resultRows(info, { experiment });
  const rows: ResultRow[] = [];
  for (let i = 0; i < deployments.length; i += SLICE) {
    const last = i + SLICE >= deployments.length;
    const names = new Set(deployments.slice(i, i + SLICE).map((d) => d.node.name));
    rows.push(...resultRows(sliceOf(info, names, last), { experiment }));
    if (!last) onSlice?.(rows, i + SLICE, deployments.length);
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
