/**
 * Checks a library task's arguments against its catalog entry before anything is built or sent:
 * positional and keyword arguments bound to the declared parameters as Python would bind them,
 * unknown, missing and wrongly typed ones refused with a UsageError naming task and parameter.
 */
import { UsageError } from "../errors.js";
import type { TaskArgument } from "../graph/task.js";
import { PySet } from "../pickle/value.js";
import type { CatalogClass, CatalogParameter } from "./catalog-types.js";

/** The arguments as given, and every parameter's value (defaults filled in where JSON can hold them). */
export interface BoundArguments {
  args: TaskArgument[];
  kwargs: Record<string, TaskArgument>;
  values: Map<string, TaskArgument>;
}

const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === "string");
const isStringSet = (v: unknown): boolean => (v instanceof Set || v instanceof PySet) && [...v].every((x) => typeof x === "string");
const isInt = (v: unknown): boolean => typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v));

/** Annotation → [what we say is expected, check]. Annotations not listed accept any picklable value. */
const CHECKS: Record<string, [string, (v: unknown) => boolean]> = {
  str: ["a string (str)", (v) => typeof v === "string"],
  int: ["an integer (int)", isInt],
  float: ["a number (float)", (v) => (typeof v === "number" && Number.isFinite(v)) || typeof v === "bigint"],
  bool: ["true or false (bool)", (v) => typeof v === "boolean"],
  list: ["a list", Array.isArray],
  "list[str]": ["a list of strings (list[str])", isStringList],
  "List[str]": ["a list of strings (List[str])", isStringList],
  "Set[str]": ["a set or list of strings (Set[str])", (v) => isStringSet(v) || isStringList(v)],
  "Literal['basic']": ['"basic"', (v) => v === "basic"],
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  return typeof value === "object" ? `an object (${(value as object).constructor?.name ?? "Object"})` : `a ${typeof value}`;
}

/** What a parameter expects, in words ("an integer (int), default 1"). */
export function expectation(p: CatalogParameter): string {
  const optional = /^Optional\[(.*)\]$/.exec(p.type ?? "");
  const inner = optional ? optional[1]! : p.type;
  const what = inner === null ? "any value" : (CHECKS[inner]?.[0] ?? `a ${inner}`);
  const orNone = optional || p.default === null ? " or null" : "";
  const dflt = "default" in p ? `, default ${JSON.stringify(p.default)}` : ", required";
  return `${what}${orNone}${dflt}`;
}

/** Undefined when `value` fits the parameter, else the complaint. */
function typeProblem(p: CatalogParameter, value: unknown): string | undefined {
  const optional = /^Optional\[(.*)\]$/.exec(p.type ?? "");
  if (value === null && (optional || p.default === null)) return undefined;
  const check = CHECKS[optional ? optional[1]! : (p.type ?? "")];
  if (check === undefined || check[1](value)) return undefined;
  return `parameter "${p.name}" expects ${expectation(p)}; got ${describe(value)}`;
}

/** Binds `args`/`kwargs` to the parameters of `entry`; `who` starts every error message. */
export function bindArguments(entry: CatalogClass, args: readonly TaskArgument[], kwargs: Readonly<Record<string, TaskArgument | undefined>>, who: string): BoundArguments {
  const fail = (message: string): never => {
    throw new UsageError(`${who}: ${message}`);
  };
  const params = entry.params;
  const list = (): string => (params.length === 0 ? "no parameters besides name" : params.map((p) => p.name).join(", ") + ", and name");
  if (!Array.isArray(args)) fail("positional arguments must be an array");
  if (kwargs === null || typeof kwargs !== "object" || Array.isArray(kwargs)) fail("keyword arguments must be an object");
  // The flent shortcuts call FlentCommand(test_name=..., *args, **kwargs): a positional argument is a TypeError in Python.
  if (entry.keywordOnly && args.length > 0) fail(`takes keyword arguments only (${list()})`);
  if (args.length > params.length) fail(`takes at most ${params.length} positional argument(s) (${list()}), got ${args.length}; give the name with the name option`);
  const values = new Map<string, TaskArgument>();
  args.forEach((value, i) => values.set(params[i]!.name, value));
  const given: Record<string, TaskArgument> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (value === undefined) continue;
    if (key === "name") fail('give the task name with the "name" option, not as a parameter');
    if (!params.some((p) => p.name === key)) fail(`unknown parameter "${key}"; it takes ${list()}`);
    if (values.has(key)) fail(`got multiple values for parameter "${key}" (positional and keyword)`);
    values.set(key, value);
    given[key] = value;
  }
  for (const p of params) {
    const value = values.get(p.name);
    if (value === undefined) {
      if (!("default" in p)) fail(`missing required parameter "${p.name}" (${expectation(p)})`);
      const d = p.default;
      if (d === null || typeof d !== "object" || Array.isArray(d)) values.set(p.name, (d ?? null) as TaskArgument);
      continue;
    }
    const problem = typeProblem(p, value);
    if (problem !== undefined) fail(problem);
  }
  return { args: [...args], kwargs: given, values };
}
