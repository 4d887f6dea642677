/** prepare_experiment: a JSON spec → a real Experiment (graph pickles and all) → the server. */
import * as v from "valibot";
import { buildExperiment } from "../spec/build.js";
import { stagesOf } from "../spec/tasks.js";
import { experimentSpec, taskSpec } from "../spec/schema.js";
import { defineTool, writes } from "../tool.js";
import { brief } from "./common.js";

const SHOWN_NODES = 100;

export const prepareExperiment = defineTool({
  name: "prepare_experiment",
  title: "Prepare an experiment",
  description:
    "Defines an experiment and sends it for preparation: which nodes (names or a filter, see get_nodes), a pipeline of stages " +
    '(each a task or a list of parallel tasks: a netunicorn-library task by name such as {"task": "Ping", "args": {"address": "1.1.1.1", "count": 5}} ' +
    "(find them with find_library_tasks; arguments are checked and each node gets the implementation and setup commands for its architecture), " +
    '{"task": "module.Class", "args": [...], "kwargs": {...}, "name": ...}, or the shortcuts ' +
    '{"shell": ["ping", "-c", "3", "8.8.8.8"]} and {"sleep": 5}), and the environment (docker by default, or shell). ' +
    "Preparation continues in the background: next call wait_for_experiment with status READY, then start_execution. " +
    "A name that already exists is left unchanged by the server (prepare is idempotent by name): use a new name for a new definition.",
  annotations: writes(true),
  input: experimentSpec,
  definitions: { task: taskSpec },
  output: v.object({
    experiment_id: v.pipe(v.string(), v.description("The name the server stored (use it in every later call).")),
    node_count: v.number(),
    nodes: v.pipe(v.array(v.string()), v.description(`The selected nodes (first ${SHOWN_NODES}).`)),
    tasks: v.pipe(v.array(v.string()), v.description("Task names, in pipeline order: results are keyed by them.")),
    environment_type: v.string(),
    next_step: v.string(),
  }),
  async run(args, { client, signal }) {
    const stages = stagesOf(args.pipeline); // task and library-parameter errors before any request
    const nodes = await client.getNodes({ signal });
    const built = buildExperiment(args, nodes, stages);
    const stored = await client.prepareExperiment(built.experiment, args.experiment_id, args.deployment_context ?? null, { signal });
    const renamed = stored !== args.experiment_id ? ` (stored by the server as "${stored}")` : "";
    const next = `Call wait_for_experiment with experiment_id "${stored}" and status READY, then start_execution.`;
    const structured = {
      experiment_id: stored,
      node_count: built.nodeNames.length,
      nodes: built.nodeNames.slice(0, SHOWN_NODES),
      tasks: built.taskNames,
      environment_type: built.environmentType,
      next_step: next,
    };
    const text =
      `Experiment ${stored}${renamed} sent for preparation on ${built.nodeNames.length} node(s): ${brief(built.nodeNames.join(", "), 300)}.\n` +
      `Tasks: ${brief(built.taskNames.join(", "), 600)} (${built.environmentType}).\n` +
      (built.resultNameNotes.length > 0 ? `Results: ${brief(built.resultNameNotes.join("; "), 600)}.\n` : "") +
      next;
    return { structured, text };
  },
});
