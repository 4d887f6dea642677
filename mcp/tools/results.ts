/** get_experiment_results: decoded per-task results, failures and logs, paged by deployment. */
import * as v from "valibot";
import { fitPage, pageLine, pageOutputEntries, pagingEntries } from "../answers/paging.js";
import { loadResults } from "../answers/results-source.js";
import { columnSummaryOutput, cutCellsNote, renderTables, rowOutput, rowsOut, summaryOfTasks } from "../answers/results-table.js";
import { type DeploymentResultOut, type ResultLimits, deploymentResult, deploymentResultOutput, renderDeployment } from "../answers/results-view.js";
import { nextStep, statusNameOutput } from "../answers/status-view.js";
import { READ_ONLY, defineTool } from "./tool.js";
import { statusName } from "../answers/wire-view.js";
import { brief } from "../answers/brief.js";
import { experimentIdInput } from "../experiment-spec/schema.js";

export const getExperimentResults = defineTool({
  name: "get_experiment_results",
  title: "Read an experiment's results",
  description:
    "Decodes the results of a FINISHED experiment (safely: nothing is executed; before FINISHED it says what to call): for each deployment (node), whether it succeeded, " +
    "each task's runs with success/failure and returned value (failures carry the Python traceback text), and the executor's log lines. " +
    "The text gives per task a table (node | state | fields, e.g. Ping's avg_rtt) and a summary line (min, median, p95, max, mean over all nodes); structuredContent has the rows. " +
    "Paged by deployment; values longer than max_value_chars and logs beyond max_log_lines are cut, with a note. " +
    "Use `node` to read one node, `only_failures` to see what went wrong. Every row: resource netunicorn://experiments/{name}/results.csv; a chart: .../chart.svg.",
  annotations: READ_ONLY,
  input: v.strictObject({
    experiment_id: experimentIdInput,
    node: v.optional(v.pipe(v.string(), v.description("Only the deployment on this node."))),
    only_failures: v.optional(v.pipe(v.boolean(), v.description("Only deployments that failed or have an error.")), false),
    max_value_chars: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(50), v.maxValue(20_000), v.description("Longest JSON text of one returned value (default 2000).")),
      2000,
    ),
    max_log_lines: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2000), v.description("Log lines per deployment (default 40: the last ones).")),
      40,
    ),
    log_offset: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(0), v.description("First log line to return (default: the last max_log_lines lines).")),
    ),
    ...pagingEntries(10, 100),
  }),
  output: v.object({
    experiment_id: v.string(),
    status_name: statusNameOutput,
    finished: v.pipe(v.boolean(), v.description("False before FINISHED: there are no results to read yet (see next_step).")),
    next_step: v.string(),
    execution_error: v.nullable(v.string()),
    result_count: v.pipe(v.number(), v.description("Deployments in the execution result (after the node filter).")),
    failed_deployments: v.pipe(v.number(), v.description("Of those, the ones that failed or carry an error.")),
    deployments: v.array(deploymentResultOutput),
    rows: v.pipe(v.array(rowOutput), v.description("The page's deployments, one row per node × task × run.")),
    summary: v.pipe(v.array(columnSummaryOutput), v.description("Per task of the page and numeric field, over every listed deployment.")),
    notes: v.pipe(v.array(v.string()), v.description("What was cut in rows and tables, and how to get the rest.")),
    ...pageOutputEntries,
  }),
  async run(args, { client, signal }) {
    // A walk starts at offset 0: fetched then; its later pages read the copy kept while FINISHED.
    const loaded = await loadResults(client, args.experiment_id, signal, args.offset === 0);
    const status = loaded.status;
    const name = statusName(status.status);
    const finished = !UNFINISHED.has(name);
    const limits: ResultLimits = { maxValueChars: args.max_value_chars, maxLogLines: args.max_log_lines, logOffset: args.log_offset };
    // Before FINISHED the rows hold no results yet (they read as failures): none are shown.
    const { indexes, failed, summary } = finished ? loaded.listing(args.node) : { indexes: [], failed: [], summary: [] };
    const executionError = typeof status.execution_result === "string" ? brief(status.execution_result, 4000) : null;
    // Only the page's deployments are shaped (decoded at most once, however often fitPage shrinks the page).
    const shaped = new Map<number, DeploymentResultOut>();
    const shape = (i: number) => shaped.get(i) ?? shaped.set(i, deploymentResult(loaded.results[i]!, limits)).get(i)!;
    let shown: number[] = [];
    const answer = fitPage(args.only_failures ? failed : indexes, args.offset, args.limit, ({ items, ...page }) => {
      shown = items;
      const perDeployment = items.map((i) => rowsOut(loaded.rowsOf(i), args.max_value_chars));
      const rows = { rows: perDeployment.flatMap((r) => r.rows), cut: perDeployment.reduce((sum, r) => sum + r.cut, 0) };
      const pageSummary = summaryOfTasks(summary, new Set(rows.rows.map((r) => r.task)));
      return {
        experiment_id: args.experiment_id,
        status_name: name,
        finished,
        next_step: finished ? nextStep(status.status, indexes.length > 0) : notFinishedStep(args.experiment_id, name),
        execution_error: executionError,
        result_count: indexes.length,
        failed_deployments: failed.length,
        deployments: items.map(shape),
        rows: rows.rows,
        summary: pageSummary.shown,
        notes: [...(rows.cut > 0 ? [cutCellsNote(rows.cut, args.max_value_chars)] : []), ...pageSummary.notes],
        ...page,
      };
    });
    const tables = renderTables(loaded.rowsAt(shown), summary, indexes.length, args.max_value_chars);
    return { structured: answer, text: renderResults(answer, tables, args.max_value_chars) };
  },
});

const UNFINISHED: ReadonlySet<string> = new Set(["PREPARING", "READY", "RUNNING"]);

function notFinishedStep(id: string, status: string): string {
  const wait = `call wait_for_experiment with experiment_id ${JSON.stringify(id)} and status FINISHED, then get_experiment_results again`;
  if (status === "RUNNING") return `It is still running: ${wait}.`;
  return `It has not run yet: ${status === "READY" ? "call start_execution" : "wait_for_experiment with status READY, then start_execution"}, then ${wait.replace(/^call /, "")}.`;
}

type ResultsAnswer = {
  experiment_id: string;
  status_name: string;
  finished: boolean;
  next_step: string;
  execution_error: string | null;
  result_count: number;
  failed_deployments: number;
  deployments: Parameters<typeof renderDeployment>[0][];
  total: number;
  offset: number;
  has_more: boolean;
  next_offset: number | null;
};

/** Header, paging line, per task the table and summary, then per deployment its verdict, failures and logs. */
function renderResults(answer: ResultsAnswer, tables: { lines: string[]; cut: number }, maxValueChars: number): string {
  if (!answer.finished) return `${answer.experiment_id} is ${answer.status_name}, not finished: no results yet. ${answer.next_step}`;
  const head = `${answer.experiment_id} (${answer.status_name}): ${answer.failed_deployments} of ${answer.result_count} deployments failed or have errors.`;
  const lines = [head];
  if (answer.execution_error) lines.push(`execution error: ${answer.execution_error}`);
  if (answer.result_count === 0 && !answer.execution_error) {
    lines.push("No results.");
  }
  lines.push(pageLine(answer, answer.deployments.length, "deployments"));
  lines.push(...tables.lines);
  if (tables.cut > 0) lines.push(`note: ${cutCellsNote(tables.cut, maxValueChars)}`);
  lines.push(...answer.deployments.map(renderDeployment));
  return lines.join("\n");
}
