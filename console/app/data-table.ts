/**
 * A table of many rows that stays quick: sortable by clicking (or Enter/Space on) a column's
 * header button, with aria-sort saying the order, and built a page of rows at a time ("show
 * more"), so 1,000 nodes cost 100 rows of DOM until someone asks for the rest.
 */
import type { Cell } from "netunicorn/results";
import { h, replace } from "./dom.js";

export interface Column {
  label: string;
  /** Numbers: right aligned. */
  numeric?: boolean;
  /** Long texts that must be read whole (a failure's reason): wrapped, never cut. */
  wrap?: boolean;
}

export interface TableRow {
  /** One value per column: what is shown (through `format`) and what sorting compares. */
  values: readonly Cell[];
  /** e.g. "failed": a row marked as such (its state cell says why). */
  mark?: string;
}

export interface DataTableOptions {
  caption: string;
  columns: readonly Column[];
  rows: readonly TableRow[];
  /** Rows built per page (default 100). */
  pageSize?: number;
  className?: string;
  /** The text of a cell (default: the value as text, "—" for null). */
  format?: (value: Cell, column: number) => string;
  /** The order to start in (e.g. kept from the table this one replaces), and a callback on each change. */
  sort?: TableSort | null;
  onSort?: (sort: TableSort) => void;
}

type Order = "ascending" | "descending";
/** Cells longer than this get a title with their whole text (CSS cuts them to one line). */
const LONG_TEXT = 24;
export interface TableSort {
  /** The column's label (kept by label: a newer table may have more columns). */
  column: string;
  order: Order;
}

/** Numbers before texts, texts in natural order ("node-2" before "node-10"), empty cells last. */
export function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

const plain = (value: Cell): string => (value === null ? "—" : String(value));

/** Row indices sorted by a column; empty cells stay last in both orders, ties keep their order (a stable sort). */
function sortedBy(rows: readonly TableRow[], order: readonly number[], column: number, direction: Order): number[] {
  const sign = direction === "ascending" ? 1 : -1;
  return [...order].sort((a, b) => {
    const x = rows[a]!.values[column] ?? null;
    const y = rows[b]!.values[column] ?? null;
    return x === null || y === null ? compareCells(x, y) : sign * compareCells(x, y);
  });
}

/** One body row: the first cell heads it; long texts get a title (CSS cuts them to one line). */
function rowElement(row: TableRow, columns: readonly Column[], format: (value: Cell, column: number) => string): HTMLElement {
  const cells = row.values.map((value, c) => {
    const text = format(value, c);
    if (c === 0) return h("th", { scope: "row" }, text);
    const column = columns[c];
    return h("td", { class: column?.numeric ? "num" : column?.wrap ? "wrap" : null, title: text.length > LONG_TEXT && !column?.wrap ? text : null }, text);
  });
  return h("tr", { class: row.mark ?? null }, ...cells);
}

export function dataTable(options: DataTableOptions): HTMLElement {
  const { columns, caption } = options;
  const pageSize = options.pageSize ?? 100;
  const format = options.format ?? plain;
  let order: number[] = options.rows.map((_, i) => i);
  let shown = 0;
  let sorted: TableSort | null = null;

  const body = h("tbody");
  const said = h("p", { class: "sr-only", "aria-live": "polite" });
  const more = h("button", { type: "button", class: "link" });
  const all = h("button", { type: "button", class: "link" });
  const footer = h("p", { class: "table-more" }, more, " ", all);

  const showUpTo = (count: number): void => {
    const to = Math.min(order.length, count);
    const fragment = document.createDocumentFragment();
    for (let i = shown; i < to; i++) fragment.append(rowElement(options.rows[order[i]!]!, columns, format));
    body.append(fragment);
    shown = to;
    const rest = order.length - shown;
    footer.hidden = rest <= 0;
    more.textContent = `Show ${Math.min(rest, pageSize)} more rows`;
    all.textContent = `Show all ${order.length} rows`;
  };
  more.addEventListener("click", () => showUpTo(shown + pageSize));
  all.addEventListener("click", () => showUpTo(order.length));

  const headers = columns.map((column, c) => {
    const button = h("button", { type: "button", class: "sort" }, column.label, h("span", { class: "sort-mark", "aria-hidden": "true" }, ""));
    const th = h("th", { scope: "col", class: column.numeric ? "num" : null, "aria-sort": "none" }, button);
    button.addEventListener("click", () => sortBy(c));
    return th;
  });
  const sortBy = (column: number, wanted?: Order): void => {
    const label = columns[column]!.label;
    const next: Order = wanted ?? (sorted?.column === label && sorted.order === "ascending" ? "descending" : "ascending");
    sorted = { column: label, order: next };
    order = sortedBy(options.rows, order, column, next);
    headers.forEach((th, i) => {
      th.setAttribute("aria-sort", i === column ? next : "none");
      th.querySelector(".sort-mark")!.textContent = i === column ? (next === "ascending" ? " ▲" : " ▼") : "";
    });
    const keep = Math.max(shown, Math.min(pageSize, order.length));
    replace(body);
    shown = 0;
    showUpTo(keep);
    if (wanted !== undefined) return;
    said.textContent = `${caption}: sorted by ${label}, ${next}`;
    options.onSort?.(sorted);
  };

  const table = h("table", { class: options.className ?? null }, h("caption", {}, caption), h("thead", {}, h("tr", {}, ...headers)), body);
  const initial = options.sort ? columns.findIndex((c) => c.label === options.sort!.column) : -1;
  if (initial >= 0) sortBy(initial, options.sort!.order);
  else showUpTo(pageSize);
  return h("div", { class: "data-table" }, h("div", { class: "scroll", tabindex: 0, role: "region", "aria-label": caption }, table), footer, said);
}
