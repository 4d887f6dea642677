/**
 * Python's `data["key"]`, iteration and `in` on JSON values, failing with Python's own exception
 * texts: the real server parses request bodies with such code and puts str(exception) in its
 * answers ("Couldn't parse experiment from the provided data: 'deployment_map'").
 */
import type { PyJson } from "./py-json.js";
import { pyStrRepr, pyTypeName } from "./py-repr.js";

/** A Python exception raised while reading a body: `text` is its str(). */
export class PyRaised {
  constructor(
    readonly kind: "KeyError" | "TypeError" | "ValueError" | "AttributeError",
    readonly text: string,
  ) {}
}

export type PyDictJson = { [key: string]: PyJson };

export function isDict(value: PyJson | undefined): value is PyDictJson {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `value[key]` with a str key. */
export function getItem(value: PyJson | undefined, key: string): PyJson {
  if (isDict(value)) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) throw new PyRaised("KeyError", pyStrRepr(key));
    return value[key] as PyJson;
  }
  if (Array.isArray(value)) throw new PyRaised("TypeError", "list indices must be integers or slices, not str");
  if (typeof value === "string") throw new PyRaised("TypeError", "string indices must be integers, not 'str'");
  throw new PyRaised("TypeError", `'${pyTypeName(value)}' object is not subscriptable`);
}

/** `value.get(key, fallback)`. */
export function getOptional(value: PyJson | undefined, key: string, fallback: PyJson): PyJson {
  if (isDict(value)) return Object.prototype.hasOwnProperty.call(value, key) ? (value[key] as PyJson) : fallback;
  throw new PyRaised("AttributeError", `'${pyTypeName(value)}' object has no attribute 'get'`);
}

/** `for item in value`: lists give items, dicts their keys, strings their characters. */
export function iterate(value: PyJson | undefined): PyJson[] {
  if (Array.isArray(value)) return value;
  if (isDict(value)) return Object.keys(value);
  if (typeof value === "string") return [...value];
  throw new PyRaised("TypeError", `'${pyTypeName(value)}' object is not iterable`);
}

/** `needle in value`. */
export function contains(value: PyJson | undefined, needle: string): boolean {
  if (isDict(value)) return Object.prototype.hasOwnProperty.call(value, needle);
  if (Array.isArray(value)) return value.includes(needle);
  if (typeof value === "string") return value.includes(needle);
  throw new PyRaised("TypeError", `argument of type '${pyTypeName(value)}' is not iterable`);
}

/** Python truthiness. */
export function truthy(value: PyJson | undefined): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
}

/** `.items()` of a dict. */
export function items(value: PyJson | undefined): [string, PyJson][] {
  if (isDict(value)) return Object.entries(value);
  throw new PyRaised("AttributeError", `'${pyTypeName(value)}' object has no attribute 'items'`);
}

/** `int(value)` for the runtime-context check: ValueError for bad text, TypeError for other types. */
export function pyInt(value: PyJson): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new PyRaised("ValueError", "cannot convert float infinity to integer");
    return Math.trunc(value);
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const text = value.trim().replace(/(\d)_(?=\d)/g, "$1");
    if (/^[-+]?\d+$/.test(text)) return Number(text);
    throw new PyRaised("ValueError", `invalid literal for int() with base 10: ${pyStrRepr(value)}`);
  }
  throw new PyRaised("TypeError", `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`);
}
