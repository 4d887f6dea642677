/**
 * The numbers of a results page for an assistant that reads text: per task a compact table
 * (node | state | fields) of the page's rows, then the task's summary over every listed
 * deployment (count, failed, min, median, p95, max, mean per numeric field). Cells longer than
 * the caller's max_value_chars are cut, and a note says which and how to get the rest.
 */
import * as v from "valibot";
import { type ColumnSummary, type ResultRow, type RowState, errorReason } from "../../src/results/index.js";

const ROW_STATES = ["ok", "failed", "not finished", "not run", "preparation failed", "cancelled"] as const satisfies readonly RowState[];

export const rowOutput = v.object({
  node: v.string(),
  architecture: v.string(),
  task: v.pipe(v.string(), v.description('The given name, or class and position ("Ping #1").')),
  task_id: v.pipe(v.string(), v.description("Its key in the result (a UUID for unnamed library tasks).")),
  task_class: v.nullable(v.string()),
  run: v.number(),
  state: v.picklist(ROW_STATES),
  reason: v.pipe(v.nullable(v.string()), v.description("Why not ok: the error's telling line.")),
  fields: v.pipe(v.record(v.string(), v.unknown()), v.description("The value's fields (PingResult: avg_rtt, ...; nested ones as JSON text; a bare value as `value`).")),
  units: v.record(v.string(), v.string()),
});
export type RowOut = v.InferOutput<typeof rowOutput>;

export const columnSummaryOutput = v.object({
  task: v.string(),
  column: v.string(),
  unit: v.nullable(v.string()),
  count: v.pipe(v.number(), v.description("Ok runs with a number here.")),
  failed: v.pipe(v.number(), v.description("Failed runs of the task.")),
  min: v.nullable(v.number()),
  median: v.nullable(v.number()),
  p95: v.nullable(v.number()),
  max: v.nullable(v.number()),
  mean: v.nullable(v.number()),
});

/** A string cell cut to `max` characters; numbers, booleans and null as they are. */
function cutCell(cell: unknown, max: number): { cell: unknown; cut: boolean } {
  if (typeof cell !== "string" || cell.length <= max) return { cell, cut: false };
  return { cell: `${cell.slice(0, max)}… [${cell.length} chars]`, cut: true };
}

/** Characters of string cells per deployment in structured rows; past it, cells are cut to CELL_FLOOR. */
const ROW_CHAR_BUDGET = 8_000;
const CELL_FLOOR = 100;

/**
 * One deployment's structured rows: string cells cut to max_value_chars, and to less once the
 * deployment's cells pass ROW_CHAR_BUDGET (its values are also in `deployments`); `cut` counts them.
 */
export function rowsOut(rows: readonly ResultRow[], maxValueChars: number): { rows: RowOut[]; cut: number } {
  let cut = 0;
  let used = 0;
  const out = rows.map((row) => {
    const fields: Record<string, unknown> = {};
    for (const [name, cell] of Object.entries(row.fields)) {
      const shown = cutCell(cell, Math.min(maxValueChars, Math.max(CELL_FLOOR, ROW_CHAR_BUDGET - used)));
      if (typeof shown.cell === "string") used += shown.cell.length;
      if (shown.cut) cut++;
      Object.defineProperty(fields, name, { value: shown.cell, enumerable: true, writable: true, configurable: true });
    }
    const reason = row.error === null ? null : cutCell(errorReason(row.error) || row.state, Math.min(maxValueChars, Math.max(CELL_FLOOR, ROW_CHAR_BUDGET - used)));
    if (reason !== null) {
      used += (reason.cell as string).length;
      if (reason.cut) cut++;
    }
    return { node: row.node, architecture: row.architecture, task: row.task, task_id: row.taskId, task_class: row.taskClass, run: row.run, state: row.state, reason: reason === null ? null : (reason.cell as string), fields, units: { ...row.units } };
  });
  return { rows: out, cut };
}

/** Most summary entries in one answer (a task's fields × the page's tasks can be many). */
const MAX_SUMMARY_COLUMNS = 60;

/** The summary entries of the page's tasks, at most MAX_SUMMARY_COLUMNS, with a note when some are left out. */
export function summaryOfTasks(summary: readonly ColumnSummary[], tasks: ReadonlySet<string>): { shown: ColumnSummary[]; notes: string[] } {
  const ofPage = summary.filter((c) => tasks.has(c.task));
  const shown = ofPage.slice(0, MAX_SUMMARY_COLUMNS);
  const left = ofPage.length - shown.length;
  return { shown, notes: left > 0 ? [`${left} summary column(s) left out (at most ${MAX_SUMMARY_COLUMNS} an answer): every row is in the CSV resource (netunicorn://experiments/{name}/results.csv).`] : [] };
}

/** A cell as table text: one line, pipes escaped, cut to `max` characters (counted in `cut`). */
function cellText(cell: unknown, max: number, cut: { count: number }): string {
  if (cell === undefined) return "";
  const shown = cutCell(typeof cell === "string" ? cell : JSON.stringify(cell), max);
  if (shown.cut) cut.count++;
  return (shown.cell as string).replace(/\r?\n/g, "⏎").replace(/\|/g, "\\|");
}

/** Summary figures to 6 significant digits (cells stay as the decoder read them). */
function figure(x: number | null): string {
  return x === null ? "-" : String(Number(x.toPrecision(6)));
}

function stateText(row: ResultRow): string {
  const reason = row.error === null ? "" : errorReason(row.error);
  return row.state === "ok" || reason === "" ? row.state : `${row.state}: ${reason}`;
}

/** Field names of a task's rows: numeric ones first (as the value orders them), then the rest. */
function columnsOf(rows: readonly ResultRow[]): string[] {
  const all = new Set<string>();
  const numeric = new Set<string>();
  for (const row of rows) {
    for (const [name, cell] of Object.entries(row.fields)) {
      all.add(name);
      if (typeof cell === "number") numeric.add(name);
    }
  }
  return [...[...all].filter((n) => numeric.has(n)), ...[...all].filter((n) => !numeric.has(n))];
}

/** The JSON of an ok value that gives no columns (a list, ...), for the "value" column. */
function wholeValue(row: ResultRow): unknown {
  return row.state === "ok" && Object.keys(row.fields).length === 0 && row.value !== null ? row.value : undefined;
}

/** One task's table: a header with units, one line per row (node, with #run past the first run). */
function taskTable(rows: readonly ResultRow[], max: number, cut: { count: number }): string[] {
  const columns = columnsOf(rows);
  const valueColumn = rows.some((row) => wholeValue(row) !== undefined) && !columns.includes("value");
  const units = new Map<string, string>();
  for (const row of rows) for (const [name, unit] of Object.entries(row.units)) if (!units.has(name)) units.set(name, unit);
  const header = ["node", "state", ...columns.map((c) => (units.has(c) ? `${c} (${units.get(c)})` : c)), ...(valueColumn ? ["value"] : [])];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => " --- ").join("|")}|`];
  for (const row of rows) {
    const node = row.run > 0 ? `${row.node}#${row.run + 1}` : row.node;
    const cells = [node, stateText(row), ...columns.map((c) => row.fields[c]), ...(valueColumn ? [wholeValue(row)] : [])];
    lines.push(`| ${cells.map((c) => cellText(c, max, cut)).join(" | ")} |`);
  }
  return lines;
}

function summaryLine(task: string, columns: readonly ColumnSummary[], listed: number): string {
  const failed = columns[0]?.failed ?? 0;
  const parts = columns.map(
    (c) => `${c.column}${c.unit ? ` (${c.unit})` : ""}: n=${c.count}, min ${figure(c.min)}, median ${figure(c.median)}, p95 ${figure(c.p95)}, max ${figure(c.max)}, mean ${figure(c.mean)}`,
  );
  return `summary of ${task} over all ${listed} deployment(s), ${failed} failed run(s): ${parts.join("; ")}`;
}

/**
 * The tables of a page (its rows grouped by task, in order of first appearance), each followed
 * by the task's summary over every listed deployment (`listed` of them). `cut`: cells cut.
 */
export function renderTables(rows: readonly ResultRow[], summary: readonly ColumnSummary[], listed: number, maxValueChars: number): { lines: string[]; cut: number } {
  const tasks = new Map<string, ResultRow[]>();
  for (const row of rows) {
    const group = tasks.get(row.task);
    if (group === undefined) tasks.set(row.task, [row]);
    else group.push(row);
  }
  const lines: string[] = [];
  const cut = { count: 0 };
  for (const [task, group] of tasks) {
    const taskClass = group[0]!.taskClass;
    const named = taskClass ? ` (${taskClass.slice(taskClass.lastIndexOf(".") + 1)})` : "";
    lines.push(`### ${task || "(no task)"}${named}`, ...taskTable(group, maxValueChars, cut));
    const columns = summary.filter((c) => c.task === task);
    if (columns.length > 0) lines.push(summaryLine(task, columns, listed));
  }
  return { lines, cut: cut.count };
}

/** The note for cut cells: what was cut and how to get the rest. */
export function cutCellsNote(cut: number, maxValueChars: number): string {
  return (
    `${cut} cell(s) cut (marked "… [N chars]") at max_value_chars=${maxValueChars}, or shorter past ${ROW_CHAR_BUDGET} characters per deployment in rows: ` +
    'raise max_value_chars (up to 20000) or read one node with "node".'
  );
}
