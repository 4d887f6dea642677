/**
 * A quick up-front check that a value can be pickled, so mistakes (a function, a Date, undefined
 * in a list) surface where the value is given, not later when the graph is written.
 */
import { PickleError } from "../errors.js";
import { PyDict, PyObject, PyResult, PySet, PyTuple, PyException } from "./value.js";
import * as values from "./value.js";

type AnyClass = abstract new (...args: never[]) => object;
const VALUE_CLASSES = Object.values(values as Record<string, unknown>).filter(
  (v): v is AnyClass => typeof v === "function",
);

/** Returns a description of the first unpicklable part of `value` ("" when it is fine). */
export function findUnpicklable(value: unknown, path = "value", seen = new Set<object>()): string {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
    case "bigint":
      return "";
    case "object":
      if (value === null || seen.has(value)) return "";
      seen.add(value);
      return findInObject(value, path, seen);
    default:
      return `${path} is a ${typeof value}`;
  }
}

function findInObject(value: object, path: string, seen: Set<object>): string {
  const children = childrenOf(value, path);
  if (typeof children === "string") return children;
  for (const [childPath, child] of children) {
    const found = findUnpicklable(child, childPath, seen);
    if (found !== "") return found;
  }
  return "";
}

function childrenOf(value: object, path: string): [string, unknown][] | string {
  if (Array.isArray(value)) return value.map((v, i) => [`${path}[${i}]`, v]);
  if (value instanceof Uint8Array) return [];
  if (value instanceof PyTuple) return value.items.map((v, i) => [`${path}[${i}]`, v]);
  if (value instanceof PyDict || value instanceof Map) {
    return [...(value as Map<unknown, unknown>)].flatMap(([k, v]) => [
      [`${path} key`, k],
      [`${path}[${String(k)}]`, v],
    ]);
  }
  if (value instanceof PySet || value instanceof Set) return [...(value as Set<unknown>)].map((v) => [path, v]);
  if (value instanceof PyResult) return [[`${path}.value`, value.value]];
  if (value instanceof PyException) return value.args.map((v, i) => [`${path}.args[${i}]`, v]);
  if (value instanceof PyObject) return [[`${path}.args`, value.args], [`${path}.state`, value.state ?? null]];
  if (VALUE_CLASSES.some((cls) => value instanceof cls)) return [];
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    return Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [`${path}.${k}`, v]);
  }
  const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
  return `${path} is a ${kind}, which has no Python equivalent`;
}

/** Throws a PickleError naming the first unpicklable part of `value`. */
export function assertPicklable(value: unknown, operation: string, path = "value"): void {
  const found = findUnpicklable(value, path);
  if (found !== "") throw new PickleError(`${operation}: cannot pickle ${found}`, { offset: 0, operation });
}
