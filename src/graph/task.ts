/**
 * Tasks: references to Python task classes by import path, with the arguments their constructor
 * gets on the node. The executor builds each task by calling its class, so the class's own
 * constructor runs exactly as in Python. Every task has an explicit name (generated when not
 * given) because results come back keyed by task name.
 */
import { UsageError } from "../errors.js";
import { findUnpicklable } from "../pickle/write-check.js";
import type { Picklable } from "../pickle/write.js";
import { splitQualified } from "../pickle/write-classes.js";
import { randomSuffix } from "./ids.js";
import { isLibraryDispatcher } from "./library-dispatchers.js";

/** Any value a task constructor can receive: JSON-like values, bigint, bytes, or Python values. */
export type TaskArgument = Picklable;

export interface TaskOptions {
  /** Positional constructor arguments. */
  args?: readonly TaskArgument[];
  /** Keyword constructor arguments (`name` is given separately; undefined values are left out). */
  kwargs?: Readonly<Record<string, TaskArgument | undefined>>;
  /** The task name (results are keyed by it); default `<ClassName>-<8 hex digits>`. */
  name?: string;
  /** Shell commands the environment needs for this task (appended to the environment's commands). */
  requirements?: readonly string[];
}

export interface TaskShortcutOptions {
  name?: string;
  requirements?: readonly string[];
}

const CLASS_PATH = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;
const LIBRARY = "netunicorn.library.tasks.basic.";

/** A UsageError about a task; `where` follows "task" (" <class>", ' "<name>"' or nothing). */
function refuse(where: string, message: string): never {
  throw new UsageError(`task${where}: ${message}`);
}

/** A task of the execution graph: which class to instantiate and with what. Compared by identity. */
export class TaskReference {
  readonly className: string;
  readonly args: readonly TaskArgument[];
  readonly kwargs: Readonly<Record<string, TaskArgument>>;
  readonly name: string;
  readonly requirements: readonly string[];

  constructor(className: string, options: TaskOptions = {}) {
    if (typeof className !== "string" || !CLASS_PATH.test(className)) {
      refuse("", `class path must look like "package.module.ClassName", got ${JSON.stringify(className)}`);
    }
    // Options of the wrong kind are refused (a string spread into characters would be a silent mistake).
    let where = ` ${className}`;
    if (options === null || typeof options !== "object") refuse(where, "options must be an object");
    const { args = [], kwargs = {}, name, requirements = [] } = options;
    if (!Array.isArray(args)) refuse(where, "args must be an array");
    if (!Array.isArray(requirements) || !requirements.every((r) => typeof r === "string")) {
      refuse(where, "requirements must be an array of shell commands (strings)");
    }
    if (kwargs === null || typeof kwargs !== "object" || Array.isArray(kwargs)) refuse(where, "kwargs must be an object of keyword arguments");
    this.className = className;
    this.args = [...args];
    this.kwargs = Object.fromEntries(
      Object.entries(kwargs).filter((entry): entry is [string, TaskArgument] => entry[1] !== undefined),
    );
    this.name = name ?? `${this.qualifiedName}-${randomSuffix()}`;
    this.requirements = [...requirements];
    if (typeof this.name !== "string" || this.name === "") refuse("", `the name of a ${className} must be a non-empty string`);
    where = ` ${JSON.stringify(this.name)}`;
    for (const key of Object.keys(this.kwargs)) {
      if (!IDENTIFIER.test(key)) refuse(where, `keyword argument ${JSON.stringify(key)} is not a Python identifier`);
      if (key === "name") refuse(where, 'give the name with the "name" option, not as a keyword argument');
    }
    const bad = findUnpicklable([...this.args], "args") || findUnpicklable({ ...this.kwargs }, "kwargs");
    if (bad !== "") refuse(where, bad);
  }

  /** The module part of the class path ("netunicorn.library.tasks.basic"). */
  get module(): string {
    return splitQualified(this.className)[0];
  }

  /** The class name inside its module ("ShellCommand"). */
  get qualifiedName(): string {
    return splitQualified(this.className)[1];
  }

  toString(): string {
    return `${this.className}(name=${this.name})`;
  }
}

/**
 * A reference to any Python task class, e.g. `task("netunicorn.library.tasks.basic.SleepTask", { args: [5] })`.
 * The class is called on the node with these arguments, nothing more: netunicorn-library's
 * catalog facts (parameter checks, requirements) come with `task()`/`libraryTask()` from
 * `netunicorn/library`. A library TaskDispatcher is refused here, because pickled as it is the
 * executor could not run it: it must be dispatched per node, which netunicorn/library's task() does.
 */
export function task(className: string, options: TaskOptions = {}): TaskReference {
  if (isLibraryDispatcher(className)) {
    refuse(` ${className}`, 'is a TaskDispatcher of netunicorn-library: create it with task() or libraryTask() from "netunicorn/library", which dispatch it per node');
  }
  return new TaskReference(className, options);
}

/**
 * netunicorn-library's ShellCommand(command): runs `argv` without a shell and returns its output.
 * A single string runs through the shell (the library's legacy mode).
 */
export function shellCommand(argv: readonly string[] | string, options: TaskShortcutOptions = {}): TaskReference {
  const ok = typeof argv === "string" ? argv !== "" : argv.length > 0 && argv.every((a) => typeof a === "string");
  if (!ok) throw new UsageError("shellCommand: the command must be a non-empty list of strings (or a shell string)");
  return task(`${LIBRARY}ShellCommand`, { ...options, args: [typeof argv === "string" ? argv : [...argv]] });
}

/** netunicorn-library's SleepTask(seconds): sleeps, then returns `seconds`. */
export function sleep(seconds: number, options: TaskShortcutOptions = {}): TaskReference {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(`sleep: seconds must be a finite number >= 0, got ${String(seconds)}`);
  }
  return task(`${LIBRARY}SleepTask`, { ...options, args: [seconds] });
}

/** netunicorn-library's DummyTask(): does nothing and returns True. */
export function dummy(options: TaskShortcutOptions = {}): TaskReference {
  return task(`${LIBRARY}DummyTask`, options);
}
