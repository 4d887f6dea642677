/**
 * One experiment: status (live until FINISHED), deployments with their preparation state and
 * errors, start / cancel / delete (the last two after a confirmation step), flags and results.
 */
import { type ExperimentExecutionInformation, ExperimentStatus, NetunicornError } from "netunicorn";
import { badge, errorBox, h, messageOf, replace } from "./dom.js";
import { flagsPanel } from "./flags-panel.js";
import { renderResults } from "./results-view.js";
import { poll, type ViewContext } from "./view.js";

/** Polling period of one experiment's status. */
export const STATUS_POLL_MS = 700;

/** Inline confirmation: the question, a confirming and a keeping button; focus goes to "keep". */
function confirmStep(slot: HTMLElement, question: string, yes: string, action: () => Promise<void>): void {
  const keep = h("button", { type: "button" }, "Keep it");
  const go = h("button", { type: "button", class: "danger" }, yes);
  const box = h("div", { class: "confirm", role: "alertdialog", "aria-label": question }, h("p", {}, question), go, keep);
  keep.addEventListener("click", () => replace(slot));
  go.addEventListener("click", () => {
    go.disabled = true;
    action().catch((e: unknown) => replace(slot, errorBox(e)));
  });
  replace(slot, box);
  keep.focus();
}

function deploymentsTable(info: ExperimentExecutionInformation): HTMLElement {
  const rows = (info.experiment?.deploymentMap ?? []).map((d) =>
    h("tr", {}, h("th", { scope: "row" }, d.node.name), h("td", {}, d.prepared ? "prepared" : d.error ? "failed" : "not prepared"), h("td", {}, d.executorId || "—"),
      h("td", { class: d.error ? "error-text" : "" }, d.error ?? "none")),
  );
  return h("div", { class: "scroll" }, h("table", {}, h("caption", {}, "Deployments"),
    h("thead", {}, h("tr", {}, ...["Node", "Preparation", "Executor", "Error"].map((c) => h("th", { scope: "col" }, c)))), h("tbody", {}, ...rows)));
}

const signatureOf = (info: ExperimentExecutionInformation): string =>
  JSON.stringify([info.status, (info.experiment?.deploymentMap ?? []).map((d) => [d.prepared, d.error, d.executorId]), typeof info.executionResult === "string" ? info.executionResult : info.executionResult?.length]);

export function experimentView(ctx: ViewContext, name: string): void {
  const { client } = ctx.session;
  const status = h("span", { role: "status", "aria-live": "polite" }, "loading…");
  const actions = h("div", { class: "actions" });
  const confirm = h("div");
  const problem = h("div");
  const deployments = h("div");
  const results = h("section", { "aria-labelledby": "results-title" }, h("h2", { id: "results-title" }, "Results"), h("div", { class: "results" }, h("p", { class: "muted" }, "No results yet.")));
  const resultsBox = results.lastElementChild as HTMLElement;
  replace(ctx.root, h("h1", {}, "Experiment ", h("code", {}, name)), h("p", {}, "Status: ", status), actions, confirm, problem, deployments, results, flagsPanel(ctx, name));

  const cancel = h("button", { type: "button" }, "Cancel experiment");
  cancel.addEventListener("click", () => confirmStep(confirm, `Cancel experiment ${name}?`, "Yes, cancel it", async () => {
    await client.cancelExperiment(name);
    replace(confirm, h("p", {}, "Cancellation requested."));
  }));
  const remove = h("button", { type: "button", class: "danger" }, "Delete experiment");
  remove.addEventListener("click", () => confirmStep(confirm, `Delete experiment ${name}? This cannot be undone.`, "Yes, delete it", async () => {
    await client.deleteExperiment(name);
    ctx.announce(`Experiment ${name} deleted`);
    ctx.navigate("#experiments");
  }));
  const start = h("button", { type: "button" }, "Start execution");
  start.addEventListener("click", () => {
    start.disabled = true;
    client.startExecution(name).catch((e: unknown) => replace(problem, errorBox(e)));
  });

  let last = "";
  poll(ctx, STATUS_POLL_MS, async () => {
    let info: ExperimentExecutionInformation;
    try {
      info = await client.getExperimentStatus(name);
    } catch (error) {
      if (!ctx.left) replace(problem, errorBox(error));
      // Gone (deleted elsewhere): nothing more to follow.
      return NetunicornError.is(error) && (error as { status?: number }).status === 404;
    }
    if (ctx.left) return true;
    replace(problem);
    const now = signatureOf(info);
    if (now === last) return;
    last = now;
    replace(status, badge(info.statusName));
    const finished = info.status === ExperimentStatus.FINISHED;
    replace(actions, info.status === ExperimentStatus.READY ? start : null, finished ? null : cancel, remove);
    replace(deployments, deploymentsTable(info));
    if (typeof info.executionResult === "string") replace(resultsBox, h("pre", { class: "traceback", tabindex: 0 }, info.executionResult));
    else if (Array.isArray(info.executionResult)) await renderResults(resultsBox, info.executionResult, () => ctx.left).catch((e: unknown) => replace(resultsBox, h("p", { class: "error" }, messageOf(e))));
    if (finished) ctx.announce(`Experiment ${name} finished`);
    return finished;
  });
}
