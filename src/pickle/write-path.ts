/**
 * Helpers of the pickle writer: where in the written value an error happened, which values
 * Python can hash (dict keys, set elements), CPython's batch size, and module/name splitting.
 */
import { PickleError } from "../errors.js";
import { PyByteArray, PySet, PyTuple } from "./value.js";

/** CPython's pickler batches APPENDS, SETITEMS and ADDITEMS by 1000 items. */
export const BATCH = 1000;

const paths = new WeakMap<PickleError, string[]>();

/** Records that `error` happened inside the container element `segment` ("[3]", ".host"). */
export function addPathSegment(error: unknown, segment: string): void {
  if (!(error instanceof PickleError)) return;
  const path = paths.get(error) ?? [];
  path.unshift(segment);
  paths.set(error, path);
}

export function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function plainEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/** Whether Python could use the value as a dict key or set element. */
export function isHashable(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (Array.isArray(value) || value instanceof Map || value instanceof PyByteArray) return false;
  if (value instanceof Set) return value instanceof PySet && value.frozen;
  if (value instanceof PyTuple) return value.items.every(isHashable);
  return !isPlainObject(value);
}

export function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value instanceof PySet || value instanceof Set) return "a set";
  if (value instanceof PyByteArray) return "a bytearray";
  if (value instanceof PyTuple) return "a tuple holding an unhashable value";
  return "a dict";
}

/** Wraps `fn` so errors carry the path of the value inside the written structure. */
export function withPath<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof PickleError) {
      const path = paths.get(error);
      if (path === undefined || path.length === 0) throw error;
      throw new PickleError(`${error.message} (at value${path.join("")})`, {
        offset: error.offset,
        opcode: error.opcode,
      });
    }
    if (error instanceof RangeError) {
      throw new PickleError("pickle: value nested too deeply to write", { offset: 0, cause: error });
    }
    throw error;
  }
}

/** "a.b.C" → ["a.b", "C"]; a bare name is a builtin. */
export function splitQualified(path: string): [string, string] {
  const dot = path.lastIndexOf(".");
  if (dot <= 0 || dot === path.length - 1) return ["builtins", path];
  return [path.slice(0, dot), path.slice(dot + 1)];
}
