/**
 * `netunicorn/library`: every netunicorn-library task by name, with its parameters checked and,
 * for TaskDispatchers, dispatch per node and the implementation's requirements, exactly as
 * Python's Deployment applies them. Its own entry point: a page that never imports it does not
 * download the catalog. A page that names its tasks in code imports them from
 * `netunicorn/library/tasks` instead (tasks.ts: one function per class, only those classes' facts).
 */
import { type TaskArgument, type TaskOptions, TaskReference, task as plainTask } from "../graph/task.js";
import { catalogEntry, findLibraryTask, shortName } from "./catalog.js";
import { type LibraryArguments, makeLibraryTask } from "./make.js";
import type { LibraryTaskName, LibraryTaskParams } from "./params.js";
import { createLibraryTask, LibraryDispatcher, LibraryTask, type LibraryTaskOptions } from "./task.js";

export { LibraryDispatcher, LibraryTask, type LibraryTaskOptions } from "./task.js";
export type { LibraryTaskName, LibraryTaskParams } from "./params.js";
export {
  LIBRARY_CATALOG_PROVENANCE, architectureMember, catalogClasses, catalogEntry, findLibraryTask, shortName,
} from "./catalog.js";
export type * from "./catalog-types.js";
export { expectation } from "./arguments.js";

export type { LibraryArguments } from "./make.js";

/**
 * A netunicorn-library task by short name ("Ping", "tcpdump.StartCapture") or class path, e.g.
 * `libraryTask("Ping", { address: "1.1.1.1", count: 5 })` or `libraryTask("Ping", ["1.1.1.1", 5])`.
 * Unknown, missing or wrongly typed parameters throw UsageError naming the task and the parameter.
 */
export function libraryTask<K extends LibraryTaskName>(name: K, params?: LibraryTaskParams[K] | readonly TaskArgument[], options?: LibraryTaskOptions): LibraryTask | LibraryDispatcher;
export function libraryTask(name: string, params?: LibraryArguments, options?: LibraryTaskOptions): LibraryTask | LibraryDispatcher;
export function libraryTask(name: string, params: LibraryArguments = {}, options: LibraryTaskOptions = {}): LibraryTask | LibraryDispatcher {
  const entry = findLibraryTask(name);
  return makeLibraryTask(entry, `libraryTask ${shortName(entry)}`, params, options);
}

/**
 * The core `task()` that knows the catalog: a class of netunicorn-library gets its parameters
 * checked, its requirements and (for a TaskDispatcher) dispatch per node; any other class is a
 * plain reference, exactly as the core `task()` makes it.
 */
export function task(className: string, options: TaskOptions = {}): TaskReference {
  const entry = catalogEntry(className);
  if (entry === undefined) return plainTask(className, options);
  const { args = [], kwargs = {}, name, requirements } = options;
  return createLibraryTask(entry, args, kwargs, { name, requirements }, `task ${className}`);
}
export { architecturesOf, describeEntry, describeEntryText, installsOf, resultsOf, searchLibraryTasks, topicOf } from "./describe.js";
export { compactDataclasses } from "../pickle/view-dataclass.js";
export { DispatchError, type DispatchErrorOptions } from "./errors.js";
