/**
 * `npx tsx bench/results.bench.ts`: the results API (netunicorn/results) on library Ping
 * experiments that the in-process sandbox ran (real result pickles, 5 packets per Ping):
 * rows + summary + CSV (+ JSON Lines, chart) for 1,000 nodes × 20 tasks, then the growth of
 * rows + summary + CSV from 10 to 10,000 nodes with 2 Ping tasks per node (the same shape at
 * every size, so the per-row time shows whether growth is linear). Medians of BENCH_RUNS runs.
 */
import { getHeapStatistics } from "node:v8";
import { resultRows, resultsChartSVG, rowsToCSV, rowsToJSONLines, summarizeRows } from "../src/results/index.js";
import type { DeploymentExecutionResult, ExperimentExecutionInformation } from "../src/model/index.js";
import { decodeDeploymentResult, toView } from "../src/pickle/index.js";
import { runPingExperiments } from "../test/results/ping-experiment.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const out = fn();
  return [out, performance.now() - start];
}

/** Median ms of each step over RUNS runs (one warm-up first); rows are rebuilt from the status each run (decoding included). */
function measure(info: ExperimentExecutionInformation, withExtras: boolean): Record<string, number> & { rowCount: number; csvBytes: number } {
  const times: Record<string, number[]> = {};
  let rowCount = 0;
  let csvBytes = 0;
  for (let run = 0; run <= RUNS; run++) {
    // a fresh status each run: the result pickles are decoded lazily, once per status
    const fresh = structuredStatus(info);
    const [rows, tRows] = time(() => resultRows(fresh, { experiment: "bench" }));
    const [, tSummary] = time(() => summarizeRows(rows));
    const [csv, tCsv] = time(() => rowsToCSV(rows));
    const steps: Record<string, number> = { "resultRows": tRows, "summarizeRows": tSummary, "rowsToCSV": tCsv };
    if (withExtras) {
      // the floor under resultRows: decoding every result pickle and the JSON view of every run, nothing else
      const again = structuredStatus(info);
      steps["(floor: decode + toView of every run)"] = time(() => {
        for (const r of again.executionResult as DeploymentExecutionResult[]) for (const runs of decodeDeploymentResult(r).tasks.values()) for (const x of runs) toView(x.value);
      })[1];
      steps["rowsToJSONLines"] = time(() => rowsToJSONLines(rows))[1];
      steps["resultsChartSVG (avg_rtt)"] = time(() => resultsChartSVG(rows, { width: 390 }))[1];
      steps["resultsChartSVG (packets.time)"] = time(() => resultsChartSVG(rows, { field: "packets.time", width: 390 }))[1];
    }
    steps["rows + summary + CSV"] = tRows + tSummary + tCsv;
    if (run === 0) continue;
    for (const [k, v] of Object.entries(steps)) (times[k] ??= []).push(v);
    rowCount = rows.length;
    csvBytes = csv.length;
  }
  return Object.assign(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])), { rowCount, csvBytes });
}

/** A new ExperimentExecutionInformation with the same wire body (so no decoded state is shared between runs). */
function structuredStatus(info: ExperimentExecutionInformation): ExperimentExecutionInformation {
  return (info.constructor as typeof ExperimentExecutionInformation).fromJSON(JSON.parse(JSON.stringify(info)));
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

async function main(): Promise<void> {
  console.log(`results bench: medians of ${RUNS} runs after a warm-up; sandbox Ping results (5 packets each)`);
  const { info } = (await runPingExperiments({ nodes: 1000, pings: 20, failExecute: ["node-0007", "node-0500"], failPrepare: ["node-0900"] }))[0]!;
  const big = measure(info, true);
  console.log(`\n1,000 nodes × 20 tasks: ${big.rowCount.toLocaleString("en")} rows, CSV ${(big.csvBytes / 1e6).toFixed(1)} MB`);
  console.log("| step | median |\n| --- | ---: |");
  for (const [k, v] of Object.entries(big)) if (k !== "rowCount" && k !== "csvBytes") console.log(`| ${k} | ${ms(v)} |`);

  console.log("\ngrowth: rows + summary + CSV (resultRows decodes every result pickle)");
  console.log("| nodes | tasks/node | rows | resultRows | summarizeRows | rowsToCSV | total | µs per row |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const perRow: number[] = [];
  for (const nodes of [10, 100, 1000, 10_000]) {
    const pings = 2;
    const { info: grown } = (await runPingExperiments({ nodes, pings }))[0]!;
    const m = measure(grown, false);
    const total = m["rows + summary + CSV"]!;
    perRow.push((total * 1000) / m.rowCount);
    console.log(`| ${nodes.toLocaleString("en")} | ${pings} | ${m.rowCount.toLocaleString("en")} | ${ms(m["resultRows"]!)} | ${ms(m["summarizeRows"]!)} | ${ms(m["rowsToCSV"]!)} | ${ms(total)} | ${perRow.at(-1)!.toFixed(1)} |`);
  }
  const [lo, hi] = [Math.min(...perRow.slice(1)), Math.max(...perRow.slice(1))];
  console.log(`\nper-row cost from 100 nodes on: ${lo.toFixed(1)}–${hi.toFixed(1)} µs (${hi / lo < 2 ? "linear within 2×" : "NOT linear: per-row cost grows"}); heap limit ${(getHeapStatistics().heap_size_limit / 1e9).toFixed(1)} GB`);
}

await main();
