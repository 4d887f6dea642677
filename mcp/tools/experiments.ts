/** get_experiments and get_experiment_status: what exists and where each experiment stands. */
import * as v from "valibot";
import { fitPage, pageLine, pageOutputEntries, pagingEntries } from "../answers/paging.js";
import {
  deploymentLine,
  deploymentRowOutput,
  deploymentRows,
  statusSummaryOutput,
  summarizeStatus,
  summaryLine,
} from "../answers/status-view.js";
import { statusFacts } from "../answers/status-facts.js";
import { READ_ONLY, defineTool } from "./tool.js";
import { STATUS_NAMES, type WireStatus, wireOf } from "../answers/wire-view.js";
import { experimentIdInput } from "../experiment-spec/schema.js";

/** getExperiments answers a Map of name → info (a plain object is accepted too). */
function entriesOf(experiments: unknown): [string, unknown][] {
  if (experiments instanceof Map) return [...experiments.entries()] as [string, unknown][];
  return Object.entries((experiments ?? {}) as Record<string, unknown>);
}

export const getExperiments = defineTool({
  name: "get_experiments",
  title: "List my experiments",
  description:
    "Lists this user's experiments with their status (PREPARING, READY, RUNNING, FINISHED, UNKNOWN) and deployment counts. " +
    "Optionally filter by status. Paged. Use get_experiment_status or describe_experiment for one experiment.",
  annotations: READ_ONLY,
  input: v.strictObject({
    status: v.optional(v.pipe(v.picklist(STATUS_NAMES), v.description("Keep only experiments in this status."))),
    ...pagingEntries(50, 500),
  }),
  output: v.object({ experiments: v.array(statusSummaryOutput), ...pageOutputEntries }),
  async run(args, { client, signal }) {
    const entries = entriesOf(await client.getExperiments({ signal }));
    const all = entries.map(([name, info]) => summarizeStatus(name, wireOf<WireStatus>(info)));
    const kept = args.status === undefined ? all : all.filter((s) => s.status_name === args.status);
    const answer = fitPage(kept, args.offset, args.limit, ({ items, ...page }) => ({ experiments: items, ...page }));
    const head = pageLine(answer, answer.experiments.length, "experiments");
    return { structured: answer, text: [head, ...answer.experiments.map((s) => `- ${summaryLine(s)}`)].join("\n") };
  },
});

export const getExperimentStatus = defineTool({
  name: "get_experiment_status",
  title: "Get an experiment's status",
  description:
    "Shows where one experiment stands: status, per-deployment preparation state, executor ids and errors, " +
    "and whether results are available, with the next step to take. Deployments are paged. " +
    "Results themselves: get_experiment_results; graphs and environments: describe_experiment.",
  annotations: READ_ONLY,
  input: v.strictObject({ experiment_id: experimentIdInput, ...pagingEntries(50, 500) }),
  output: v.object({
    summary: statusSummaryOutput,
    deployment_list: v.array(deploymentRowOutput),
    ...pageOutputEntries,
  }),
  async run(args, { client, signal }) {
    // Read in place: the status's pickles, nodes and environments are not part of this answer.
    const status = statusFacts(await client.getExperimentStatus(args.experiment_id, { signal }));
    const summary = summarizeStatus(args.experiment_id, status);
    const rows = deploymentRows(status);
    const answer = fitPage(rows, args.offset, args.limit, ({ items, ...page }) => ({ summary, deployment_list: items, ...page }));
    const lines = [
      summaryLine(summary),
      summary.next_step,
      pageLine(answer, answer.deployment_list.length, "deployments"),
      ...answer.deployment_list.map(deploymentLine),
    ];
    return { structured: answer, text: lines.join("\n") };
  },
});
