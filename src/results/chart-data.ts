/**
 * What a results chart shows, as data: per-node values of one numeric field (with min/max whiskers
 * when the value has min_/max_ siblings) or the distribution of a series field (per-packet RTTs).
 * The SVG renderer (chart-svg.ts) draws exactly this; a page shows the same as a table.
 */
import { isJsonObject, recordEntries, unitsOf } from "./columns.js";
import { forEachSeriesItem } from "./rows.js";
import type { Cell, ResultRow, RowState } from "./types.js";

export interface ChartOptions {
  /** Display name of the task (default: the first task with a numeric field). */
  task?: string;
  /** A numeric field ("avg_rtt", "packet_loss") or a series field ("packets.time", "rtt_ms"). */
  field?: string;
  /** Pixel width the chart is laid out for (default 640; 390 fits a phone). */
  width?: number;
  /** Pixel height (default: from the number of nodes). */
  height?: number;
  /** Title (default: says field, unit, task and counts). */
  title?: string;
}

export interface ChartPoint {
  /** "node" or "node (run 2)" when a task ran several times. */
  label: string;
  node: string;
  run: number;
  state: RowState;
  value: number | null;
  min: number | null;
  max: number | null;
}

export interface ChartBin {
  from: number;
  to: number;
  count: number;
}

export interface ChartTable {
  /** "per-node": one value per node (bars, or dots sorted by value past 60 nodes); "distribution": a histogram of series points; "empty": nothing numeric. */
  kind: "per-node" | "distribution" | "empty";
  task: string;
  field: string;
  unit: string | null;
  title: string;
  /** One or two sentences that say what the chart shows (the SVG's <desc>, a table's caption). */
  description: string;
  /** Table rendition: headers and one row of cells per node (per-node) or per bin (distribution). */
  columns: string[];
  cells: Cell[][];
  points: ChartPoint[];
  bins: ChartBin[];
}

export interface ChartCandidate {
  task: string;
  field: string;
  kind: "per-node" | "distribution";
}

const IGNORED = /^(min|max|stddev|std|unit)(_|$)|(_min|_max|_unit)$/;

/** Numeric fields of a task's ok rows, in first-seen order. */
function numericFields(rows: readonly ResultRow[]): string[] {
  const out = new Set<string>();
  for (const r of rows) if (r.state === "ok") for (const [k, v] of Object.entries(r.fields)) if (typeof v === "number") out.add(k);
  return [...out];
}

/** Series fields with numbers (per-packet times…), in first-seen order. */
function seriesFields(rows: readonly ResultRow[]): string[] {
  const out = new Set<string>();
  for (const r of rows) {
    if (r.state === "ok") forEachSeriesItem(r.value, (field, _i, cell) => void (typeof cell === "number" && out.add(field)));
  }
  return [...out];
}

/** Rows grouped by task display name, tasks in first-seen order. */
function rowsByTask(rows: readonly ResultRow[]): Map<string, ResultRow[]> {
  const out = new Map<string, ResultRow[]>();
  for (const r of rows) {
    const list = out.get(r.task);
    if (list === undefined) out.set(r.task, [r]);
    else list.push(r);
  }
  return out;
}

/** What can be charted: per task, each numeric field (min/max/stddev siblings left out) and each numeric series field. */
export function chartCandidates(rows: readonly ResultRow[]): ChartCandidate[] {
  const out: ChartCandidate[] = [];
  for (const [task, own] of rowsByTask(rows)) {
    for (const field of numericFields(own)) if (!IGNORED.test(field) && !/^(icmp_seq|ttl)$/.test(field)) out.push({ task, field, kind: "per-node" });
    for (const field of seriesFields(own)) if (!/\.(icmp_seq|ttl)$/.test(field)) out.push({ task, field, kind: "distribution" });
  }
  return out;
}

/** min_/max_ siblings of a field: avg_rtt → min_rtt/max_rtt; x → min_x/max_x or x_min/x_max; mean → min/max. */
export function whiskerFields(field: string, fields: readonly string[]): [string, string] | null {
  const base = field.replace(/^(avg|mean|median)_/, "");
  const options: [string, string][] = [[`min_${base}`, `max_${base}`], [`${base}_min`, `${base}_max`]];
  if (/^(avg|mean|median)$/.test(field)) options.push(["min", "max"]);
  return options.find(([lo, hi]) => fields.includes(lo) && fields.includes(hi)) ?? null;
}

const num = (c: Cell | undefined): number | null => (typeof c === "number" && Number.isFinite(c) ? c : null);

/** Short number text for labels: up to 4 significant digits, no exponent for everyday sizes. */
export function shortNumber(n: number): string {
  if (n === 0) return "0";
  const abs = Math.abs(n);
  if (abs >= 1e6 || abs < 1e-3) return n.toExponential(2).replace(/\.?0+e/, "e");
  return String(Number(n.toPrecision(4)));
}

const withUnit = (n: number, unit: string | null): string => `${shortNumber(n)}${unit ? ` ${unit}` : ""}`;

/** The unit of a series field "list.sub" from the records' own unit fields (PacketResult's unit "ms"). */
function seriesUnit(rows: readonly ResultRow[], field: string): string | null {
  const [list, sub] = field.split(".");
  for (const r of rows) {
    const items = (recordEntries(r.value) ?? []).find(([k]) => k === list)?.[1];
    const first = Array.isArray(items) ? items.find(isJsonObject) : undefined;
    const entries = first ? recordEntries(first) : undefined;
    if (sub === undefined || entries === undefined) continue;
    const fields = Object.fromEntries(entries.filter(([, v]) => typeof v === "number" || typeof v === "string")) as Record<string, Cell>;
    const unit = unitsOf(fields)[sub];
    if (unit !== undefined) return unit;
  }
  return null;
}

function perNode(rows: readonly ResultRow[], task: string, field: string, options: ChartOptions): ChartTable {
  const all = numericFields(rows);
  const whiskers = whiskerFields(field, all);
  const runs = new Map<string, number>();
  for (const r of rows) runs.set(r.node, (runs.get(r.node) ?? 0) + 1);
  const unit = rows.find((r) => r.units[field] !== undefined)?.units[field] ?? null;
  const points: ChartPoint[] = rows.map((r) => ({
    label: (runs.get(r.node) ?? 0) > 1 ? `${r.node} (run ${r.run + 1})` : r.node, node: r.node, run: r.run, state: r.state,
    value: r.state === "ok" ? num(r.fields[field]) : null,
    min: whiskers && r.state === "ok" ? num(r.fields[whiskers[0]]) : null,
    max: whiskers && r.state === "ok" ? num(r.fields[whiskers[1]]) : null,
  }));
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const lowest = points.reduce<ChartPoint | null>((a, p) => (p.value !== null && (a === null || p.value < a.value!) ? p : a), null);
  const highest = points.reduce<ChartPoint | null>((a, p) => (p.value !== null && (a === null || p.value > a.value!) ? p : a), null);
  const missing = points.length - values.length;
  const u = unit ? ` (${unit})` : "";
  const title = options.title ?? `${field}${u} per node · ${task}`;
  let description = `${field}${u} of task ${task} on ${points.length} node${points.length === 1 ? "" : "s"}`;
  if (lowest && highest) description += `: lowest ${withUnit(lowest.value!, unit)} on ${lowest.label}, highest ${withUnit(highest.value!, unit)} on ${highest.label}`;
  if (whiskers) description += `; whiskers from ${whiskers[0]} to ${whiskers[1]}`;
  if (missing > 0) description += `; ${missing} without a value (${summarizeStates(points)})`;
  const columns = ["node", `${field}${u}`, ...(whiskers ? [`${whiskers[0]}${u}`, `${whiskers[1]}${u}`] : []), "state"];
  const cells = points.map((p): Cell[] => [p.label, p.value, ...(whiskers ? [p.min, p.max] : []), p.state]);
  return { kind: "per-node", task, field, unit, title, description: description + ".", columns, cells, points, bins: [] };
}

function summarizeStates(points: readonly ChartPoint[]): string {
  const counts = new Map<string, number>();
  for (const p of points) if (p.value === null) counts.set(p.state, (counts.get(p.state) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
}

/** Equal-width bins, about √n of them (5 to 30). */
export function histogram(values: readonly number[]): ChartBin[] {
  if (values.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (lo === hi) return [{ from: lo, to: hi, count: values.length }];
  const n = Math.min(30, Math.max(5, Math.ceil(Math.sqrt(values.length))));
  const width = (hi - lo) / n;
  const bins = Array.from({ length: n }, (_, i) => ({ from: lo + i * width, to: i === n - 1 ? hi : lo + (i + 1) * width, count: 0 }));
  for (const v of values) bins[Math.min(n - 1, Math.floor((v - lo) / width))]!.count++;
  return bins;
}

function distribution(rows: readonly ResultRow[], task: string, field: string, options: ChartOptions): ChartTable {
  const values: number[] = [];
  const from = new Set<string>();
  for (const r of rows) {
    if (r.state !== "ok") continue;
    forEachSeriesItem(r.value, (f, _i, cell) => {
      if (f === field && typeof cell === "number" && Number.isFinite(cell)) values.push(cell), from.add(r.node);
    });
  }
  const nodes = from.size;
  const unit = seriesUnit(rows, field);
  const u = unit ? ` (${unit})` : "";
  const bins = histogram(values);
  const title = options.title ?? `${field}${u} distribution · ${task}`;
  const peak = bins.reduce<ChartBin | null>((a, b) => (a === null || b.count > a.count ? b : a), null);
  let description = `Distribution of ${values.length} ${field} value${values.length === 1 ? "" : "s"}${u} from ${nodes} node${nodes === 1 ? "" : "s"} (task ${task})`;
  if (peak) description += `, most between ${withUnit(peak.from, unit)} and ${withUnit(peak.to, unit)} (${peak.count})`;
  const cells = bins.map((b): Cell[] => [b.from, b.to, b.count]);
  return { kind: "distribution", task, field, unit, title, description: description + ".", columns: [`from${u}`, `to${u}`, "count"], cells, points: [], bins };
}

/** The task and field to chart: as asked, else the first task with something numeric and its avg_/mean field (avg_rtt before packet_loss). */
function choose(rows: readonly ResultRow[], options: ChartOptions): ChartCandidate | undefined {
  if (options.field !== undefined) {
    const task = options.task ?? rows.find((r) => r.state === "ok" && typeof r.fields[options.field!] === "number")?.task ?? rows[0]?.task ?? "";
    const own = rows.filter((r) => r.task === task);
    if (numericFields(own).includes(options.field)) return { task, field: options.field, kind: "per-node" };
    if (seriesFields(own).includes(options.field)) return { task, field: options.field, kind: "distribution" };
    return undefined;
  }
  const byTask = rowsByTask(rows);
  // the first task (in row order) with anything to chart; tasks after it are not looked at
  for (const [task, own] of byTask) {
    if (options.task !== undefined && task !== options.task) continue;
    const candidates = chartCandidates(own);
    const found = candidates.find((c) => c.kind === "per-node" && /^(avg|mean)/.test(c.field)) ?? candidates[0];
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The data of the chart `resultsChartSVG` draws for these rows and options (for a table beside or instead of it). */
export function chartTable(rows: readonly ResultRow[], options: ChartOptions = {}): ChartTable {
  const chosen = choose(rows, options);
  if (chosen === undefined) {
    const task = options.task ?? rows[0]?.task ?? "";
    const field = options.field ?? "";
    const what = field === "" ? "no numeric field" : `no numeric values of ${field}`;
    const count = rows.filter((r) => r.task === task).length;
    return {
      kind: "empty", task, field, unit: null, title: options.title ?? `${field || "results"} · ${task}`,
      description: `Task ${task} has ${what} to chart (${count} row${count === 1 ? "" : "s"}).`, columns: [], cells: [], points: [], bins: [],
    };
  }
  const own = rows.filter((r) => r.task === chosen.task);
  return chosen.kind === "per-node" ? perNode(own, chosen.task, chosen.field, options) : distribution(own, chosen.task, chosen.field, options);
}
