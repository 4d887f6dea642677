/**
 * The JSON experiment spec of prepare_experiment: which nodes, which pipeline of tasks,
 * which environment. Built into a real Experiment by build.ts.
 */
import * as v from "valibot";
import { nodeFilterEntries } from "./node-filter.js";

/** The spec's experiment_id, which every tool that acts on an experiment takes too. */
export const experimentIdInput = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(256),
  v.description("The experiment name, as given to prepare_experiment (and listed by get_experiments)."),
);

/** The spec's deployment_context, which start_execution takes too. */
export const connectorContextInput = v.pipe(
  v.record(v.string(), v.record(v.string(), v.string())),
  v.description('Per-connector settings, shape {"<connector>": {"key": "value"}}. Usually omitted.'),
);

const taskName = v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.description("Unique task name (results are keyed by it); generated when omitted.")));

const taskReference = v.strictObject({
  task: v.pipe(
    v.string(),
    v.regex(/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/, 'a netunicorn-library task name such as "Ping", or a Python import path such as mypackage.tasks.Probe'),
    v.description(
      'A netunicorn-library task by name (see find_library_tasks, e.g. "Ping", "OoklaSpeedtest", "tcpdump.StartCapture"): its arguments are checked and it is dispatched per node ' +
        "with its setup commands; or the import path of any Task class available on the nodes.",
    ),
  ),
  args: v.optional(
    v.pipe(
      v.union([v.array(v.unknown()), v.record(v.string(), v.unknown())]),
      v.description('Constructor arguments: an object of keyword arguments (e.g. {"address": "1.1.1.1", "count": 5}) or a list of positional ones (JSON values).'),
    ),
  ),
  kwargs: v.optional(v.pipe(v.record(v.string(), v.unknown()), v.description("Keyword constructor arguments (JSON values)."))),
  name: taskName,
  requirements: v.optional(v.pipe(v.array(v.string()), v.description("Shell commands the environment needs for this task (appended to its setup commands)."))),
});

const shellShortcut = v.strictObject({
  shell: v.pipe(v.array(v.string()), v.minLength(1), v.description('A command as argv, e.g. ["ping", "-c", "3", "8.8.8.8"] (netunicorn-library ShellCommand).')),
  name: taskName,
});

const sleepShortcut = v.strictObject({
  sleep: v.pipe(v.number(), v.minValue(0), v.description("Seconds to sleep (netunicorn-library SleepTask).")),
  name: taskName,
});

export const taskSpec = v.union([taskReference, shellShortcut, sleepShortcut]);
export type TaskSpec = v.InferOutput<typeof taskSpec>;

const stageSpec = v.union([taskSpec, v.pipe(v.array(taskSpec), v.minLength(1), v.description("Tasks run in parallel in this stage."))]);

const dockerEnvironment = v.strictObject({
  type: v.literal("docker"),
  image: v.optional(v.pipe(v.nullable(v.string()), v.description("An existing image; omit to let the server build one from python:<version>-slim."))),
  commands: v.optional(v.pipe(v.array(v.string()), v.description("Setup commands run while building the image."))),
  python_version: v.optional(v.pipe(v.string(), v.regex(/^3\.\d+\.\d+$/, "a full version such as 3.11.9"))),
  environment_variables: v.optional(v.record(v.string(), v.string())),
});

const shellEnvironment = v.strictObject({
  type: v.literal("shell"),
  commands: v.optional(v.pipe(v.array(v.string()), v.description("Setup commands run on the node before the tasks."))),
  environment_variables: v.optional(v.record(v.string(), v.string())),
});

const environmentSpec = v.union([dockerEnvironment, shellEnvironment]);
export type EnvironmentSpec = v.InferOutput<typeof environmentSpec>;

const nodeSelection = v.pipe(
  v.strictObject({
    names: v.optional(v.pipe(v.array(v.string()), v.minLength(1), v.description("Exact node names from get_nodes."))),
    filter: v.optional(v.pipe(v.strictObject(nodeFilterEntries), v.description("Select nodes by name part, architecture or property values (as get_nodes)."))),
    count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000), v.description("Use at most this many of the selected nodes (the first ones)."))),
  }),
  v.check((s) => s.names !== undefined || s.filter !== undefined, 'give "names" or "filter"'),
  v.description("Where to run: node names, or a filter (optionally limited by count)."),
);
export type NodeSelection = v.InferOutput<typeof nodeSelection>;

const experimentSpecEntries = {
  experiment_id: experimentIdInput,
  nodes: nodeSelection,
  pipeline: v.pipe(
    v.array(stageSpec),
    v.minLength(1),
    v.maxLength(1000),
    v.description(
      'Stages run one after another; a stage is a task or a list of parallel tasks. A task is {"task": "Ping", "args": {"address": "1.1.1.1"}} (a netunicorn-library task, see find_library_tasks), ' +
        '{"task": "module.Class", "args": [...], "kwargs": {...}, "name": "..."}, ' +
        'or a shortcut {"shell": ["ping", "-c", "3", "8.8.8.8"]} or {"sleep": 5}.',
    ),
  ),
  environment: v.optional(
    v.pipe(environmentSpec, v.description('Where tasks run: {"type": "docker"} (default, image built by the server) or {"type": "shell"} (directly on the node).')),
  ),
  early_stopping: v.optional(v.pipe(v.boolean(), v.description("Stop a deployment's pipeline at the first failed stage (default true)."))),
  keep_alive_timeout_minutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1440))),
  deployment_context: v.optional(connectorContextInput),
};

export const experimentSpec = v.strictObject(experimentSpecEntries);
export type ExperimentSpec = v.InferOutput<typeof experimentSpec>;
