/**
 * What each resource holds: the same views the tools give (an experiment's status and
 * deployments, its decoded results, a node, the node list, the library catalog), as JSON a
 * client can attach to a conversation.
 */
import type { BaseClient } from "../../src/base-client.js";
import { UsageError } from "../../src/errors.js";
import { type CatalogClass, catalogClasses, findLibraryTask, shortName } from "../../src/library/index.js";
import { type ResultRow, chartCandidates, resultsChartSVG, rowsToCSV } from "../../src/results/index.js";
import { loadResults } from "../answers/results-source.js";
import { deploymentResult } from "../answers/results-view.js";
import { deploymentRows, resultsOf, summarizeStatus } from "../answers/status-view.js";
import { type NodeEntry, type WirePool, type WireStatus, flattenNodes, wireOf } from "../answers/wire-view.js";

/** Results as a resource: the tool's defaults (values cut at 2,000 characters, last 40 log lines). */
const RESULT_LIMITS = { maxValueChars: 2_000, maxLogLines: 40, logOffset: undefined };
/** Resources are attached whole: lists stop here (the tools page through the rest). */
export const MAX_ITEMS = 200;

export async function nodeList(client: BaseClient, signal: AbortSignal): Promise<NodeEntry[]> {
  return flattenNodes(wireOf<WirePool>(await client.getNodes({ signal })));
}

export async function experimentNames(client: BaseClient, signal: AbortSignal): Promise<string[]> {
  const experiments = await client.getExperiments({ signal });
  const names = experiments instanceof Map ? [...experiments.keys()] : Object.keys((experiments ?? {}) as object);
  return names.map(String);
}

export async function experimentView(client: BaseClient, name: string, signal: AbortSignal) {
  const status = wireOf<WireStatus>(await client.getExperimentStatus(name, { signal }));
  const rows = deploymentRows(status);
  return { summary: summarizeStatus(name, status), deployments: rows.slice(0, MAX_ITEMS), deployments_total: rows.length };
}

export async function resultsView(client: BaseClient, name: string, signal: AbortSignal) {
  const status = wireOf<WireStatus>(await client.getExperimentStatus(name, { signal }));
  const summary = summarizeStatus(name, status);
  if (summary.status_name !== "FINISHED" && summary.status_name !== "UNKNOWN") {
    return { summary, finished: false, deployments: [], note: `${name} is ${summary.status_name}: no results before FINISHED.` };
  }
  const decoded = resultsOf(status).slice(0, MAX_ITEMS).map((r) => deploymentResult(r, RESULT_LIMITS));
  return { summary, finished: true, deployments: decoded };
}

/** Every row of an experiment (one per node × task × run, whatever its status: unfinished rows say so). */
async function experimentRows(client: BaseClient, name: string, signal: AbortSignal): Promise<ResultRow[]> {
  return (await loadResults(client, name, signal, true)).allRows();
}

/** The experiment's rows as CSV (RFC 4180, a header row; numbers as Python wrote them). */
export async function resultsCsv(client: BaseClient, name: string, signal: AbortSignal): Promise<string> {
  return rowsToCSV(await experimentRows(client, name, signal));
}

/**
 * The experiment's chart as SVG: one numeric field per node (avg_rtt with min/max whiskers by
 * default for Ping), or the distribution of a series field (packets.time). An unknown task or
 * field is refused with the ones there are.
 */
export async function resultsChart(client: BaseClient, name: string, signal: AbortSignal, choice: { task?: string; field?: string }): Promise<string> {
  const rows = await experimentRows(client, name, signal);
  const candidates = chartCandidates(rows);
  const offered = () => candidates.map((c) => `task=${encodeURIComponent(c.task)}&field=${encodeURIComponent(c.field)}`).join(", ") || "none: no ok run has a numeric field";
  if (choice.task !== undefined && !candidates.some((c) => c.task === choice.task)) {
    throw new UsageError(`experiment "${name}" has no task "${choice.task}" with numbers to chart; the charts there are: ${offered()}`, { operation: "resources/read" });
  }
  if (choice.field !== undefined && !candidates.some((c) => c.field === choice.field && (choice.task === undefined || c.task === choice.task))) {
    throw new UsageError(`experiment "${name}" has no numeric field "${choice.field}"${choice.task ? ` in task "${choice.task}"` : ""}; the charts there are: ${offered()}`, { operation: "resources/read" });
  }
  return resultsChartSVG(rows, choice);
}

/** The charts an experiment offers (task and field), for completions. */
export async function chartChoices(client: BaseClient, name: string, signal: AbortSignal): Promise<{ task: string; field: string }[]> {
  return chartCandidates(await experimentRows(client, name, signal));
}

export async function nodeView(client: BaseClient, name: string, signal: AbortSignal): Promise<NodeEntry> {
  const node = (await nodeList(client, signal)).find((n) => n.name === name);
  if (node === undefined) throw new UsageError(`no node named "${name}" is available to this user (see the node list, netunicorn://nodes)`, { operation: "resources/read" });
  return node;
}

/** One line per library task: enough to choose one (the task's resource has the details). */
export function catalogSummary() {
  return catalogClasses().map((entry) => ({
    name: shortName(entry),
    path: entry.path,
    kind: entry.kind,
    parameters: entry.params.map((p) => `${p.name}${"default" in p ? "?" : ""}${p.type ? `: ${p.type}` : ""}`),
  }));
}

export function libraryTaskView(name: string): CatalogClass & { name: string } {
  const entry = findLibraryTask(name, "resources/read");
  return { name: shortName(entry), ...entry };
}

/**
 * The library task names a user writes: every task and dispatcher, but not the implementation
 * classes a dispatcher picks per architecture (PingLinuxImplementation is what "Ping" runs as).
 */
export function libraryTaskNames(): string[] {
  const implementations = new Set(catalogClasses().flatMap((entry) => (entry.dispatch ?? []).map((d) => d.implementation)));
  return catalogClasses().filter((entry) => !implementations.has(entry.path)).map(shortName);
}
