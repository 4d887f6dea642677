/** prepare_experiment: a JSON spec → a real Experiment (graph pickles and all) → the server. */
import * as v from "valibot";
import type { BaseClient } from "../../src/base-client.js";
import { UsageError } from "../../src/errors.js";
import { buildExperiment } from "../experiment-spec/build.js";
import { stagesOf } from "../experiment-spec/tasks.js";
import { experimentSpec, taskSpec } from "../experiment-spec/schema.js";
import { isNotFound } from "../answers/hints.js";
import { summarizeStatus } from "../answers/status-view.js";
import type { PreparedNames } from "./prepared-names.js";
import { defineTool, writes } from "./tool.js";
import { type WireStatus, wireOf } from "../answers/wire-view.js";
import { brief } from "../answers/brief.js";
import { resultsCacheOf } from "../answers/results-cache.js";

const SHOWN_NODES = 100;

/** The experiment already stored under this name, or undefined when there is none. */
async function existing(client: BaseClient, name: string, signal: AbortSignal): Promise<WireStatus | undefined> {
  try {
    return wireOf<WireStatus>(await client.getExperimentStatus(name, { signal }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Pause between the re-checks of a name this server prepared moments ago. */
const RECHECK_MS = 100;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * The experiment stored under this name, also for a name this server prepared moments ago: there
 * the server's "not found" may only mean its row is not written yet, so it is asked again until
 * the experiment shows or the window has passed (then "not found" is the truth: it was deleted
 * or its preparation never took).
 */
async function taken(client: BaseClient, name: string, prepared: PreparedNames, signal: AbortSignal): Promise<WireStatus | undefined> {
  for (;;) {
    const found = await existing(client, name, signal);
    if (found !== undefined) return found;
    const until = prepared.doubtfulUntil(name);
    if (until === undefined || signal.aborted) return undefined;
    await pause(Math.min(RECHECK_MS, Math.max(1, until - Date.now())), signal);
  }
}

// The server answers 200 to a prepare under an existing name and silently keeps the old
// definition: sending it would report a preparation that never happens.
function keptMessage(name: string, status: WireStatus | "not visible yet"): string {
  if (status === "not visible yet") {
    return (
      `an experiment named "${name}" was sent for preparation by this server moments ago and the server does not show it yet. ` +
      "Nothing was sent: the server would keep the first definition and ignore this one. Call wait_for_experiment or get_experiment_status on it, " +
      `or choose another name; to replace it, delete_experiment "${name}" once it shows, then prepare_experiment again.`
    );
  }
  const summary = summarizeStatus(name, status);
  const nodes = (status.experiment?.deployment_map ?? []).map((d) => d.node.name);
  const running = summary.status_name === "RUNNING" ? "cancel_experiment, wait_for_experiment (FINISHED), then " : "";
  return (
    `an experiment named "${name}" already exists (${summary.status_name}, ${nodes.length} node(s): ${brief(nodes.join(", "), 200)}). ` +
    "It was kept unchanged and nothing was sent: the server keeps an existing experiment and ignores a new definition under its name. " +
    `To replace it: ${running}delete_experiment "${name}" (needs the user's confirmation), then prepare_experiment again; or choose another name.`
  );
}

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
    "A name that already exists is refused and the existing experiment kept (the server would ignore the new definition): delete it first to replace it.",
  // Not idempotent: a repeat under the same name is refused (or, sent, silently dropped by the server).
  annotations: writes(false),
  input: experimentSpec,
  definitions: { task: taskSpec },
  output: v.object({
    experiment_id: v.pipe(v.string(), v.description("The name as given: use it in every later call.")),
    stored_name: v.pipe(v.string(), v.description("The name as the server stored it (spaces become +), as get_experiments lists it.")),
    node_count: v.number(),
    nodes: v.pipe(v.array(v.string()), v.description(`The selected nodes (first ${SHOWN_NODES}).`)),
    tasks: v.pipe(v.array(v.string()), v.description("Task names, in pipeline order: results are keyed by them.")),
    environment_type: v.string(),
    next_step: v.string(),
  }),
  async run(args, { client, signal, preparedNames }) {
    const stages = stagesOf(args.pipeline); // task and library-parameter errors before any request
    const nodes = await client.getNodes({ signal });
    const built = buildExperiment(args, nodes, stages);
    const before = await taken(client, args.experiment_id, preparedNames, signal);
    if (before !== undefined) throw new UsageError(keptMessage(args.experiment_id, before), { operation: "prepare_experiment" });
    // Aborted while re-checking a name prepared moments ago: whether it is taken is still unknown.
    if (preparedNames.doubtfulUntil(args.experiment_id) !== undefined) {
      throw new UsageError(keptMessage(args.experiment_id, "not visible yet"), { operation: "prepare_experiment" });
    }
    // Remembered before sending, so a prepare of the same name running alongside this one is refused too.
    preparedNames.remember(args.experiment_id);
    let stored: string;
    try {
      stored = await client.prepareExperiment(built.experiment, args.experiment_id, args.deployment_context ?? null, { signal });
    } catch (error) {
      preparedNames.forget(args.experiment_id);
      throw error;
    }
    resultsCacheOf(client).forget(args.experiment_id); // a name deleted elsewhere and used again: the kept results are the old one's
    const name = JSON.stringify(args.experiment_id);
    const renamed = stored !== args.experiment_id ? ` (stored by the server as ${JSON.stringify(stored)})` : "";
    const next = `Call wait_for_experiment with experiment_id ${name} and status READY, then start_execution.`;
    const structured = {
      experiment_id: args.experiment_id,
      stored_name: stored,
      node_count: built.nodeNames.length,
      nodes: built.nodeNames.slice(0, SHOWN_NODES),
      tasks: built.taskNames,
      environment_type: built.environmentType,
      next_step: next,
    };
    const text =
      `Experiment ${name}${renamed} sent for preparation on ${built.nodeNames.length} node(s): ${brief(built.nodeNames.join(", "), 300)}.\n` +
      `Tasks: ${brief(built.taskNames.join(", "), 600)} (${built.environmentType}).\n` +
      (built.resultNameNotes.length > 0 ? `Results: ${brief(built.resultNameNotes.join("; "), 600)}.\n` : "") +
      next;
    return { structured, text };
  },
});
