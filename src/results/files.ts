/**
 * Rows as files: RFC 4180 CSV (header row, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break) and JSON Lines. Numbers are written as the decoder read them (numbers.ts).
 */
import { setOwnProperty, type JsonValue } from "../json.js";
import { numberText } from "./numbers.js";
import type { Cell, ResultRow } from "./types.js";

/** The columns every row has, in CSV header order; field columns follow. */
export const FIXED_COLUMNS = ["experiment", "node", "architecture", "task", "task_id", "task_class", "run", "state", "error"] as const;
/** The JSON view of a value that gave no field columns (a list, a set, …): nothing is dropped. */
export const VALUE_JSON_COLUMN = "value_json";

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell as CSV text: None → empty, booleans as Python writes them (True/False). */
export function cellText(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return numberText(cell);
  if (typeof cell === "boolean") return cell ? "True" : "False";
  return quote(cell);
}

/** Field names in first-seen order; a field named like a fixed column gets a "field:" prefix in the header. */
function fieldColumns(rows: readonly ResultRow[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row.fields)) names.add(name);
  return [...names];
}

function headerName(field: string): string {
  return (FIXED_COLUMNS as readonly string[]).includes(field) || field === VALUE_JSON_COLUMN ? `field:${field}` : field;
}

function keepsValueJson(row: ResultRow): boolean {
  // (a failed run's traceback text is already in `error`)
  return Object.keys(row.fields).length === 0 && row.value !== null && row.value !== row.error;
}

/** RFC 4180 CSV with a header row: the fixed columns, every field column, then `value_json` when some value gave no columns. */
export function rowsToCSV(rows: readonly ResultRow[]): string {
  const fields = fieldColumns(rows);
  const valueJson = rows.some(keepsValueJson);
  const header = [...FIXED_COLUMNS, ...fields.map(headerName), ...(valueJson ? [VALUE_JSON_COLUMN] : [])];
  const lines = [header.map(quote).join(",")];
  for (const row of rows) {
    const cells: Cell[] = [row.experiment, row.node, row.architecture, row.task, row.taskId, row.taskClass, row.run, row.state, row.error];
    for (const f of fields) cells.push(Object.prototype.hasOwnProperty.call(row.fields, f) ? row.fields[f]! : null);
    if (valueJson) cells.push(keepsValueJson(row) ? JSON.stringify(row.value) : null);
    lines.push(cells.map(cellText).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

/** A non-finite or negative-zero number as the view's {"$float": …} marker (JSON has no NaN). */
function jsonCell(cell: Cell): JsonValue {
  if (typeof cell !== "number" || (Number.isFinite(cell) && !Object.is(cell, -0))) return cell;
  return { $float: Number.isNaN(cell) ? "nan" : cell === Infinity ? "inf" : cell === -Infinity ? "-inf" : "-0" };
}

/** One JSON object per line (the row's own keys), each line ending in "\n". */
export function rowsToJSONLines(rows: readonly ResultRow[]): string {
  let out = "";
  for (const row of rows) {
    // copy the fields only when one needs a marker (most rows have none)
    if (!Object.values(row.fields).some((v) => jsonCell(v) !== v)) {
      out += JSON.stringify(row) + "\n";
      continue;
    }
    const fields: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(row.fields)) setOwnProperty(fields, k, jsonCell(v));
    out += JSON.stringify({ ...row, fields }) + "\n";
  }
  return out;
}
