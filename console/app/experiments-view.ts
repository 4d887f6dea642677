/** Experiments: status, deployments, errors and preparation state, refreshed live by polling. */
import { decodeDeploymentResult, type ExperimentExecutionInformation } from "netunicorn";
import { badge, errorBox, h, replace } from "./dom.js";
import { experimentHash, poll, type ViewContext } from "./view.js";

/** Polling period of the list. */
export const LIST_POLL_MS = 1500;

function errorsOf(info: ExperimentExecutionInformation): string[] {
  const errors = (info.experiment?.deploymentMap ?? []).flatMap((d) => (d.error ? [`${d.node.name}: ${d.error}`] : []));
  if (typeof info.executionResult === "string") errors.unshift(info.executionResult);
  if (Array.isArray(info.executionResult)) for (const r of info.executionResult) if (r.error) errors.push(`${r.node.name}: ${r.error}`);
  return errors;
}

/**
 * "2 succeeded, 1 failed" once there are results, and "… 3 running" for nodes that have not
 * reported yet (no result is not a failure). Decoded once per experiment and reported count.
 */
const outcomes = new Map<string, string>();
function outcomeOf(name: string, info: ExperimentExecutionInformation): string {
  const results = info.executionResult;
  if (!Array.isArray(results)) return "—";
  const reported = results.filter((r) => r.result !== null || r.error !== null);
  const running = results.length - reported.length;
  const key = `${name}\u0000${results.length}\u0000${reported.length}`;
  let text = outcomes.get(key);
  if (text === undefined) {
    let ok = 0;
    for (const r of reported) {
      try {
        if (decodeDeploymentResult({ node: r.node, result: r.result, error: r.error }).ok) ok++;
      } catch {
        // undecodable: counted as not succeeded
      }
    }
    text = `${ok} succeeded, ${reported.length - ok} failed${running > 0 ? `, ${running} running` : ""}`;
    outcomes.set(key, text);
  }
  return text;
}

function row(name: string, info: ExperimentExecutionInformation): HTMLElement {
  const deployments = info.experiment?.deploymentMap ?? [];
  const prepared = deployments.filter((d) => d.prepared).length;
  const errors = errorsOf(info);
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, h("a", { href: experimentHash(name) }, name)),
    h("td", {}, badge(info.statusName)),
    h("td", {}, `${deployments.length} (${prepared} prepared)`),
    h("td", {}, deployments.map((d) => d.node.name).join(", ") || "—"),
    h("td", {}, outcomeOf(name, info)),
    h("td", { class: errors.length > 0 ? "error-text" : "" }, errors.length === 0 ? "none" : errors.join("; ").slice(0, 300)),
  );
}

/** A text that changes whenever anything shown changes (so unchanged polls keep the DOM as is). */
function signature(experiments: Map<string, ExperimentExecutionInformation>): string {
  const reported = (info: ExperimentExecutionInformation): number | null =>
    Array.isArray(info.executionResult) ? info.executionResult.filter((r) => r.result !== null || r.error !== null).length : null;
  return JSON.stringify([...experiments].map(([name, info]) => [name, info.status, (info.experiment?.deploymentMap ?? []).map((d) => [d.prepared, d.error]), errorsOf(info), reported(info)]));
}

export function experimentsView(ctx: ViewContext): void {
  const body = h("tbody");
  const live = h("p", { class: "muted" }, "Loading experiments…");
  const problem = h("div");
  const table = h("div", { class: "scroll" }, h("table", {}, h("caption", { class: "sr-only" }, "Experiments"),
    h("thead", {}, h("tr", {}, ...["Name", "Status", "Deployments", "Nodes", "Results", "Errors"].map((c) => h("th", { scope: "col" }, c)))), body));
  replace(ctx.root, h("div", { class: "title-row" }, h("h1", {}, "Experiments"), h("a", { href: "#launch", class: "button" }, "Launch an experiment")), live, problem, table);
  let last = "";
  poll(ctx, LIST_POLL_MS, async () => {
    try {
      const experiments = await ctx.session.client.getExperiments();
      if (ctx.left) return true;
      replace(problem);
      live.textContent = `${experiments.size} experiment${experiments.size === 1 ? "" : "s"} · refreshes every ${LIST_POLL_MS / 1000} s · last ${new Date().toLocaleTimeString()}`;
      const now = signature(experiments);
      if (now === last) return;
      last = now;
      const rows = [...experiments].sort(([a], [b]) => a.localeCompare(b)).map(([name, info]) => row(name, info));
      replace(body, ...(rows.length > 0 ? rows : [h("tr", {}, h("td", { colspan: 6 }, "No experiments yet."))]));
    } catch (error) {
      if (!ctx.left) replace(problem, errorBox(error));
    }
  });
}
