/**
 * The chart of one task, drawn by the core (chartTable → chartTableSVG: the same SVG MCP serves
 * as a file): a numeric field per node (avg RTT with min/max whiskers, loss…) or a series'
 * distribution (per-packet RTTs). The SVG goes into the page as a DOM tree (its <title>s are
 * hover tips; it carries no script or style, and the page's CSP would refuse both), its
 * description is its caption, and its numbers are also a table (screen readers, copying).
 */
import { type ChartCandidate, type ChartTable, chartCandidates, chartTable, chartTableSVG, type ResultRow } from "netunicorn/results";
import { dataTable } from "./data-table.js";
import { field, h, replace, uid } from "./dom.js";

/** Drawing width of the SVG on a wide screen; a narrow one gets a chart laid out for its width. */
const WIDTH = 720;
const HEIGHT = 320;
const NARROW = "(max-width: 600px)";

/** The width to lay the chart out for: the page's, less its margins, within [300, WIDTH]. */
const chartWidth = (): number => Math.round(Math.min(WIDTH, Math.max(300, document.documentElement.clientWidth - 40)));

const keyOf = (c: ChartCandidate): string => `${c.kind}:${c.field}`;
const labelOf = (c: ChartCandidate, rows: readonly ResultRow[]): string => {
  const unit = rows.find((r) => r.units[c.field] !== undefined)?.units[c.field];
  const name = unit === undefined ? c.field : `${c.field} (${unit})`;
  return c.kind === "distribution" ? `${name}: distribution of every value` : `${name} per node`;
};

/** The SVG text as an element of this document (parsed as XML: nothing in it runs). */
function svgElement(svg: string, label: string): Element {
  const parsed = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
  if (parsed.namespaceURI !== "http://www.w3.org/2000/svg" || parsed.localName !== "svg") throw new Error("the chart is not an SVG image");
  const element = document.importNode(parsed, true);
  element.setAttribute("role", "img");
  element.setAttribute("aria-label", label);
  return element;
}

/** The chart's numbers as a table, built when its disclosure is opened. */
function chartData(table: ChartTable): HTMLElement {
  const details = h("details", { class: "chart-data" }, h("summary", {}, "Chart data as a table"));
  details.addEventListener("toggle", () => {
    if (!details.open || details.childElementCount > 1) return;
    details.append(dataTable({
      caption: table.title,
      columns: table.columns.map((label, i) => ({ label, numeric: table.cells.some((row) => typeof row[i] === "number") })),
      rows: table.cells.map((values) => ({ values, mark: table.kind === "per-node" && values.at(-1) !== "ok" ? "not-ok" : undefined })),
    }));
  });
  return details;
}

/** The chart block of one task's rows: a picker of what to chart, the chart, its description and its table. */
export function resultChart(rows: readonly ResultRow[], chosen: { chart?: string }): HTMLElement | null {
  const candidates = chartCandidates(rows);
  if (candidates.length === 0) return null;
  const start = candidates.find((c) => keyOf(c) === chosen.chart) ?? candidates.find((c) => c.kind === "per-node" && /^(avg|mean)/.test(c.field)) ?? candidates[0]!;
  const picker = h("select", { id: uid("chart") }, ...candidates.map((c) => h("option", { value: keyOf(c), selected: c === start }, labelOf(c, rows))));
  const figure = h("figure", { class: "result-chart" });
  let current = start;
  const draw = (candidate: ChartCandidate): void => {
    current = candidate;
    chosen.chart = keyOf(candidate);
    try {
      const width = chartWidth();
      const table = chartTable(rows, { task: candidate.task, field: candidate.field, width });
      const svg = chartTableSVG(table, { width, height: HEIGHT });
      replace(figure, svgElement(svg, `Chart: ${table.title}. ${table.description}`), h("figcaption", {}, table.description), chartData(table));
    } catch (error) {
      replace(figure, h("p", { class: "error" }, `No chart of ${candidate.field}: ${error instanceof Error ? error.message : String(error)}`));
    }
  };
  picker.addEventListener("change", () => draw(candidates.find((c) => keyOf(c) === picker.value)!));
  // Crossing between narrow and wide screens lays the chart out again (until it leaves the page).
  const narrow = window.matchMedia(NARROW);
  const relayout = (): void => (figure.isConnected ? draw(current) : narrow.removeEventListener("change", relayout));
  narrow.addEventListener("change", relayout);
  draw(start);
  return h("section", { class: "chart-block", "aria-label": `Chart of ${start.task}` }, h("div", { class: "filters" }, field("Chart", picker)), figure);
}
