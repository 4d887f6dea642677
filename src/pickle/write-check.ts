/**
 * A quick up-front check that a value can be pickled, so mistakes (a function, a Date, undefined
 * in a list) surface where the value is given, not later when the graph is written.
 */
import {
  PyByteArray, PyComplex, PyDate, PyDateTime, PyDecimal, PyException, PyFloat, PyGlobal, PyObject, PyResult, PyTime,
  PyTimeDelta, PyTuple, PyUUID,
} from "./value.js";
import { isPlainObject, plainEntries } from "./write-classes.js";

/** Python values without parts to check. */
const LEAVES = [Uint8Array, PyGlobal, PyFloat, PyByteArray, PyDateTime, PyDate, PyTime, PyTimeDelta, PyDecimal, PyUUID, PyComplex];

/** Returns a description of the first unpicklable part of `value` ("" when it is fine), e.g. "args[0].host is a function". */
export function findUnpicklable(value: unknown, path = "value"): string {
  const seen = new Set<object>();
  const find = (v: unknown, at: string): string => {
    if (v === undefined || typeof v === "function" || typeof v === "symbol") {
      return `${at} is ${v === undefined ? "undefined" : `a ${typeof v}`}`;
    }
    if (typeof v !== "object" || v === null || seen.has(v)) return "";
    seen.add(v);
    // The parts of a container as [path segment, value].
    let parts: [string, unknown][];
    if (Array.isArray(v) || v instanceof PyTuple) parts = (Array.isArray(v) ? v : v.items).map((x, i) => [`[${i}]`, x]);
    else if (v instanceof Map) parts = [...(v as Map<unknown, unknown>)].flatMap(([k, x]) => [[" key", k], [`[${String(k)}]`, x]]);
    else if (v instanceof Set) parts = [...(v as Set<unknown>)].map((x) => ["", x]);
    else if (v instanceof PyResult) parts = [[".value", v.value]];
    else if (v instanceof PyException) parts = [[".args", v.args], [".state", v.state ?? null]];
    else if (v instanceof PyObject) {
      parts = [[".callable", v.callable], [".args", v.args], [".kwargs", v.kwargs ?? null], [".state", v.state ?? null], [".listItems", v.listItems ?? []], [".dictItems", v.dictItems ?? []]];
    }
    else if (isPlainObject(v)) parts = plainEntries(v).map(([k, x]) => [`.${k}`, x]);
    else if (LEAVES.some((cls) => v instanceof cls)) parts = [];
    else return `${at} is a ${v.constructor?.name ?? "object"}, which has no Python equivalent`;
    for (const [segment, x] of parts) {
      const problem = find(x, at + segment);
      if (problem) return problem;
    }
    return "";
  };
  try {
    return find(value, path);
  } catch (error) {
    // A structure nested deeper than the JS stack: the writer would refuse it too.
    if (error instanceof RangeError) return `${path} is nested too deeply to pickle`;
    throw error;
  }
}
