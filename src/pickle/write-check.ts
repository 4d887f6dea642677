/**
 * A quick up-front check that a value can be pickled, so mistakes (a function, a Date, undefined
 * in a list) surface where the value is given, not later when the graph is written.
 */
import { PyDict, PyObject, PyResult, PySet, PyTuple, PyException } from "./value.js";
import * as values from "./value.js";
import { isPlainObject, plainEntries } from "./write-path.js";

type AnyClass = abstract new (...args: never[]) => object;
const VALUE_CLASSES = Object.values(values as Record<string, unknown>).filter(
  (v): v is AnyClass => typeof v === "function",
);

interface Problem {
  /** Path segments from the checked value down to the problem, e.g. ["[0]", ".host"]. */
  segments: string[];
  reason: string;
}

/** Returns a description of the first unpicklable part of `value` ("" when it is fine). */
export function findUnpicklable(value: unknown, path = "value"): string {
  let problem: Problem | undefined;
  try {
    problem = find(value, new Set());
  } catch (error) {
    // A structure nested deeper than the JS stack: the writer would refuse it too.
    if (error instanceof RangeError) return `${path} is nested too deeply to pickle`;
    throw error;
  }
  return problem === undefined ? "" : `${path}${problem.segments.join("")} ${problem.reason}`;
}

function find(value: unknown, seen: Set<object>): Problem | undefined {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
    case "bigint":
      return undefined;
    case "object":
      if (value === null || seen.has(value)) return undefined;
      seen.add(value);
      return findInObject(value, seen);
    default:
      return { segments: [], reason: `is ${value === undefined ? "undefined" : `a ${typeof value}`}` };
  }
}

function findInObject(value: object, seen: Set<object>): Problem | undefined {
  const children = childrenOf(value);
  if (typeof children === "string") return { segments: [], reason: children };
  for (const [segment, child] of children) {
    const problem = find(child, seen);
    if (problem !== undefined) {
      problem.segments.unshift(typeof segment === "number" ? `[${segment}]` : segment);
      return problem;
    }
  }
  return undefined;
}

/** The parts of a container as [path segment, value], or the reason it cannot be pickled. */
function childrenOf(value: object): Iterable<[string | number, unknown]> | string {
  if (Array.isArray(value)) return value.entries();
  if (value instanceof Uint8Array) return [];
  if (value instanceof PyTuple) return value.items.entries();
  if (value instanceof PyDict || value instanceof Map) {
    return [...(value as Map<unknown, unknown>)].flatMap(([k, v]): [string, unknown][] => [
      [" key", k],
      [`[${String(k)}]`, v],
    ]);
  }
  if (value instanceof PySet || value instanceof Set) return [...(value as Set<unknown>)].map((v): [string, unknown] => ["", v]);
  if (value instanceof PyResult) return [[".value", value.value]];
  if (value instanceof PyException) return [[".args", value.args]];
  if (value instanceof PyObject) return [[".args", value.args], [".state", value.state ?? null]];
  if (VALUE_CLASSES.some((cls) => value instanceof cls)) return [];
  if (isPlainObject(value)) return plainEntries(value).map(([k, v]): [string, unknown] => [`.${k}`, v]);
  const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
  return `is a ${kind}, which has no Python equivalent`;
}
