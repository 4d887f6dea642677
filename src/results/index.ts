// `netunicorn/results`: an experiment's results at a glance, as tidy rows, summaries, CSV / JSON
// Lines files, an SVG chart and comparisons. Platform neutral (no DOM, no Node built-ins), its
// own entry point: a page that never imports it never downloads it.
export type { Cell, ResultRow, RowState, SeriesPoint } from "./types.js";
export { resultRows, seriesPoints, type ResultRowsOptions } from "./rows.js";
export { summarizeRows, errorReason, type ColumnSummary, type NodeFailure, type NodeSummary, type ResultsSummary } from "./summary.js";
export { rowsToCSV, rowsToJSONLines } from "./files.js";
export { pythonFloatRepr } from "./numbers.js";
export { chartTable, chartCandidates, type ChartOptions, type ChartTable, type ChartPoint, type ChartBin, type ChartCandidate } from "./chart-data.js";
export { resultsChartSVG, chartTableSVG } from "./chart-svg.js";
export { compareExperiments, type Comparison, type ComparisonRow, type ExperimentRows } from "./compare.js";
