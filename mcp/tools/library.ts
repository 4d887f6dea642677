/** find_library_tasks: netunicorn-library's tasks by purpose, with what prepare_experiment needs to use them. */
import * as v from "valibot";
import { LIBRARY_CATALOG_PROVENANCE, describeEntry, describeEntryText, findLibraryTask, searchLibraryTasks } from "../../src/library/index.js";
import { defineTool } from "./tool.js";

const DEFAULT_LIMIT = 8;

const taskView = v.object({
  name: v.pipe(v.string(), v.description('Use it as {"task": name, "args": {...}} in prepare_experiment.')),
  class: v.string(),
  kind: v.pipe(v.string(), v.description('"dispatcher": replaced per node by the implementation for its architecture; "task": runs as it is.')),
  topic: v.string(),
  parameters: v.array(v.object({ name: v.string(), type: v.nullable(v.string()), default: v.optional(v.unknown()), required: v.optional(v.boolean()) })),
  keyword_only: v.boolean(),
  architectures: v.pipe(v.union([v.array(v.string()), v.literal("any")]), v.description("Node architectures the task runs on.")),
  installs: v.pipe(v.array(v.object({ architectures: v.union([v.array(v.string()), v.literal("any")]), commands: v.array(v.string()) })), v.description("Commands added to the environment's setup for it.")),
  results: v.pipe(v.array(v.object({ class: v.string(), fields: v.array(v.string()) })), v.description("The result dataclasses it returns.")),
});

export const findLibraryTasks = defineTool({
  name: "find_library_tasks",
  title: "Find netunicorn-library tasks",
  description:
    'Finds ready-made measurement tasks of netunicorn-library by purpose (e.g. "latency", "capture", "speed test", "upload", "flags") or by name, ' +
    "with their parameters and defaults, the node architectures they support, what they install and the results they return. " +
    'Use one in prepare_experiment as {"task": "Ping", "args": {"address": "1.1.1.1", "count": 5}}. Reads the built-in catalog; sends no request.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: v.strictObject({
    query: v.optional(v.pipe(v.string(), v.maxLength(200), v.description('What the task should do ("latency", "packet capture"...) or a task name; omit to list all.'))),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100), v.description(`At most this many tasks (default ${DEFAULT_LIMIT}).`))),
  }),
  output: v.object({
    tasks: v.array(taskView),
    matched: v.pipe(v.number(), v.description("How many catalog tasks matched (more than shown when limited).")),
    catalog: v.pipe(v.string(), v.description("The netunicorn-library release the facts come from.")),
  }),
  async run(args) {
    const query = args.query?.trim() ?? "";
    let found = searchLibraryTasks(query);
    try {
      const exact = findLibraryTask(query);
      found = [exact, ...found.filter((e) => e !== exact)];
    } catch {
      // not a task name: the purpose search stands
    }
    const shown = found.slice(0, args.limit ?? DEFAULT_LIMIT);
    const { library, version, commit } = LIBRARY_CATALOG_PROVENANCE;
    const catalog = `${library} ${version} (commit ${commit})`;
    const more = found.length > shown.length ? `\n(${found.length - shown.length} more: raise limit or refine the query)` : "";
    const text =
      shown.length === 0
        ? `No netunicorn-library task matches "${query}". Try a purpose such as latency, capture, speed test, upload or flags.`
        : `${shown.map((e) => `- ${describeEntryText(e)}`).join("\n")}${more}`;
    return { structured: { tasks: shown.map(describeEntry) as never, matched: found.length, catalog }, text };
  },
});
