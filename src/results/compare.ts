/**
 * Two or more experiments side by side for one task and field: one row per node (every node of
 * any experiment, in first-seen order), a value per experiment and the difference last − first
 * (e.g. avg_rtt before and after a configuration change). Tasks match by display name, so
 * unnamed library tasks ("Ping #1") match across experiments although their UUIDs differ.
 */
import type { ResultRow, RowState } from "./types.js";

export interface ComparisonRow {
  node: string;
  /** Per experiment (in the order given): the mean of the node's ok runs of the task, or null. */
  values: (number | null)[];
  /** Per experiment: the node's state for the task ("ok" when any run gave a value; null when the node is not in it). */
  states: (RowState | null)[];
  /** values[last] − values[0], null unless both are numbers. */
  difference: number | null;
}

export interface Comparison {
  task: string;
  field: string;
  /** The field's unit, from the first row that has one (null when none does). */
  unit: string | null;
  experiments: string[];
  rows: ComparisonRow[];
}

export interface ExperimentRows {
  experiment: string;
  rows: readonly ResultRow[];
}

interface NodeValue {
  sum: number;
  count: number;
  state: RowState;
}

/** Per node: sum and count of the field's finite numbers in ok runs, and a state. */
function nodeValues(rows: readonly ResultRow[], task: string, field: string): Map<string, NodeValue> {
  const out = new Map<string, NodeValue>();
  for (const r of rows) {
    if (r.task !== task) continue;
    const entry = out.get(r.node) ?? { sum: 0, count: 0, state: r.state };
    const v = r.fields[field];
    if (r.state === "ok" && typeof v === "number" && Number.isFinite(v)) (entry.sum += v), entry.count++, (entry.state = "ok");
    else if (entry.count === 0 && entry.state === "ok") entry.state = r.state;
    out.set(r.node, entry);
  }
  return out;
}

/** Compares `field` of `task` across experiments (at least one; two or more to get differences). */
export function compareExperiments(sets: readonly ExperimentRows[], task: string, field: string): Comparison {
  const perExperiment = sets.map((s) => nodeValues(s.rows, task, field));
  const nodes: string[] = [];
  const seen = new Set<string>();
  for (const s of sets) for (const r of s.rows) if (r.task === task && !seen.has(r.node)) seen.add(r.node), nodes.push(r.node);
  const rows = nodes.map((node): ComparisonRow => {
    const entries = perExperiment.map((m) => m.get(node));
    const values = entries.map((e) => (e !== undefined && e.count > 0 ? e.sum / e.count : null));
    const first = values[0];
    const last = values.at(-1);
    const difference = values.length > 1 && typeof first === "number" && typeof last === "number" ? last - first : null;
    return { node, values, states: entries.map((e) => e?.state ?? null), difference };
  });
  let unit: string | null = null;
  for (const s of sets) unit ??= s.rows.find((r) => r.task === task && r.units[field] !== undefined)?.units[field] ?? null;
  return { task, field, unit, experiments: sets.map((s) => s.experiment), rows };
}
