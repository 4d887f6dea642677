/**
 * Per-deployment results for assistants: the decoder's `{node, error, result, logs}` view,
 * split into tasks and runs, with values and logs cut to the caller's limits (and a note
 * saying what was cut).
 */
import * as v from "valibot";
import { decodeBase64, decodeDeploymentResult } from "./core.js";
import { compactDataclasses } from "../../src/pickle/view-dataclass.js";
import { brief } from "./brief.js";
import type { WireDeploymentResult } from "./wire-view.js";

export interface ResultLimits {
  maxValueChars: number;
  maxLogLines: number;
  /** First log line to return; undefined = the last maxLogLines lines (failures are at the end). */
  logOffset: number | undefined;
}

/** Characters of log text per deployment, whatever the line count. */
const LOG_CHAR_BUDGET = 16_000;
const LOG_LINE_CHARS = 1_000;
/** Characters of task values per deployment; past it, values are cut to VALUE_FLOOR. */
const VALUE_CHAR_BUDGET = 20_000;
const VALUE_FLOOR = 200;

const runOutput = v.object({ ok: v.boolean(), value: v.unknown() });
export const deploymentResultOutput = v.object({
  node: v.string(),
  ok: v.pipe(v.nullable(v.boolean()), v.description("Whole-graph success; null when there is no result to read.")),
  error: v.pipe(v.nullable(v.string()), v.description("The deployment's own error (failed preparation, cancelled executor...).")),
  tasks: v.array(v.object({ name: v.string(), runs: v.array(runOutput) })),
  failed_tasks: v.array(v.string()),
  logs: v.array(v.string()),
  logs_total: v.number(),
  logs_from: v.pipe(v.number(), v.description("Index of the first returned log line (page with log_offset).")),
  notes: v.pipe(v.array(v.string()), v.description("What was cut or could not be decoded.")),
});
export type DeploymentResultOut = v.InferOutput<typeof deploymentResultOutput>;

type Run = v.InferOutput<typeof runOutput>;

/** A value view cut to `max` characters of JSON: `{"$truncated": prefix, "$chars": total}`. */
function cutValue(value: unknown, max: number): { value: unknown; cut: boolean } {
  const json = JSON.stringify(value) ?? "null";
  if (json.length <= max) return { value, cut: false };
  return { value: { $truncated: json.slice(0, max), $chars: json.length }, cut: true };
}

/** Reads a `{"$ok": x}` / `{"$err": x}` view; null when the view is something else. */
function resultView(view: unknown): { ok: boolean; value: unknown } | null {
  if (view === null || typeof view !== "object" || Array.isArray(view)) return null;
  const keys = Object.keys(view);
  if (keys.length !== 1) return null;
  if (keys[0] === "$ok") return { ok: true, value: (view as { $ok: unknown }).$ok };
  if (keys[0] === "$err") return { ok: false, value: (view as { $err: unknown }).$err };
  return null;
}

function tasksOf(graphValue: unknown, limits: ResultLimits, notes: string[]): DeploymentResultOut["tasks"] | null {
  if (graphValue === null || typeof graphValue !== "object" || Array.isArray(graphValue)) return null;
  const tasks: DeploymentResultOut["tasks"] = [];
  let cut = 0;
  let used = 0;
  for (const [name, runsView] of Object.entries(graphValue as Record<string, unknown>)) {
    const runs: Run[] = [];
    for (const runView of Array.isArray(runsView) ? runsView : [runsView]) {
      const run = resultView(runView) ?? { ok: true, value: runView };
      const shown = cutValue(run.value, Math.min(limits.maxValueChars, Math.max(VALUE_FLOOR, VALUE_CHAR_BUDGET - used)));
      used += JSON.stringify(shown.value)?.length ?? 4;
      if (shown.cut) cut++;
      runs.push({ ok: run.ok, value: shown.value });
    }
    tasks.push({ name, runs });
  }
  if (cut > 0) notes.push(`${cut} value(s) cut (max_value_chars=${limits.maxValueChars}, ${VALUE_CHAR_BUDGET} characters per deployment; see $truncated/$chars); read one node with "node" for more.`);
  return tasks;
}

function pickLogs(all: readonly string[], limits: ResultLimits, notes: string[]): { logs: string[]; from: number } {
  const from = limits.logOffset ?? Math.max(0, all.length - limits.maxLogLines);
  const picked = all.slice(from, from + limits.maxLogLines);
  const logs: string[] = [];
  let used = 0;
  for (const line of picked) {
    const shown = line.length > LOG_LINE_CHARS ? `${line.slice(0, LOG_LINE_CHARS)}… [line cut]` : line;
    if (used + shown.length > LOG_CHAR_BUDGET) break;
    used += shown.length;
    logs.push(shown);
  }
  if (logs.length < all.length) {
    notes.push(`log lines ${from + 1}-${from + logs.length} of ${all.length} shown (page with log_offset / max_log_lines).`);
  }
  return { logs, from };
}

/** Decodes and shapes one deployment's result; a decoding failure becomes a note, not an error. */
export function deploymentResult(raw: WireDeploymentResult, limits: ResultLimits): DeploymentResultOut {
  const notes: string[] = [];
  const base = { node: raw.node.name, error: raw.error === null ? null : brief(raw.error, 4000) };
  if (raw.result === null) {
    return { ...base, ok: null, tasks: [], failed_tasks: [], logs: [], logs_total: 0, logs_from: 0, notes: ["no result (the deployment did not run or was stopped)."] };
  }
  let view: { result: unknown; logs: string[] };
  try {
    const decoded = decodeDeploymentResult({ node: raw.node, result: decodeBase64(raw.result), error: raw.error }).view();
    // library results (PingResult...) as {"$dataclass": name, ...fields}: compact for assistants
    view = { result: compactDataclasses(decoded.result), logs: [...(decoded.logs ?? [])] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, ok: null, tasks: [], failed_tasks: [], logs: [], logs_total: 0, logs_from: 0, notes: [`result could not be decoded: ${brief(message, 300)}`] };
  }
  const graph = resultView(view.result);
  const tasks = graph === null ? null : tasksOf(graph.value, limits, notes);
  const shownTasks = tasks ?? [{ name: "(whole result)", runs: [{ ok: graph?.ok ?? true, value: cutValue(view.result, limits.maxValueChars).value }] }];
  const failed = shownTasks.filter((t) => t.runs.some((r) => !r.ok)).map((t) => t.name);
  const logs = pickLogs(view.logs, limits, notes);
  return { ...base, ok: graph?.ok ?? null, tasks: shownTasks, failed_tasks: failed, logs: logs.logs, logs_total: view.logs.length, logs_from: logs.from, notes };
}

/**
 * A few lines of text for one deployment's result: its verdict, each failed run's error (the
 * end of a traceback; ok values are in the per-task tables), its logs and notes.
 */
export function renderDeployment(d: DeploymentResultOut): string {
  const verdict = d.ok === null ? "no result" : d.ok ? "succeeded" : `FAILED (${d.failed_tasks.join(", ")})`;
  const lines = [`## ${d.node}: ${verdict}${d.error ? `, error: ${brief(d.error, 300)}` : ""}`];
  for (const task of d.tasks) {
    task.runs.forEach((run, i) => {
      if (run.ok) return;
      const label = task.runs.length > 1 ? `${task.name}#${i + 1}` : task.name;
      const value = typeof run.value === "string" ? lastLines(run.value, 4) : brief(run.value, 300);
      lines.push(`- ${label}: failed → ${value}`);
    });
  }
  if (d.logs.length > 0) {
    lines.push(`logs (lines ${d.logs_from + 1}-${d.logs_from + d.logs.length} of ${d.logs_total}):`);
    lines.push(...d.logs.map((l) => `  ${l.replace(/\n$/, "")}`));
  }
  lines.push(...d.notes.map((n) => `note: ${n}`));
  return lines.join("\n");
}

/** The end of a traceback is where the exception is. */
function lastLines(text: string, count: number): string {
  const lines = text.trimEnd().split("\n");
  return (lines.length > count ? "… " : "") + lines.slice(-count).join(" | ");
}
