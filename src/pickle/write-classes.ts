/**
 * The pickle writer's classes: the object records (callable, arguments, state) that CPython 3.11
 * pickles the value classes of value.ts as, and which JavaScript values are dicts, hashable, or
 * name a class. write.ts writes the records; nothing here writes bytes.
 */
import type { PickleError } from "../errors.js";
import {
  PyByteArray,
  PyComplex,
  PyDate,
  PyDateTime,
  PyDecimal,
  PyDict,
  PyException,
  PyFloat,
  PyGlobal,
  PyObject,
  PyResult,
  PySet,
  PyTime,
  PyTimeDelta,
  PyTuple,
  PyUUID,
  type PyValue,
} from "./value.js";

/** The writer, which makes its PickleErrors (naming where in the value it happened) from a message. */
export interface ErrorSource {
  error(message: string): PickleError;
}

const call = (module: string, name: string, args: PyValue[], state?: PyValue): PyObject => {
  const object = new PyObject(new PyGlobal(module, name), args, state !== undefined);
  object.state = state;
  return object;
};

/**
 * The types the decoder rebuilds (returns' Success/Failure, exceptions, datetime, Decimal,
 * UUID, complex, bytearray in protocol 4) as the object records CPython 3.11 pickles them as
 * (checked with pickletools on the fixture pickles), or undefined for other objects.
 */
export function knownObject(v: object, writer: ErrorSource): PyObject | undefined {
  /** The integer fields of `v`, each checked against its [min, max] range; `what` names the Python type in messages. */
  const ints = (what: string, fields: [string, number, number][]): number[] =>
    fields.map(([field, min, max]) => {
      const n = (v as unknown as Record<string, number>)[field]!;
      if (!Number.isInteger(n) || n < min || n > max) {
        throw writer.error(`datetime.${what} ${field} must be an integer from ${min} to ${max}, got ${n}`);
      }
      return n;
    });
  const date = (what: string): number[] => {
    const [year, month, day] = ints(what, [["year", 1, 9999], ["month", 1, 12], ["day", 1, 31]]) as [number, number, number];
    return [year >> 8, year & 255, month, day];
  };
  // datetime.datetime(b'<10 bytes>'[, tzinfo]) and datetime.time(b'<6 bytes>'[, tzinfo]); a
  // tzinfo is timezone(timedelta(days, seconds, 0)), which is also how CPython writes timezone.utc.
  const clock = (c: PyDateTime | PyTime, what: string, state: number[]): PyObject => {
    const [hour, minute, second, us] = ints(what, [["hour", 0, 23], ["minute", 0, 59], ["second", 0, 59], ["microsecond", 0, 999_999]]) as [number, number, number, number];
    const args: PyValue[] = [Uint8Array.from([...state, hour, minute, second, us >> 16, (us >> 8) & 255, us & 255])];
    if (c.utcOffsetSeconds !== null) {
      const [offset] = ints(what, [["utcOffsetSeconds", -86_399, 86_399]]) as [number];
      const days = Math.floor(offset / 86_400);
      args.push(call("datetime", "timezone", [call("datetime", "timedelta", [days, offset - days * 86_400, 0])]));
    }
    return call("datetime", what, args);
  };
  const MAX = Number.MAX_SAFE_INTEGER;
  if (v instanceof PyResult) return call("returns.result", v.ok ? "Success" : "Failure", [], new PyDict([["container_value", v.value]]));
  if (v instanceof PyException) {
    // BaseException.__reduce__: (cls, args) or (cls, args, __dict__): REDUCE, then BUILD with the attributes
    const object = call(...splitQualified(v.className), v.args);
    object.state = v.state;
    return object;
  }
  if (v instanceof PyDateTime) return clock(v, "datetime", date("datetime"));
  if (v instanceof PyDate) return call("datetime", "date", [Uint8Array.from(date("date"))]);
  if (v instanceof PyTime) return clock(v, "time", []);
  if (v instanceof PyTimeDelta) {
    return call("datetime", "timedelta", ints("timedelta", [["days", -999_999_999, 999_999_999], ["seconds", -MAX, MAX], ["microseconds", -MAX, MAX]]));
  }
  if (v instanceof PyDecimal) return call("decimal", "Decimal", [v.value]);
  if (v instanceof PyUUID) {
    // UUID's __getstate__ is {'int': <128-bit int>}
    const hex = v.value.replace(/-/g, "");
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw writer.error(`not a UUID: ${JSON.stringify(v.value)}`);
    return call("uuid", "UUID", [], new PyDict([["int", BigInt(`0x${hex}`)]]));
  }
  if (v instanceof PyComplex) return call("builtins", "complex", [new PyFloat(v.real), new PyFloat(v.imag)]);
  // Protocol 4 has no bytearray opcode: CPython writes builtins.bytearray(bytes).
  if (v instanceof PyByteArray) return call("builtins", "bytearray", [v.bytes]);
  return undefined;
}

/** How a value Python cannot hash (as a dict key or set element) is described, or "" when it is hashable. */
export function describeUnhashable(value: unknown): string {
  if (typeof value !== "object" || value === null) return "";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Set) return value instanceof PySet && value.frozen ? "" : "a set";
  if (value instanceof PyByteArray) return "a bytearray";
  if (value instanceof PyTuple) return value.items.some(describeUnhashable) ? "a tuple holding an unhashable value" : "";
  return value instanceof Map || isPlainObject(value) ? "a dict" : "";
}

/** A plain JavaScript object (written as a dict with string keys). */
export function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A plain object's entries without the undefined members (skipped, as JSON does). */
export function plainEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/** "a.b.C" → ["a.b", "C"]; a bare name is a builtin. */
export function splitQualified(path: string): [string, string] {
  const dot = path.lastIndexOf(".");
  if (dot <= 0 || dot === path.length - 1) return ["builtins", path];
  return [path.slice(0, dot), path.slice(dot + 1)];
}
