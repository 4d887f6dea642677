/**
 * One task's results as a table: a row per node (and run), a column per result field (with its
 * unit), the state of each row in words: a failed row is marked and says why (the first line of
 * its error), a node still running says so. Long texts are cut here; the tree and the files keep
 * them whole.
 */
import type { ExperimentStatus } from "netunicorn";
import type { ResultRow } from "netunicorn/results";
import { type Column, dataTable, type TableSort } from "./data-table.js";
import { cellText, fieldLabel, fieldsOf, stateText } from "./results-data.js";

/** Marks of rows that did not end "ok" (CSS colours them; the state cell says it in words). */
function markOf(row: ResultRow): string | undefined {
  if (row.state === "ok") return undefined;
  if (row.state === "not finished") return "pending";
  if (row.state === "not run") return "not-run";
  return "failed";
}

/** `kept.sort` carries the reader's order from one table of the task to the next (a new status). */
export function resultTable(rows: readonly ResultRow[], task: string, status: ExperimentStatus, kept: { sort: TableSort | null }): HTMLElement {
  const all = fieldsOf(rows);
  const runs = rows.some((r) => r.run > 0);
  const numeric = new Set(all.filter((f) => rows.some((r) => typeof r.fields[f] === "number")));
  // The numbers first (what a reader compares), then texts and JSON (cut here, whole in the tree).
  const fields = [...all.filter((f) => numeric.has(f)), ...all.filter((f) => !numeric.has(f))];
  const stateColumn = runs ? 2 : 1;
  const columns: Column[] = [
    { label: "Node" },
    ...(runs ? [{ label: "Run", numeric: true }] : []),
    { label: "State", wrap: true },
    ...fields.map((f) => ({ label: fieldLabel(rows, f), numeric: numeric.has(f) })),
  ];
  return dataTable({
    caption: `Task ${task}: a row per node`,
    className: "result-table",
    columns,
    rows: rows.map((r) => ({
      values: [r.node, ...(runs ? [r.run + 1] : []), stateText(r, status), ...fields.map((f) => r.fields[f] ?? null)],
      mark: markOf(r),
    })),
    // The state is read whole (a failure's reason); field values are cut (whole in the tree and files).
    format: (value, column) => (column === stateColumn ? String(value) : cellText(value)),
    sort: kept.sort,
    onSort: (sort) => (kept.sort = sort),
  });
}
