/** Summaries of tidy rows: per task and numeric column across nodes, and per node what failed and why. */
import type { ResultRow, RowState } from "./types.js";

export interface ColumnSummary {
  task: string;
  column: string;
  unit: string | null;
  /** Rows of the task with a finite number in this column (ok runs only). */
  count: number;
  /** Rows of the task that failed ("failed" or "preparation failed"). */
  failed: number;
  min: number | null;
  median: number | null;
  /** 95th percentile, linear between closest ranks (numpy.percentile's default). */
  p95: number | null;
  max: number | null;
  mean: number | null;
}

export interface NodeFailure {
  task: string;
  state: RowState;
  /** One line: the exception line of a Python traceback, else the error's first line. */
  reason: string;
}

export interface NodeSummary {
  node: string;
  failed: NodeFailure[];
}

export interface ResultsSummary {
  columns: ColumnSummary[];
  nodes: NodeSummary[];
}

const FAILED: ReadonlySet<RowState> = new Set<RowState>(["failed", "preparation failed"]);
const NOTED: ReadonlySet<RowState> = new Set<RowState>(["failed", "preparation failed", "cancelled"]);

/** The line of an error that says what went wrong: a traceback's last line ("ValueError: …"), else the first line. */
export function errorReason(error: string | null): string {
  if (error === null) return "";
  const lines = error.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (lines[0] === "Traceback (most recent call last):") return lines.at(-1) ?? "";
  return lines[0] ?? "";
}

/** The p-quantile of sorted values, linear between closest ranks. */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const low = sorted[lo]!;
  const high = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  const t = at - lo;
  // numpy.percentile's lerp, from the nearer end (the same last bits as numpy)
  return t < 0.5 ? low + (high - low) * t : high - (high - low) * (1 - t);
}

function summarizeColumn(task: string, column: string, unit: string | null, values: number[], failed: number): ColumnSummary {
  const sorted = values.sort((a, b) => a - b);
  let sum = 0;
  for (const v of sorted) sum += v;
  const n = sorted.length;
  return {
    task, column, unit, count: n, failed,
    min: n > 0 ? sorted[0]! : null, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95),
    max: n > 0 ? sorted[n - 1]! : null, mean: n > 0 ? sum / n : null,
  };
}

interface TaskColumns {
  failed: number;
  /** column → [unit, finite values of ok rows] in first-seen order */
  columns: Map<string, [string | null, number[]]>;
}

function collect(rows: readonly ResultRow[]): Map<string, TaskColumns> {
  const tasks = new Map<string, TaskColumns>();
  for (const row of rows) {
    let task = tasks.get(row.task);
    if (task === undefined) tasks.set(row.task, (task = { failed: 0, columns: new Map() }));
    if (FAILED.has(row.state)) task.failed++;
    if (row.state !== "ok") continue;
    for (const [column, cell] of Object.entries(row.fields)) {
      if (typeof cell !== "number") continue;
      let entry = task.columns.get(column);
      if (entry === undefined) task.columns.set(column, (entry = [row.units[column] ?? null, []]));
      if (entry[0] === null && row.units[column] !== undefined) entry[0] = row.units[column]!;
      if (Number.isFinite(cell)) entry[1].push(cell);
    }
  }
  return tasks;
}

function summarizeNodes(rows: readonly ResultRow[]): NodeSummary[] {
  const nodes = new Map<string, NodeSummary>();
  const seen = new Set<string>();
  for (const row of rows) {
    let node = nodes.get(row.node);
    if (node === undefined) nodes.set(row.node, (node = { node: row.node, failed: [] }));
    if (!NOTED.has(row.state)) continue;
    const reason = errorReason(row.error);
    const key = JSON.stringify([row.node, row.task, row.state, reason]);
    if (seen.has(key)) continue;
    seen.add(key);
    node.failed.push({ task: row.task, state: row.state, reason });
  }
  return [...nodes.values()];
}

/** Per task and numeric column across nodes: count, failed, min, median, p95, max, mean; per node: what failed and why. */
export function summarizeRows(rows: readonly ResultRow[]): ResultsSummary {
  const columns: ColumnSummary[] = [];
  for (const [task, { failed, columns: byColumn }] of collect(rows)) {
    for (const [column, [unit, values]] of byColumn) columns.push(summarizeColumn(task, column, unit, values, failed));
  }
  return { columns, nodes: summarizeNodes(rows) };
}
