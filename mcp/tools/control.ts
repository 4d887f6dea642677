/** start_execution, cancel_experiment, cancel_executors, delete_experiment. */
import * as v from "valibot";
import { defineTool, destroys, writes } from "./tool.js";
import { connectorContextInput, experimentIdInput } from "../experiment-spec/schema.js";
import { confirmInput, requireConfirmation } from "./common.js";
import { resultsCacheOf } from "../answers/results-cache.js";

export const startExecution = defineTool({
  name: "start_execution",
  title: "Start a prepared experiment",
  description:
    "Starts a READY experiment (prepared with prepare_experiment; check with get_experiment_status or wait_for_experiment). " +
    "Then call wait_for_experiment with status FINISHED and read get_experiment_results.",
  // Not idempotent: a second start is refused (an experiment runs once).
  annotations: writes(false),
  input: v.strictObject({ experiment_id: experimentIdInput, execution_context: v.optional(connectorContextInput) }),
  output: v.object({ experiment_id: v.string(), started: v.boolean() }),
  async run(args, { client, signal }) {
    const name = await client.startExecution(args.experiment_id, args.execution_context ?? null, { signal });
    return {
      structured: { experiment_id: name, started: true },
      text: `Experiment ${name} started. Next: wait_for_experiment with status FINISHED.`,
    };
  },
});

export const cancelExperiment = defineTool({
  name: "cancel_experiment",
  title: "Cancel a running experiment",
  description:
    "Stops every executor of a running experiment; their deployments end with the error \"Executor was stopped\". " +
    "Destructive: needs the user's confirmation (asked by the client, or confirm: true after asking the user).",
  annotations: destroys(true),
  input: v.strictObject({
    experiment_id: experimentIdInput,
    cancellation_context: v.optional(connectorContextInput),
    confirm: v.optional(confirmInput),
  }),
  output: v.object({ experiment_id: v.string(), message: v.string() }),
  async run(args, context) {
    await requireConfirmation("cancel_experiment", context, `Cancel every executor of experiment "${args.experiment_id}"?`, args.confirm);
    const message = await context.client.cancelExperiment(args.experiment_id, args.cancellation_context ?? null, { signal: context.signal });
    return { structured: { experiment_id: args.experiment_id, message }, text: `Cancelling ${args.experiment_id}: ${message}` };
  },
});

export const cancelExecutors = defineTool({
  name: "cancel_executors",
  title: "Cancel specific executors",
  description:
    "Stops the given executors (ids from get_experiment_status) of this user's experiments, leaving the others running. " +
    "Destructive: needs the user's confirmation (asked by the client, or confirm: true after asking the user).",
  annotations: destroys(true),
  input: v.strictObject({
    executor_ids: v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1), v.maxLength(1000), v.description("Executor ids to stop.")),
    cancellation_context: v.optional(connectorContextInput),
    confirm: v.optional(confirmInput),
  }),
  output: v.object({ executor_ids: v.array(v.string()), message: v.string() }),
  async run(args, context) {
    const shown = args.executor_ids.slice(0, 5).join(", ") + (args.executor_ids.length > 5 ? ", ..." : "");
    await requireConfirmation("cancel_executors", context, `Stop ${args.executor_ids.length} executor(s): ${shown}?`, args.confirm);
    const message = await context.client.cancelExecutors(args.executor_ids, args.cancellation_context ?? null, { signal: context.signal });
    return { structured: { executor_ids: args.executor_ids, message }, text: `Cancelling ${args.executor_ids.length} executor(s): ${message}` };
  },
});

export const deleteExperiment = defineTool({
  name: "delete_experiment",
  title: "Delete an experiment",
  description:
    "Deletes an experiment and its results for good (refused by the server while it is PREPARING or RUNNING). " +
    "Destructive: needs the user's confirmation (asked by the client, or confirm: true after asking the user).",
  annotations: destroys(true),
  input: v.strictObject({ experiment_id: experimentIdInput, confirm: v.optional(confirmInput) }),
  output: v.object({ experiment_id: v.string(), deleted: v.boolean() }),
  async run(args, context) {
    await requireConfirmation("delete_experiment", context, `Delete experiment "${args.experiment_id}" and its results?`, args.confirm);
    await context.client.deleteExperiment(args.experiment_id, { signal: context.signal });
    context.preparedNames.forget(args.experiment_id); // the name is free again at once
    resultsCacheOf(context.client).forget(args.experiment_id);
    return { structured: { experiment_id: args.experiment_id, deleted: true }, text: `Experiment ${args.experiment_id} deleted.` };
  },
});
