/**
 * An experiment's results: it opens on one task's table (a row per node) and the chart of its
 * numeric fields, with a task picker, downloads (CSV, JSON Lines) and the per-node tree below
 * for detail. Rows come from netunicorn/results; only the chosen task's table and chart are
 * built. Honest states: while RUNNING a node that has not reported says so, never "Failure".
 * The panel keeps the reader's choices (task, chart, order, open nodes) across statuses.
 */
import { type ExperimentExecutionInformation, ExperimentStatus } from "netunicorn";
import type { ResultRow } from "netunicorn/results";
import { compareHash } from "./compare-view.js";
import type { TableSort } from "./data-table.js";
import { field, h, replace, uid } from "./dom.js";
import { type NodeHeadline, renderNodeDetails } from "./node-detail.js";
import { resultChart } from "./result-chart.js";
import { resultTable } from "./result-table.js";
import { countsText, nodeState, RUNNING_TEXT, rowsInSlices, tasksOf } from "./results-data.js";
import { downloadButtons } from "./results-download.js";

/** Nodes read before a big experiment's first look (a page of the table). */
const FIRST_LOOK_NODES = 100;

export interface ResultsPanel {
  element: HTMLElement;
  /** Shows a newer status (rows are computed in slices; a later call makes an earlier one stop). */
  update(info: ExperimentExecutionInformation): Promise<void>;
}

/** Per node: its badge and note, from its rows. */
function headlinesOf(rows: readonly ResultRow[], status: ExperimentStatus): Map<string, NodeHeadline> {
  const byNode = new Map<string, ResultRow[]>();
  for (const row of rows) {
    const own = byNode.get(row.node);
    if (own === undefined) byNode.set(row.node, [row]);
    else own.push(row);
  }
  const out = new Map<string, NodeHeadline>();
  for (const [node, own] of byNode) {
    const state = nodeState(own.map((r) => r.state), status);
    const tasks = new Set(own.filter((r) => r.task !== "").map((r) => r.task)).size;
    out.set(node, { state, note: state === "Running" ? RUNNING_TEXT : `${tasks} task${tasks === 1 ? "" : "s"}` });
  }
  return out;
}

/** Key of a task's results (task display name) → display name, for the tree's headings. */
function taskNamesOf(rows: readonly ResultRow[]): Map<string, string> {
  return new Map(rows.filter((r) => r.taskId !== "").map((r) => [r.taskId, r.task]));
}

/** "RUNNING: 1 of 3 nodes reported; results arrive when each node finishes." */
function progressText(rows: readonly ResultRow[], status: ExperimentStatus): string {
  const nodes = new Set(rows.map((r) => r.node));
  const pending = new Set(rows.filter((r) => r.state === "not finished").map((r) => r.node));
  if (status === ExperimentStatus.RUNNING) return `Running: ${nodes.size - pending.size} of ${nodes.size} nodes reported; results arrive when each node finishes.`;
  return `${nodes.size} node${nodes.size === 1 ? "" : "s"}, ${tasksOf(rows).length} task${tasksOf(rows).length === 1 ? "" : "s"}.`;
}

/** The panel's parts: filled by resultsPanel as statuses arrive. */
function skeleton(experiment: string, rows: () => readonly ResultRow[]) {
  const progress = h("p", { class: "muted", role: "status" }, "No results yet.");
  const problem = h("div");
  const picker = h("select", { id: uid("task") });
  const taskCounts = h("p", { class: "muted" });
  const table = h("div", { class: "result-table-box" });
  const chart = h("div");
  const details = h("div", { class: "node-details" });
  const tools = h("div", { class: "results-tools", hidden: true },
    downloadButtons(experiment, rows), h("a", { href: compareHash(experiment) }, "Compare this experiment with others"));
  const body = h("div", { hidden: true }, h("div", { class: "filters" }, field("Task", picker)), taskCounts, table, chart,
    h("h3", {}, "Detail per node"), details);
  const element = h("section", { "aria-labelledby": "results-title", class: "results" }, h("h2", { id: "results-title" }, "Results"), progress, tools, problem, body);
  return { element, progress, problem, picker, taskCounts, table, chart, details, tools, body };
}

export function resultsPanel(isLeft: () => boolean, experiment: string): ResultsPanel {
  const chosen: { task?: string; chart?: string; sort: TableSort | null } = { sort: null };
  const open = new Set<string>();
  let rows: ResultRow[] = [];
  let status: ExperimentStatus = ExperimentStatus.UNKNOWN;
  let generation = 0;
  const { element, progress, problem, picker, taskCounts, table, chart, details, tools, body } = skeleton(experiment, () => rows);

  /** Builds the chosen task's table and chart only (other tasks are built when picked). */
  const showTask = (): void => {
    const task = chosen.task ?? "";
    const own = rows.filter((r) => r.task === task);
    // Keyboard focus on a sort button survives the new table (a status arriving mid-reading).
    const focused = table.contains(document.activeElement) ? (document.activeElement as HTMLElement).textContent : null;
    taskCounts.textContent = countsText(own, status);
    replace(table, resultTable(own, task, status, chosen));
    replace(chart, resultChart(own, chosen));
    if (focused !== null) [...table.querySelectorAll<HTMLElement>("button.sort")].find((b) => b.textContent === focused)?.focus();
  };
  picker.addEventListener("change", () => {
    chosen.task = picker.value;
    showTask();
  });

  /** Shows these rows: the task picker, the chosen task's table and chart, and (all rows in) the downloads. */
  const show = (next: ResultRow[], said: string, complete: boolean): void => {
    rows = next;
    const tasks = tasksOf(rows);
    if (chosen.task === undefined || !tasks.includes(chosen.task)) chosen.task = tasks[0];
    replace(picker, ...tasks.map((t) => h("option", { value: t, selected: t === chosen.task }, t)));
    progress.textContent = said;
    tools.hidden = !complete || rows.length === 0;
    body.hidden = tasks.length === 0;
    if (tasks.length > 0) showTask();
  };

  const update = async (info: ExperimentExecutionInformation): Promise<void> => {
    const mine = ++generation;
    const stale = (): boolean => isLeft() || mine !== generation;
    status = info.status;
    replace(problem, typeof info.executionResult === "string" ? h("pre", { class: "traceback", tabindex: 0, "aria-label": "Execution error" }, info.executionResult) : null);
    const started = status === ExperimentStatus.RUNNING || status === ExperimentStatus.FINISHED || info.executionResult !== null;
    if (!started) {
      progress.textContent = "No results yet: the experiment has not started.";
      return;
    }
    // A first look while a big experiment's rows are still being read (once: later statuses keep
    // the complete table until the next one is complete).
    let early = rows.length === 0;
    const next = await rowsInSlices(info, experiment, stale, (part, nodes, of) => {
      if (!early || nodes < FIRST_LOOK_NODES) return;
      early = false;
      show([...part], `Reading the results: ${nodes} of ${of} nodes so far…`, false);
    });
    if (next === null || stale()) return;
    show(next, progressText(next, status), true);
    const results = Array.isArray(info.executionResult) ? info.executionResult : [];
    if (results.length === 0) return replace(details, h("p", { class: "muted" }, status === ExperimentStatus.RUNNING ? `No node has reported yet: ${RUNNING_TEXT}.` : "No deployment results."));
    await renderNodeDetails(details, results, headlinesOf(rows, status), taskNamesOf(rows), open, stale);
  };
  return { element, update };
}
