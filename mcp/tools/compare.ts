/**
 * compare_experiments: two or more experiments side by side for one task and numeric field, one
 * row per node with a value per experiment and the difference last − first (e.g. the RTT before
 * and after a configuration change). Tasks match by their display name in the results tables.
 */
import * as v from "valibot";
import type { BaseClient } from "../../src/base-client.js";
import { UsageError } from "../../src/errors.js";
import { type Comparison, type ResultRow, chartCandidates, compareExperiments } from "../../src/results/index.js";
import { isNotFound } from "../answers/hints.js";
import { fitPage, pageLine, pageOutputEntries, pagingEntries } from "../answers/paging.js";
import { loadResults } from "../answers/results-source.js";
import { READ_ONLY, defineTool } from "./tool.js";
import { statusName } from "../answers/wire-view.js";
import { experimentIdInput } from "../experiment-spec/schema.js";

const OPERATION = "compare_experiments";

function refuse(message: string, next: string): never {
  throw new UsageError(`${message}\nNext: ${next}`, { operation: OPERATION });
}

/** One experiment's rows; refused when unknown or not finished. */
async function rowsOf(client: BaseClient, name: string, signal: AbortSignal, fresh: boolean): Promise<ResultRow[]> {
  try {
    const loaded = await loadResults(client, name, signal, fresh);
    const status = statusName(loaded.status.status);
    if (status !== "FINISHED") {
      refuse(
        `experiment "${name}" is ${status}: it has no results to compare yet.`,
        `wait_for_experiment with experiment_id ${JSON.stringify(name)} and status FINISHED (start_execution first if it is READY), then compare again.`,
      );
    }
    return loaded.allRows();
  } catch (error) {
    if (isNotFound(error)) refuse(`unknown experiment "${name}": this user has no experiment of that name.`, "get_experiments lists the names.");
    throw error;
  }
}

const list = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(", ");

/** The task to compare: the one asked (in every experiment), or the only one they share. */
function chooseTask(sets: readonly { experiment: string; rows: readonly ResultRow[] }[], asked: string | undefined): string {
  const tasksOf = (rows: readonly ResultRow[]) => [...new Set(rows.map((r) => r.task).filter((t) => t !== ""))];
  const common = tasksOf(sets[0]!.rows).filter((t) => sets.every((s) => s.rows.some((r) => r.task === t)));
  const perExperiment = sets.map((s) => `${s.experiment}: ${list(tasksOf(s.rows)) || "none"}`).join("; ");
  if (asked !== undefined) {
    if (common.includes(asked)) return asked;
    const missing = sets.filter((s) => !s.rows.some((r) => r.task === asked)).map((s) => s.experiment);
    refuse(
      `task "${asked}" is not in every experiment (missing in ${list(missing)}). Tasks by experiment: ${perExperiment}.`,
      common.length > 0 ? `call again with task one of ${list(common)} (names as in get_experiment_results' tables).` : "compare experiments that ran the same task.",
    );
  }
  if (common.length === 1) return common[0]!;
  if (common.length === 0) refuse(`these experiments have no task in common. Tasks by experiment: ${perExperiment}.`, "compare experiments that ran the same task.");
  refuse(`they share ${common.length} tasks: say which.`, `call again with task one of ${list(common)}.`);
}

/** The field to compare: the one asked (numeric in the task's ok runs), or the task's average (avg_rtt...) when it has one. */
function chooseField(rows: readonly ResultRow[], task: string, asked: string | undefined): string {
  const numeric = chartCandidates(rows.filter((r) => r.task === task)).filter((c) => c.kind === "per-node").map((c) => c.field);
  const all = [...new Set(rows.filter((r) => r.task === task && r.state === "ok").flatMap((r) => Object.entries(r.fields).filter(([, x]) => typeof x === "number").map(([k]) => k)))];
  if (asked !== undefined) {
    if (all.includes(asked)) return asked;
    const known = rows.some((r) => r.task === task && asked in r.fields);
    refuse(
      known ? `field "${asked}" of task "${task}" is not numeric in any ok run.` : `task "${task}" has no field "${asked}".`,
      all.length > 0 ? `call again with field one of ${list(all)}.` : `task "${task}" returned no numbers: read its values with get_experiment_results.`,
    );
  }
  const preferred = numeric.find((f) => /^(avg|mean)/.test(f)) ?? (all.length === 1 ? all[0] : undefined);
  if (preferred !== undefined) return preferred;
  refuse(
    all.length === 0 ? `task "${task}" returned no numbers to compare.` : `task "${task}" has several numeric fields: say which.`,
    all.length === 0 ? "read its values with get_experiment_results." : `call again with field one of ${list(all)}.`,
  );
}

const figure = (x: number | null) => (x === null ? "-" : String(Number(x.toPrecision(6))));
const signed = (x: number | null) => (x === null ? "-" : `${x > 0 ? "+" : ""}${figure(x)}`);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Per experiment over its nodes with a value: count, mean, median. */
function perExperiment(comparison: Comparison) {
  return comparison.experiments.map((experiment, i) => {
    const values = comparison.rows.map((r) => r.values[i]).filter((x): x is number => typeof x === "number");
    const mean = values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
    return { experiment, nodes: values.length, mean, median: median(values) };
  });
}

const comparisonRowOutput = v.object({
  node: v.string(),
  values: v.pipe(v.array(v.nullable(v.number())), v.description("Per experiment (in the order given): the mean of the node's ok runs, or null.")),
  states: v.pipe(v.array(v.nullable(v.string())), v.description("Per experiment: the node's state for the task (null: the node is not in it).")),
  difference: v.pipe(v.nullable(v.number()), v.description("Last experiment's value − first's; null unless both are numbers.")),
});

export const compareExperimentsTool = defineTool({
  name: "compare_experiments",
  title: "Compare experiments' results",
  description:
    "Puts two or more FINISHED experiments side by side for one task and numeric field: one row per node with each experiment's value " +
    "and the difference last − first (e.g. Ping's avg_rtt before and after a change), and per experiment the mean and median over nodes. " +
    "task: as named in get_experiment_results' tables (default: the only task they share); field: default the task's average (avg_rtt). Nodes are paged.",
  annotations: READ_ONLY,
  input: v.strictObject({
    experiment_ids: v.pipe(
      v.array(experimentIdInput),
      v.minLength(2),
      v.maxLength(10),
      v.check((ids) => new Set(ids).size === ids.length, "each experiment once"),
      v.description("The experiments, in order (the difference is last − first)."),
    ),
    task: v.optional(v.pipe(v.string(), v.minLength(1), v.description('The task, as named in the results tables (e.g. "ping", "Ping #1").'))),
    field: v.optional(v.pipe(v.string(), v.minLength(1), v.description('A numeric field of its value (e.g. "avg_rtt", "packet_loss").'))),
    ...pagingEntries(50, 500),
  }),
  output: v.object({
    task: v.string(),
    field: v.string(),
    unit: v.nullable(v.string()),
    experiments: v.array(v.string()),
    per_experiment: v.array(v.object({ experiment: v.string(), nodes: v.number(), mean: v.nullable(v.number()), median: v.nullable(v.number()) })),
    rows: v.array(comparisonRowOutput),
    ...pageOutputEntries,
  }),
  async run(args, { client, signal }) {
    const sets = [];
    for (const experiment of args.experiment_ids) sets.push({ experiment, rows: await rowsOf(client, experiment, signal, args.offset === 0) });
    const task = chooseTask(sets, args.task);
    const field = chooseField(sets.flatMap((s) => s.rows), task, args.field);
    const comparison = compareExperiments(sets, task, field);
    const summary = perExperiment(comparison);
    const answer = fitPage(comparison.rows, args.offset, args.limit, ({ items, ...page }) => ({
      task, field, unit: comparison.unit, experiments: comparison.experiments, per_experiment: summary, rows: items, ...page,
    }));
    return { structured: answer, text: renderComparison(answer) };
  },
});

function renderComparison(answer: {
  task: string; field: string; unit: string | null; experiments: string[];
  per_experiment: { experiment: string; nodes: number; mean: number | null; median: number | null }[];
  rows: { node: string; values: (number | null)[]; states: (string | null)[]; difference: number | null }[];
  total: number; offset: number; has_more: boolean; next_offset: number | null;
}): string {
  const unit = answer.unit ? ` (${answer.unit})` : "";
  const header = ["node", ...answer.experiments, `difference (${answer.experiments.at(-1)} − ${answer.experiments[0]})`];
  const cell = (value: number | null, state: string | null) => (value !== null ? figure(value) : state === null ? "absent" : state);
  const lines = [
    `${answer.field}${unit} of task "${answer.task}" per node, ${answer.experiments.join(" vs ")}:`,
    `| ${header.join(" | ")} |`,
    `|${header.map(() => " --- ").join("|")}|`,
    ...answer.rows.map((r) => `| ${[r.node, ...r.values.map((x, i) => cell(x, r.states[i] ?? null)), signed(r.difference)].join(" | ")} |`),
    pageLine(answer, answer.rows.length, "nodes"),
    `over nodes: ${answer.per_experiment.map((e) => `${e.experiment} mean ${figure(e.mean)}, median ${figure(e.median)} (${e.nodes} node(s))`).join("; ")}`,
  ];
  return lines.join("\n");
}
