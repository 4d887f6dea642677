/** Compact views of an experiment's status (ExperimentExecutionInformation wire shape). */
import * as v from "valibot";
import { brief } from "./brief.js";
import type { DeploymentFacts, ResultFacts, StatusFacts } from "./status-facts.js";
import { STATUS_NAMES, statusName } from "./wire-view.js";

export const statusNameOutput = v.picklist(STATUS_NAMES);

export const statusSummaryOutput = v.object({
  experiment_id: v.string(),
  status: v.pipe(v.number(), v.description("0 UNKNOWN, 1 PREPARING, 2 READY, 3 RUNNING, 4 FINISHED.")),
  status_name: statusNameOutput,
  deployments: v.pipe(v.number(), v.description("Number of deployments (one per node).")),
  prepared: v.pipe(v.number(), v.description("Deployments whose environment is prepared.")),
  deployment_errors: v.pipe(v.number(), v.description("Deployments carrying an error (failed preparation, cancelled...).")),
  execution_error: v.pipe(v.nullable(v.string()), v.description("The experiment-wide error text, when the server gave one.")),
  results: v.pipe(v.number(), v.description("Deployments that returned a result (read them with get_experiment_results once FINISHED).")),
  next_step: v.pipe(v.string(), v.description("What to do next with this experiment.")),
});
export type StatusSummary = v.InferOutput<typeof statusSummaryOutput>;

export const deploymentRowOutput = v.object({
  node: v.string(),
  prepared: v.boolean(),
  executor_id: v.string(),
  environment: v.string(),
  error: v.nullable(v.string()),
  has_result: v.boolean(),
  result_error: v.nullable(v.string()),
});
export type DeploymentRow = v.InferOutput<typeof deploymentRowOutput>;

export function resultsOf<R extends ResultFacts>(status: { execution_result: null | string | R[] }): R[] {
  return Array.isArray(status.execution_result) ? status.execution_result : [];
}

/** The result rows that carry a result (rows of deployments still running, or stopped, may have none). */
export function withResult<R extends ResultFacts>(status: { execution_result: null | string | R[] }): R[] {
  return resultsOf(status).filter((r) => r.result !== null && r.result !== undefined);
}

/** Deployments whose preparation failed: the node and the error. */
export function unprepared(status: StatusFacts): { node: string; error: string }[] {
  return (status.experiment?.deployment_map ?? [])
    .filter((d) => !d.prepared && d.error !== null && d.error !== undefined)
    .map((d) => ({ node: d.node.name, error: brief(d.error!, 300) }));
}

/** READY with failed preparations: which failed, and what starting will then do. */
function readyStep(failed: readonly { node: string; error: string }[], deployments: number): string {
  const list = failed.slice(0, 5).map((f) => `${f.node} (${brief(f.error, 120)})`).join(", ") + (failed.length > 5 ? ", ..." : "");
  if (failed.length >= deployments) {
    return `Every deployment failed to prepare: ${list}. Starting would run nothing: fix the cause, then delete_experiment and prepare again.`;
  }
  return (
    `Prepared, but ${failed.length} of ${deployments} deployments failed to prepare: ${list}. ` +
    `start_execution runs the tasks on the ${deployments - failed.length} prepared node(s) only; the failed ones end without a result, with that error. ` +
    "To include them, fix the cause and prepare again (delete_experiment first to reuse the name)."
  );
}

/**
 * What to do next with an experiment in this status. `failed` (READY only): the deployments
 * whose preparation failed, out of `deployments`.
 */
export function nextStep(status: number, hasResults: boolean, failed: readonly { node: string; error: string }[] = [], deployments = 0): string {
  switch (statusName(status)) {
    case "PREPARING":
      return "Preparation runs in the background: call wait_for_experiment with status READY.";
    case "READY":
      if (failed.length > 0) return readyStep(failed, deployments);
      return "Prepared: call start_execution, then wait_for_experiment.";
    case "RUNNING":
      return "Running: call wait_for_experiment (status FINISHED), then get_experiment_results.";
    case "FINISHED":
      return hasResults
        ? "Finished: read the results with get_experiment_results."
        : "Finished without results: see execution_error and the deployments' errors (get_experiment_results shows them).";
    default:
      return "Status unknown (often after a failure): see execution_error and the deployments' errors.";
  }
}

export function summarizeStatus(experimentId: string, status: StatusFacts): StatusSummary {
  const deployments = status.experiment?.deployment_map ?? [];
  const results = withResult(status);
  const executionError = typeof status.execution_result === "string" ? status.execution_result : null;
  return {
    experiment_id: experimentId,
    status: status.status,
    status_name: statusName(status.status),
    deployments: deployments.length,
    prepared: deployments.filter((d) => d.prepared).length,
    deployment_errors: deployments.filter((d) => d.error !== null && d.error !== undefined).length,
    execution_error: executionError === null ? null : brief(executionError, 2000),
    results: results.length,
    next_step: nextStep(status.status, results.length > 0, unprepared(status), deployments.length),
  };
}

/**
 * Pairs each deployment with its result. Results carry no executor id, only the node and the
 * graph that ran: a node may host several deployments, so a result is taken once, preferring
 * the one with the same node and the same pickled graph, else the next one of that node. (A node
 * with one deployment and one result pairs them whatever their graphs: those long texts are
 * compared only on nodes with several of either.)
 */
export function resultsByDeployment<R extends ResultFacts>(status: { experiment: StatusFacts["experiment"]; execution_result: null | string | R[] }): (R | undefined)[] {
  const unused = [...resultsOf(status)];
  const take = (match: (r: R) => boolean): R | undefined => {
    const index = unused.findIndex(match);
    return index < 0 ? undefined : unused.splice(index, 1)[0];
  };
  const deployments = status.experiment?.deployment_map ?? [];
  const seen = new Map<string, number>();
  for (const item of [...deployments, ...unused]) seen.set(item.node.name, (seen.get(item.node.name) ?? 0) + 1);
  // One deployment and one result of a node: 2 sightings, or fewer (nothing to tell apart).
  const sameGraph = (r: R, d: DeploymentFacts) => (seen.get(d.node.name) ?? 0) <= 2 || r.execution_graph === d.execution_graph;
  const exact = deployments.map((d) => take((r) => r.node.name === d.node.name && sameGraph(r, d)));
  return deployments.map((d, i) => exact[i] ?? take((r) => r.node.name === d.node.name));
}

export function deploymentRows(status: StatusFacts): DeploymentRow[] {
  const results = resultsByDeployment(status);
  return (status.experiment?.deployment_map ?? []).map((d, i) => {
    const result = results[i];
    return {
      node: d.node.name,
      prepared: d.prepared,
      executor_id: d.executor_id,
      environment: d.environment_definition_type,
      error: d.error === null || d.error === undefined ? null : brief(d.error, 500),
      has_result: result !== undefined && result.result !== null,
      result_error: result?.error ? brief(result.error, 500) : null,
    };
  });
}

export function summaryLine(s: StatusSummary): string {
  const parts = [`${s.experiment_id}: ${s.status_name}`, `${s.prepared}/${s.deployments} deployments prepared`];
  if (s.results > 0) parts.push(`${s.results} with results`);
  if (s.deployment_errors > 0) parts.push(`${s.deployment_errors} with errors`);
  if (s.execution_error) parts.push(`error: ${brief(s.execution_error, 200)}`);
  return parts.join(", ");
}

export function deploymentLine(d: DeploymentRow): string {
  const state = d.has_result ? "result available" : d.prepared ? "prepared" : "not prepared";
  const error = d.error ?? d.result_error;
  return `- ${d.node} [${d.environment}] ${state}${d.executor_id ? `, executor ${d.executor_id}` : ""}${error ? `, error: ${brief(error, 160)}` : ""}`;
}
