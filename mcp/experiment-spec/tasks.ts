/**
 * Task specs → task references of the graph builder, with unique names checked up front.
 * netunicorn-library tasks (by name or class path) are checked against the catalog here, and
 * nodes a library dispatcher has no implementation for are named before anything is sent.
 */
import { UsageError } from "../../src/errors.js";
import { type TaskArgument, type TaskReference, shellCommand, sleep, task as plainTask } from "../../src/graph/index.js";
import { type CatalogClass, LibraryDispatcher, catalogEntry, findLibraryTask, shortName, task as libraryAwareTask } from "../../src/library/index.js";
import type { Node } from "../../src/model/index.js";
import type { TaskSpec } from "./schema.js";

const refuse = (message: string) => new UsageError(message, { operation: "prepare_experiment" });

/** The catalog entry `name` stands for: a class path, a short name ("Ping"), or module.Class ("tcpdump.StartCapture"). */
function libraryEntry(name: string): CatalogClass | undefined {
  const exact = catalogEntry(name);
  if (exact || !name.includes(".")) return exact ?? findLibraryTask(name, `task "${name}"`);
  if (name.split(".").length !== 2) return undefined;
  try {
    return findLibraryTask(name);
  } catch {
    return undefined; // module.Class of the user's own code
  }
}

function toTask(spec: TaskSpec): TaskReference {
  const name = spec.name === undefined ? {} : { name: spec.name };
  if ("shell" in spec) return shellCommand(spec.shell, name);
  if ("sleep" in spec) return sleep(spec.sleep, name);
  const keywords = spec.args !== undefined && !Array.isArray(spec.args) ? spec.args : {};
  const twice = Object.keys(keywords).filter((k) => spec.kwargs !== undefined && k in spec.kwargs);
  if (twice.length > 0) throw new UsageError(`task ${spec.task}: "${twice[0]}" is given in both args and kwargs`);
  const entry = libraryEntry(spec.task);
  const options = {
    ...name,
    args: (Array.isArray(spec.args) ? spec.args : []) as TaskArgument[],
    kwargs: { ...keywords, ...(spec.kwargs ?? {}) } as Record<string, TaskArgument>,
    requirements: spec.requirements ?? [],
  };
  return entry ? libraryAwareTask(entry.path, options) : plainTask(spec.task, options);
}

/** Each stage as a list of parallel tasks; refuses duplicate task names (results are keyed by name). */
export function stagesOf(pipeline: readonly (TaskSpec | TaskSpec[])[]): TaskReference[][] {
  const seen = new Set<string>();
  return pipeline.map((stage, index) => {
    const tasks = (Array.isArray(stage) ? stage : [stage]).map((spec) => {
      try {
        return toTask(spec);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw refuse(`pipeline[${index}]: ${message}`);
      }
    });
    for (const t of tasks) {
      if (seen.has(t.name)) throw refuse(`pipeline[${index}]: task name "${t.name}" is used twice`);
      seen.add(t.name);
    }
    return tasks;
  });
}

/**
 * Every library dispatcher against every selected node, before anything is sent: the nodes it has
 * no implementation for are named (Python's dispatch would raise there), with what it supports.
 */
export function checkArchitectures(stages: readonly TaskReference[][], nodes: readonly Node[]): void {
  const problems: string[] = [];
  for (const t of stages.flat()) {
    if (!(t instanceof LibraryDispatcher)) continue;
    const supported = new Set((t.catalog.dispatch ?? []).flatMap((d) => d.architectures));
    const bad = nodes.filter((n) => !supported.has(n.architecture));
    if (bad.length === 0) continue;
    const listed = bad.slice(0, 10).map((n) => `${n.name} (${n.architecture})`).join(", ") + (bad.length > 10 ? `, and ${bad.length - 10} more` : "");
    const exception = t.catalog.unsupported?.[0]?.[1] ?? "NotImplementedError";
    problems.push(
      `${shortName(t.catalog)} "${t.name}" has no implementation for ${bad.length} selected node(s): ${listed}; it runs on ${[...supported].join(", ")} ` +
        `(Python's dispatch raises ${exception})`,
    );
  }
  if (problems.length > 0) {
    throw refuse(`${problems.join(". ")}. Nothing was sent: select nodes by architecture, e.g. "filter": {"architecture": "linux/amd64"}.`);
  }
}

/**
 * Where each task's results will be keyed, when that differs from its name: some library
 * dispatchers (Ping, NDT7SpeedTest, ZeekPCAPAnalysis, or any not given a name) do not pass their
 * name to the implementation, exactly as in Python, so results come under the implementation's.
 */
export function resultNameNotes(stages: readonly TaskReference[][], node: Node): string[] {
  const notes: string[] = [];
  for (const t of stages.flat()) {
    if (!(t instanceof LibraryDispatcher)) continue;
    if (t.catalog.dispatch?.some((d) => d.perDispatch)) {
      notes.push(`${t.name}: results come under a new random name on each node (${shortName(t.catalog)} makes a new task per node, as in Python)`);
      continue;
    }
    const supported = t.catalog.dispatch?.some((d) => d.architectures.includes(node.architecture));
    const key = supported ? t.dispatch(node).name : undefined;
    if (key !== undefined && key !== t.name) notes.push(`${t.name}: results come under "${key}" (${shortName(t.catalog)} does not pass its name to its implementation, as in Python)`);
  }
  return notes;
}
