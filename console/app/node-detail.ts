/**
 * The detail of an experiment's results, per node (a collapsible section, built when opened):
 * per task its runs with values as trees, failures with their traceback text, and the node's log
 * lines with a search. Results are decoded with decodeDeploymentResult (never executed: see
 * README "Pickles, safely"); sections are added a batch at a time so the page stays responsive.
 * Each node's badge is its state from the rows ("Running" while it has not reported: a missing
 * result is not a failure).
 */
import { type DecodedDeploymentResult, type DeploymentExecutionResult, type JsonValue, decodeDeploymentResult, toView } from "netunicorn";
import { badge, field, h, messageOf, nextFrame, replace } from "./dom.js";
import { renderTree } from "./tree.js";

/** Node sections added per frame. */
const BATCH = 20;
/** Log lines shown per page. */
const LOG_PAGE = 200;

/** The readable text of a failure: a traceback string, an exception's arguments, or the JSON. */
export function failureText(view: JsonValue): string {
  if (typeof view === "string") return view;
  if (view !== null && typeof view === "object" && !Array.isArray(view) && typeof view.$exception === "string") {
    const args = Array.isArray(view.args) ? view.args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))) : [];
    return `${view.$exception}: ${args.join(", ")}`;
  }
  return JSON.stringify(view, null, 2);
}

function runItem(taskName: string, index: number, ok: boolean, view: JsonValue): HTMLElement {
  const label = `run ${index + 1}`;
  return h(
    "li",
    { class: ok ? "run" : "run failed" },
    h("span", { class: "run-head" }, `${label} `, badge(ok ? "Success" : "Failure")),
    ok ? renderTree(view, `${taskName} ${label}`) : h("pre", { class: "traceback", tabindex: 0, "aria-label": `Failure of ${taskName} ${label}` }, failureText(view)),
  );
}

function logsPanel(node: string, logs: readonly string[]): HTMLElement {
  const search = h("input", { type: "search", autocomplete: "off" });
  const list = h("ol", { class: "logs" });
  const count = h("p", { class: "muted", "aria-live": "polite" });
  const more = h("button", { type: "button", class: "link", hidden: true }, "show more lines");
  let matches: string[] = [];
  let shown = 0;
  const page = (): void => {
    for (const line of matches.slice(shown, shown + LOG_PAGE)) list.append(h("li", {}, line.replace(/\n$/, "")));
    shown = Math.min(matches.length, shown + LOG_PAGE);
    more.hidden = shown >= matches.length;
  };
  const filter = (): void => {
    const q = search.value.toLowerCase();
    matches = q === "" ? [...logs] : logs.filter((l) => l.toLowerCase().includes(q));
    shown = 0;
    list.replaceChildren();
    count.textContent = `${matches.length} of ${logs.length} lines`;
    page();
  };
  search.addEventListener("input", filter);
  more.addEventListener("click", page);
  filter();
  return h("details", { class: "logs-panel" }, h("summary", {}, `Logs (${logs.length} lines)`), field(`Search the logs of ${node}`, search), count, list, more);
}

/** The body of one node's section; `taskNames` gives a task key's display name (a Ping's UUID key → "ping-1"). */
function nodeBody(decoded: DecodedDeploymentResult, node: string, taskNames: ReadonlyMap<string, string>): HTMLElement {
  const body = h("div", { class: "node-body" });
  try {
    if (decoded.error !== null) body.append(h("h4", {}, "Deployment error"), h("pre", { class: "traceback", tabindex: 0 }, decoded.error));
    else if (decoded.value === null) body.append(h("p", { class: "muted" }, "No result from this node yet."));
    const tasks = [...decoded.tasks];
    if (tasks.length === 0 && decoded.value !== null) body.append(h("h4", {}, "Result"), decoded.ok ? renderTree(toView(decoded.value), "result") : h("pre", { class: "traceback", tabindex: 0 }, failureText(toView(decoded.value))));
    for (const [key, runs] of tasks) {
      const task = taskNames.get(key) ?? key;
      const heading = h("h4", {}, task, task === key ? null : h("small", { class: "muted" }, ` (key ${key})`));
      body.append(h("section", { class: "task" }, heading, h("ul", { class: "runs" }, ...runs.map((run, i) => runItem(task, i, run.ok, toView(run.value))))));
    }
    if (decoded.value !== null) body.append(h("div", { class: "whole" }, renderTree(toView(decoded.value), "whole result (JSON view)")));
    body.append(logsPanel(node, decoded.logs));
  } catch (error) {
    body.append(h("p", { class: "error", role: "alert" }, `Could not decode the result of ${node}: ${messageOf(error)}`));
  }
  return body;
}

/** What a node's summary line says: its state (from the rows) and a short note. */
export interface NodeHeadline {
  state: string;
  note: string;
}

function nodeSection(result: DeploymentExecutionResult, headline: NodeHeadline, open: Set<string>, taskNames: ReadonlyMap<string, string>): HTMLElement {
  const name = result.node.name;
  const decoded = decodeDeploymentResult({ node: result.node, result: result.result, error: result.error });
  const details = h("details", { class: "node-result" }, h("summary", {}, h("strong", {}, name), " ", badge(headline.state), h("span", { class: "muted" }, ` ${headline.note}`)));
  let built = false;
  details.addEventListener("toggle", () => {
    if (details.open) open.add(name);
    else open.delete(name);
    if (built || !details.open) return;
    built = true;
    details.append(nodeBody(decoded, name, taskNames));
  });
  if (open.has(name)) details.open = true;
  return details;
}

/**
 * Renders every deployment's result into `container`, BATCH sections per frame; sections whose
 * node is in `open` start open (so a new status keeps what the reader opened). Resolves when all are in.
 */
export async function renderNodeDetails(container: HTMLElement, results: readonly DeploymentExecutionResult[], headlines: ReadonlyMap<string, NodeHeadline>,
  taskNames: ReadonlyMap<string, string>, open: Set<string>, isStale: () => boolean = () => false): Promise<void> {
  replace(container);
  for (let i = 0; i < results.length; i += BATCH) {
    if (isStale()) return;
    for (const result of results.slice(i, i + BATCH)) container.append(nodeSection(result, headlines.get(result.node.name) ?? { state: "Unknown", note: "" }, open, taskNames));
    if (i + BATCH < results.length) await nextFrame();
  }
}
