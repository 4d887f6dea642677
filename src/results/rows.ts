/**
 * Tidy rows: an experiment's status and results as one row per node × task × run (see types.ts).
 * Every deployment gets rows, also while nothing has come back: a node with no result yet reads
 * "not finished", never "failed".
 */
import type { JsonValue } from "../json.js";
import type { DeploymentExecutionResult, ExperimentExecutionInformation } from "../model/status.js";
import type { Deployment } from "../model/deployment.js";
import type { PickleLimits } from "../pickle/limits.js";
import { decodeDeploymentResult, type DecodedTaskRun } from "../pickle/results.js";
import { columnsOf, isJsonObject, recordEntries, cellOf } from "./columns.js";
import { GraphTaskCache } from "./graph-cache.js";
import type { GraphTaskInfo } from "./graph-tasks.js";
import type { Cell, ResultRow, RowState, SeriesPoint } from "./types.js";

export interface ResultRowsOptions {
  /** The experiment's name, written in every row (the status body does not carry it). */
  experiment?: string;
  /** Limits for decoding the result and graph pickles. */
  limits?: Partial<PickleLimits>;
}

// netunicorn's status numbers (model/status.ts), kept here so this entry point needs no model code
const FINISHED = 4;
// What netunicorn writes as a deployment's error after a cancel.
const STOPPED = "Executor was stopped";

/** One deployment's node, graph and (maybe) result, matched by node name. */
interface Unit {
  node: string;
  architecture: string;
  deployment: Deployment | undefined;
  result: DeploymentExecutionResult | undefined;
}

/** Deployments in the experiment's order, each with its result; results without a deployment after them. */
function units(info: ExperimentExecutionInformation): Unit[] {
  const results = Array.isArray(info.executionResult) ? info.executionResult : [];
  // node name → its results in order (a node may carry several deployments)
  const byNode = new Map<string, DeploymentExecutionResult[]>();
  for (const r of results) {
    const list = byNode.get(r.node.name);
    if (list === undefined) byNode.set(r.node.name, [r]);
    else list.push(r);
  }
  const used = new Set<DeploymentExecutionResult>();
  const out: Unit[] = [];
  for (const deployment of info.experiment?.deploymentMap ?? []) {
    const result = byNode.get(deployment.node.name)?.shift();
    if (result !== undefined) used.add(result);
    out.push({ node: deployment.node.name, architecture: String(deployment.node.architecture ?? ""), deployment, result });
  }
  for (const result of results) {
    if (!used.has(result)) out.push({ node: result.node.name, architecture: String(result.node.architecture ?? ""), deployment: undefined, result });
  }
  return out;
}

/** The state of every task of a deployment that has no run of it. */
function stateWithoutRun(info: ExperimentExecutionInformation, unit: Unit): { state: RowState; error: string | null } {
  const error = unit.result?.error ?? unit.deployment?.error ?? null;
  if (unit.deployment?.prepared === false && error !== null) return { state: "preparation failed", error };
  if (error === STOPPED) return { state: "cancelled", error };
  if (typeof info.executionResult === "string") return { state: "failed", error: info.executionResult };
  // A node that has reported (a result or an error) runs nothing more, even while others go on.
  const reported = unit.result !== undefined && (unit.result.result !== null || unit.result.error !== null);
  if (info.status !== FINISHED && !reported) return { state: "not finished", error: null };
  if (unit.result === undefined) return { state: "not run", error: null };
  if (error !== null && unit.result.result === null) return { state: "failed", error };
  return { state: "not run", error: null };
}

class RowBuilder {
  readonly rows: ResultRow[] = [];
  readonly graphs: GraphTaskCache;
  constructor(readonly info: ExperimentExecutionInformation, readonly options: ResultRowsOptions) {
    this.graphs = new GraphTaskCache(options.limits);
  }

  row(unit: Unit, task: GraphTaskInfo, run: number, state: RowState, error: string | null, value?: DecodedTaskRun): void {
    const columns = value === undefined ? { fields: {}, units: {}, value: null } : columnsOf(value.value);
    // a traceback text is the row's error, not a column
    if (state === "failed" && typeof value?.value === "string") columns.fields = {};
    this.rows.push({
      experiment: this.options.experiment ?? "", node: unit.node, architecture: unit.architecture,
      task: task.display, taskId: task.id, taskClass: task.taskClass, run, state, error, ...columns,
    });
  }

  tasksOf(unit: Unit): GraphTaskInfo[] {
    const bytes = graphBytes(unit);
    return bytes === undefined ? [] : this.graphs.tasks(bytes);
  }

  add(unit: Unit): void {
    const tasks = this.tasksOf(unit);
    const runs = this.runsOf(unit);
    if (runs instanceof Error) {
      const error = `resultRows: the result of node ${unit.node} could not be decoded: ${runs.message}`;
      for (const task of tasks.length > 0 ? tasks : [NO_TASK]) this.row(unit, task, 0, "failed", error);
      return;
    }
    const missing = stateWithoutRun(this.info, unit);
    for (const task of tasks) {
      const taskRuns = runs.get(task.id);
      if (taskRuns === undefined) this.row(unit, task, 0, missing.state, missing.error);
      else this.runRows(unit, task, taskRuns);
    }
    const known = new Set(tasks.map((t) => t.id));
    for (const [id, taskRuns] of runs) if (!known.has(id)) this.runRows(unit, { id, taskClass: null, display: id }, taskRuns);
    if (tasks.length === 0 && runs.size === 0) this.row(unit, NO_TASK, 0, missing.state, missing.error);
  }

  runRows(unit: Unit, task: GraphTaskInfo, runs: readonly DecodedTaskRun[]): void {
    runs.forEach((run, i) => this.row(unit, task, i, run.ok ? "ok" : "failed", run.ok ? null : errorText(run), run));
  }

  runsOf(unit: Unit): ReadonlyMap<string, readonly DecodedTaskRun[]> | Error {
    const result = unit.result;
    if (result === undefined || result.result === null) return new Map();
    try {
      return decodeDeploymentResult(result, this.options.limits).tasks;
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }
}

/** A row for a deployment whose graph names no task (unreadable graph, nothing ran). */
const NO_TASK: GraphTaskInfo = { id: "", taskClass: null, display: "" };

function graphBytes(unit: Unit): Uint8Array | undefined {
  try {
    return unit.result?.executionGraph ?? unit.deployment?.executionGraph;
  } catch {
    return undefined; // bad base64: the rows go without task names
  }
}

/** A Failure's text: a traceback as it is, anything else as the JSON of its view. */
function errorText(run: DecodedTaskRun): string {
  if (typeof run.value === "string") return run.value;
  return JSON.stringify(columnsOf(run.value).value);
}

/**
 * One row per node × task × run of an experiment's status (`client.getExperimentStatus(name)`).
 * Tasks come in graph order with their display names; tasks the node never reached get a row
 * saying why ("not finished", "not run", "cancelled", "preparation failed").
 */
export function resultRows(info: ExperimentExecutionInformation, options: ResultRowsOptions = {}): ResultRow[] {
  const builder = new RowBuilder(info, options);
  for (const unit of units(info)) builder.add(unit);
  return builder.rows;
}

/** The nested lists of a row's value: [field, list] pairs (a value that is itself a list is field "value"). */
export function rowLists(value: JsonValue): [string, JsonValue[]][] {
  if (Array.isArray(value)) return [["value", value]];
  const out: [string, JsonValue[]][] = [];
  for (const [field, x] of recordEntries(value) ?? []) if (Array.isArray(x)) out.push([field, x]);
  return out;
}

/**
 * Calls `visit` for each item of the nested lists of a row's value: a scalar item as (field, index,
 * cell), a record item once per numeric sub-field as ("field.sub", index, number).
 */
export function forEachSeriesItem(value: JsonValue, visit: (field: string, index: number, cell: Cell) => void): void {
  for (const [field, list] of rowLists(value)) {
    for (let index = 0; index < list.length; index++) {
      const item = list[index]!;
      const cell = cellOf(item);
      if (cell !== undefined) {
        visit(field, index, cell);
        continue;
      }
      const entries = isJsonObject(item) ? recordEntries(item) : undefined;
      if (entries === undefined) continue;
      for (const [sub, x] of entries) if (typeof x === "number") visit(`${field}.${sub}`, index, x);
    }
  }
}

/** Long-form points of the nested lists in rows' values (per-packet RTTs…), for charts. */
export function seriesPoints(rows: readonly ResultRow[]): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const row of rows) {
    forEachSeriesItem(row.value, (field, index, value) => {
      points.push({ experiment: row.experiment, node: row.node, task: row.task, run: row.run, field, index, value });
    });
  }
  return points;
}
