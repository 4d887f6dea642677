/**
 * A self-contained SVG string of a results chart (chart-data.ts), built as text: no DOM, no
 * library, so the same chart renders in a page, in Deno/Node and as an MCP resource file.
 * Per-node bars with min/max whiskers up to 60 nodes, past that dots sorted by value (readable
 * at 390 px for any node count), a histogram for series fields. Accessible: role="img",
 * aria-label, <title> and <desc>; every mark has a <title> tooltip.
 * Written here rather than with a chart library, by measurement (2026-12-06, esbuild minified +
 * gzip -9 as scripts/size.ts; one avg_rtt chart of 1,000 sandbox Ping nodes with min/max lines,
 * on a loaded 2-core machine):
 *   this renderer (chartTable + SVG)       4.7 kB gzipped    36 ms (rows → data → SVG)
 *   echarts 6.1 SSR (core, bar/scatter/custom, grid/title/aria/tooltip, SVGRenderer)
 *                                         191.7 kB gzipped   169 ms (setOption → renderToSVGString)
 *   vega 6.4 + vega-lite 6.4 (headless View.toSVG)
 *                                         290.7 kB gzipped   226 ms (compile → parse → toSVG)
 * Observable Plot needs a document; uPlot draws on a canvas.
 */
import { chartTable, shortNumber, type ChartOptions, type ChartPoint, type ChartTable } from "./chart-data.js";
import type { ResultRow } from "./types.js";

const COLOR = { bar: "#3b6ea8", whisker: "#1d3557", bad: "#b42318", muted: "#667085", grid: "#e4e7ec", text: "#1f2937" };
const FONT = 12;
const CHAR = 6.6; // average glyph width of a 12 px sans-serif, for fitting labels
const BAR_ROW = 20;
const MAX_BARS = 60;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const r1 = (n: number): string => String(Math.round(n * 10) / 10);

/** Round tick values spanning [lo, hi] (about `count` of them). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** The upper end of the value axis: the largest tick at or above `hi`. */
function axisTop(hi: number): number {
  const ticks = niceTicks(0, hi);
  const last = ticks.at(-1)!;
  return last >= hi ? last : last + (ticks[1]! - ticks[0]!);
}

function fit(label: string, width: number): string {
  const max = Math.max(3, Math.floor(width / CHAR));
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

function frame(table: ChartTable, width: number, height: number, body: string): string {
  const label = `${table.title}. ${table.description}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="${FONT}" fill="${COLOR.text}">` +
    `<title>${escapeXml(table.title)}</title><desc>${escapeXml(table.description)}</desc>` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
    `<text x="8" y="18" font-size="14" font-weight="600">${escapeXml(fit(table.title, width - 16))}</text>${body}</svg>`;
}

/** Horizontal value axis ticks and grid lines between x0 and x1 over [0, top]. */
function xAxis(x0: number, x1: number, yTop: number, yBottom: number, top: number, unit: string | null): string {
  let out = "";
  const ticks = niceTicks(0, top, x1 - x0 < 260 ? 3 : 5);
  for (const t of ticks) {
    const x = x0 + ((x1 - x0) * t) / top;
    out += `<line x1="${r1(x)}" y1="${yTop}" x2="${r1(x)}" y2="${yBottom}" stroke="${COLOR.grid}"/>`;
    out += `<text x="${r1(x)}" y="${yBottom + 14}" text-anchor="middle" fill="${COLOR.muted}">${escapeXml(shortNumber(t))}</text>`;
  }
  if (unit) out += `<text x="${x1}" y="${yBottom + 28}" text-anchor="end" fill="${COLOR.muted}">${escapeXml(unit)}</text>`;
  return out;
}

function barChart(table: ChartTable, width: number): string {
  const labelWidth = Math.min(160, Math.round(width * 0.32));
  const x0 = labelWidth + 12;
  const x1 = width - 64;
  const top = axisTop(Math.max(0, ...table.points.flatMap((p) => [p.value ?? 0, p.max ?? 0])));
  const scale = (v: number): number => x0 + ((x1 - x0) * Math.max(0, v)) / top;
  const yTop = 32;
  const yBottom = yTop + table.points.length * BAR_ROW;
  let body = xAxis(x0, x1, yTop, yBottom, top, table.unit);
  table.points.forEach((p, i) => {
    const y = yTop + i * BAR_ROW;
    const mid = y + BAR_ROW / 2;
    const tip = escapeXml(pointText(p, table.unit));
    body += `<text x="${labelWidth}" y="${r1(mid + 4)}" text-anchor="end">${escapeXml(fit(p.label, labelWidth - 8))}<title>${tip}</title></text>`;
    if (p.value === null) {
      const color = p.state === "failed" || p.state === "preparation failed" ? COLOR.bad : COLOR.muted;
      body += `<text x="${x0 + 4}" y="${r1(mid + 4)}" fill="${color}" font-style="italic">${escapeXml(p.state === "ok" ? "no value" : p.state)}<title>${tip}</title></text>`;
      return;
    }
    body += `<rect x="${x0}" y="${y + 4}" width="${r1(scale(p.value) - x0)}" height="${BAR_ROW - 8}" fill="${COLOR.bar}" rx="2"><title>${tip}</title></rect>`;
    if (p.min !== null && p.max !== null) {
      const [a, b] = [scale(p.min), scale(p.max)];
      body += `<path d="M${r1(a)} ${mid}H${r1(b)}M${r1(a)} ${mid - 4}V${mid + 4}M${r1(b)} ${mid - 4}V${mid + 4}" stroke="${COLOR.whisker}" stroke-width="1.5" fill="none"/>`;
    }
    const end = Math.max(scale(p.value), p.max === null ? 0 : scale(p.max));
    body += `<text x="${r1(end + 4)}" y="${r1(mid + 4)}">${escapeXml(shortNumber(p.value))}</text>`;
  });
  return frame(table, width, yBottom + 34, body);
}

function pointText(p: ChartPoint, unit: string | null): string {
  if (p.value === null) return `${p.label}: ${p.state}`;
  const u = unit ? ` ${unit}` : "";
  const range = p.min !== null && p.max !== null ? ` (min ${shortNumber(p.min)}, max ${shortNumber(p.max)})` : "";
  return `${p.label}: ${shortNumber(p.value)}${u}${range}`;
}

/** Vertical value axis with ticks (left), grid lines across [x0, x1]. */
function yAxis(x0: number, x1: number, yTop: number, yBottom: number, lo: number, hi: number, unit: string | null): string {
  let out = "";
  for (const t of niceTicks(lo, hi, 4)) {
    const y = yBottom - ((yBottom - yTop) * (t - lo)) / (hi - lo || 1);
    out += `<line x1="${x0}" y1="${r1(y)}" x2="${x1}" y2="${r1(y)}" stroke="${COLOR.grid}"/>`;
    out += `<text x="${x0 - 4}" y="${r1(y + 4)}" text-anchor="end" fill="${COLOR.muted}">${escapeXml(shortNumber(t))}</text>`;
  }
  if (unit) out += `<text x="${x0 - 4}" y="${yTop - 6}" text-anchor="end" fill="${COLOR.muted}">${escapeXml(unit)}</text>`;
  return out;
}

function dotChart(table: ChartTable, width: number, height: number): string {
  const ok = table.points.filter((p) => p.value !== null).sort((a, b) => a.value! - b.value!);
  const x0 = 52;
  const x1 = width - 12;
  const yTop = 44;
  const yBottom = height - 46;
  const hi = axisTop(Math.max(0, ...ok.map((p) => p.max ?? p.value!)));
  const y = (v: number): number => yBottom - ((yBottom - yTop) * Math.max(0, v)) / (hi || 1);
  const x = (i: number): number => x0 + ((x1 - x0) * (i + 0.5)) / Math.max(1, ok.length);
  let body = yAxis(x0, x1, yTop, yBottom, 0, hi, table.unit);
  let whiskers = "";
  let dots = "";
  ok.forEach((p, i) => {
    const cx = r1(x(i));
    if (p.min !== null && p.max !== null) whiskers += `M${cx} ${r1(y(p.min))}V${r1(y(p.max))}`;
    dots += `<circle cx="${cx}" cy="${r1(y(p.value!))}" r="2.2"><title>${escapeXml(pointText(p, table.unit))}</title></circle>`;
  });
  if (whiskers) body += `<path d="${whiskers}" stroke="${COLOR.whisker}" stroke-opacity="0.35" fill="none"/>`;
  body += `<g fill="${COLOR.bar}">${dots}</g>`;
  const missing = table.points.length - ok.length;
  body += `<text x="${x0}" y="${yBottom + 16}" fill="${COLOR.muted}">${escapeXml(fit(`${ok.length} nodes, sorted by value${whiskers ? " (lines: min to max)" : ""}`, x1 - x0))}</text>`;
  if (missing > 0) body += `<text x="${x0}" y="${yBottom + 32}" fill="${COLOR.bad}">${escapeXml(fit(`${missing} without a value: see the table`, x1 - x0))}</text>`;
  return frame(table, width, height, body);
}

function histogramChart(table: ChartTable, width: number, height: number): string {
  const x0 = 52;
  const x1 = width - 12;
  const yTop = 44;
  const yBottom = height - 46;
  const lo = table.bins[0]?.from ?? 0;
  const hiValue = table.bins.at(-1)?.to ?? 1;
  const maxCount = axisTop(Math.max(1, ...table.bins.map((b) => b.count)));
  const x = (v: number): number => x0 + ((x1 - x0) * (v - lo)) / (hiValue - lo || 1);
  let body = yAxis(x0, x1, yTop, yBottom, 0, maxCount, "count");
  const single = table.bins.length === 1;
  for (const b of table.bins) {
    const h = ((yBottom - yTop) * b.count) / maxCount;
    const left = single ? x0 + (x1 - x0) / 3 : x(b.from);
    const w = single ? (x1 - x0) / 3 : Math.max(1, x(b.to) - x(b.from) - 1);
    const tip = `${shortNumber(b.from)}–${shortNumber(b.to)}${table.unit ? ` ${table.unit}` : ""}: ${b.count}`;
    body += `<rect x="${r1(left)}" y="${r1(yBottom - h)}" width="${r1(w)}" height="${r1(h)}" fill="${COLOR.bar}"><title>${escapeXml(tip)}</title></rect>`;
  }
  for (const t of single ? [lo] : niceTicks(lo, hiValue, x1 - x0 < 260 ? 3 : 5)) {
    const tx = single ? x0 + (x1 - x0) / 2 : x(t);
    body += `<text x="${r1(tx)}" y="${yBottom + 14}" text-anchor="middle" fill="${COLOR.muted}">${escapeXml(shortNumber(t))}</text>`;
  }
  body += `<text x="${x1}" y="${yBottom + 30}" text-anchor="end" fill="${COLOR.muted}">${escapeXml(fit(`${table.field}${table.unit ? ` (${table.unit})` : ""}`, x1 - x0))}</text>`;
  return frame(table, width, height, body);
}

/** Draws a chart table (from `chartTable`) as an SVG string. */
export function chartTableSVG(table: ChartTable, options: Pick<ChartOptions, "width" | "height"> = {}): string {
  const width = Math.max(280, Math.round(options.width ?? 640));
  const height = Math.max(160, Math.round(options.height ?? 300));
  if (table.kind === "distribution") return histogramChart(table, width, height);
  if (table.kind === "per-node" && table.points.length > MAX_BARS) return dotChart(table, width, height);
  if (table.kind === "per-node") return barChart(table, width);
  return frame(table, width, 80, `<text x="8" y="48" fill="${COLOR.muted}">${escapeXml(fit(table.description, width - 16))}</text>`);
}

/**
 * A self-contained SVG chart of rows: per-node values of a numeric field (avg_rtt with min/max
 * whiskers, packet_loss…) or the distribution of a series field (per-packet RTTs). `chartTable`
 * with the same options gives the same data for a table.
 */
export function resultsChartSVG(rows: readonly ResultRow[], options: ChartOptions = {}): string {
  return chartTableSVG(chartTable(rows, options), options);
}
