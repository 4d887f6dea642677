/**
 * One experiment: status (live until FINISHED), deployments with their preparation state and
 * errors, start / cancel / delete (the last two after a confirmation step), flags and results.
 */
import { type ExperimentExecutionInformation, ExperimentStatus, NetunicornError } from "netunicorn";
import { badge, errorBox, h, messageOf, replace } from "./dom.js";
import { flagsPanel } from "./flags-panel.js";
import type { ResultsPanel } from "./results-view.js";
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

/** Which nodes have reported (a result or an error): a new one changes the results shown. */
const reportedOf = (info: ExperimentExecutionInformation): string | boolean[] | undefined =>
  typeof info.executionResult === "string" ? info.executionResult : info.executionResult?.map((r) => r.error !== null || r.result !== null);

const signatureOf = (info: ExperimentExecutionInformation): string =>
  JSON.stringify([info.status, (info.experiment?.deploymentMap ?? []).map((d) => [d.prepared, d.error, d.executorId]), reportedOf(info)]);

/** The results panel, loaded with the results code (netunicorn/results) on the first status. */
let panelModule: Promise<typeof import("./results-view.js")> | undefined;
const loadPanel = (): Promise<typeof import("./results-view.js")> =>
  (panelModule ??= import("./results-view.js").catch((error: unknown) => {
    panelModule = undefined; // a failed load (network) is tried again on the next status
    throw error;
  }));

export function experimentView(ctx: ViewContext, name: string): void {
  const { client } = ctx.session;
  const status = h("span", { role: "status", "aria-live": "polite" }, "loading…");
  const actions = h("div", { class: "actions" });
  const confirm = h("div");
  const problem = h("div");
  const deployments = h("div");
  const results = h("div", {}, h("h2", {}, "Results"), h("p", { class: "muted" }, "Loading…"));
  let panel: ResultsPanel | undefined;
  replace(ctx.root, h("h1", {}, "Experiment ", h("code", {}, name)), h("p", {}, "Status: ", status), actions, confirm, problem, results, deployments, flagsPanel(ctx, name));

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

  // The results code loads while the first status is on its way.
  void loadPanel().catch(() => undefined);
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
    const finished = info.status === ExperimentStatus.FINISHED;
    replace(deployments, deploymentsTable(info));
    try {
      if (panel === undefined) {
        panel = (await loadPanel()).resultsPanel(() => ctx.left, name);
        if (ctx.left) return true;
        results.replaceWith(panel.element);
      }
      await panel.update(info);
    } catch (e) {
      replace(problem, h("p", { class: "error", role: "alert" }, `Results: ${messageOf(e)}`));
    }
    if (ctx.left) return true;
    // The status changes once the results below show it (never "FINISHED" above stale rows).
    replace(status, badge(info.statusName));
    replace(actions, info.status === ExperimentStatus.READY ? start : null, finished ? null : cancel, remove);
    if (finished) ctx.announce(`Experiment ${name} finished`);
    return finished;
  });
}
