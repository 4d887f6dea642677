/**
 * The one way a library task is made from its catalog entry, for `libraryTask(name)` (which finds
 * the entry by name in the whole catalog) and for the per-class functions of
 * `netunicorn/library/tasks` (each given its own entry): same checks, same dispatch, same requirements.
 */
import type { TaskArgument } from "../graph/task.js";
import type { CatalogClass } from "./catalog-types.js";
import { createLibraryTask, type LibraryDispatcher, type LibraryTask, type LibraryTaskOptions } from "./task.js";

/** Keyword parameters (an object) or positional ones (an array), as the Python constructor takes them. */
export type LibraryArguments = Readonly<Record<string, TaskArgument | undefined>> | readonly TaskArgument[];

/** The task for `entry` with `params` (keywords or positional) and `options`; `who` names the operation in errors. */
export function makeLibraryTask(entry: CatalogClass, who: string, params: LibraryArguments = {}, options: LibraryTaskOptions = {}): LibraryTask | LibraryDispatcher {
  return Array.isArray(params)
    ? createLibraryTask(entry, params as readonly TaskArgument[], {}, options, who)
    : createLibraryTask(entry, [], params as Readonly<Record<string, TaskArgument | undefined>>, options, who);
}
