/**
 * A task run's value as table columns: a dataclass or a dict with str keys gives one column per
 * field (scalars as they are, anything nested as its JSON text), a bare scalar gives `value`,
 * anything else gives no columns (its JSON view stays in the row's `value`). Units come from
 * the value itself: PingResult's `unit_rtt` ("ms") applies to min_rtt, avg_rtt, max_rtt, …
 */
import { setOwnProperty, type JsonValue } from "../json.js";
import { toView } from "../pickle/view.js";
import type { PyValue } from "../pickle/value.js";
import type { Cell } from "./types.js";

export type JsonObject = { [key: string]: JsonValue };

export interface Columns {
  fields: Record<string, Cell>;
  units: Record<string, string>;
  value: JsonValue;
}

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const SPECIAL_FLOATS: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity, "-0": -0 };

/** The cell of a scalar view (numbers, strings, marked big ints, floats, dates…), or undefined when it is not one. */
export function cellOf(v: JsonValue | undefined): Cell | undefined {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (!isJsonObject(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const inner = v[keys[0]!];
  switch (keys[0]) {
    case "$float":
      return typeof inner === "string" ? SPECIAL_FLOATS[inner] : undefined;
    case "$int": // beyond 2**53: the digits, whole
    case "$decimal":
    case "$datetime":
    case "$date":
    case "$time":
    case "$uuid":
      return typeof inner === "string" ? inner : undefined;
    case "$timedelta": // total seconds
      return typeof inner === "number" ? inner : undefined;
    default:
      return undefined;
  }
}

/** The field entries of a record view: a compacted dataclass, an object's state dict, or a plain str-keyed dict. */
export function recordEntries(v: JsonValue): [string, JsonValue][] | undefined {
  if (!isJsonObject(v)) return undefined;
  if (typeof v["$dataclass"] === "string") return Object.entries(v).filter(([k]) => k !== "$dataclass");
  if (typeof v["$object"] === "string") {
    const state = v["state"];
    const plainObject = Object.keys(v).every((k) => k === "$object" || k === "state");
    return plainObject && isJsonObject(state) && isPlainDict(state) ? Object.entries(state) : undefined;
  }
  return isPlainDict(v) ? Object.entries(v) : undefined;
}

/** A dict view (str keys), not one of the view's `{"$…": …}` markers. */
function isPlainDict(v: JsonObject): boolean {
  const keys = Object.keys(v);
  return !(keys.length === 1 && keys[0]!.startsWith("$")) && !("$object" in v) && !("$exception" in v);
}

// `unit` alone names the unit of these fields (PacketResult: time + unit).
const UNIT_OF_SINGLE = ["time", "value", "rtt", "latency", "duration"];

/** Field → unit from unit fields: `unit_<x>` → fields `<x>` and `*_<x>`; `<x>_unit` → `<x>`; `unit` → time/value/…. */
export function unitsOf(fields: Record<string, Cell>): Record<string, string> {
  const units: Record<string, string> = {};
  const numeric = Object.keys(fields).filter((k) => typeof fields[k] === "number");
  for (const [key, unit] of Object.entries(fields)) {
    if (typeof unit !== "string" || unit === "") continue;
    let applies: (f: string) => boolean;
    if (key === "unit") applies = (f) => UNIT_OF_SINGLE.includes(f);
    else if (key.startsWith("unit_")) applies = (f) => f === key.slice(5) || f.endsWith(`_${key.slice(5)}`);
    else if (key.endsWith("_unit")) applies = (f) => f === key.slice(0, -5);
    else continue;
    for (const f of numeric) if (applies(f) && units[f] === undefined) units[f] = unit;
  }
  return units;
}

/** The fields of a value's view (see the module comment). */
export function fieldsOf(view: JsonValue): Record<string, Cell> {
  const scalar = cellOf(view);
  if (scalar !== undefined) return view === null ? {} : { value: scalar };
  const entries = recordEntries(view);
  if (entries === undefined) return {};
  const fields: Record<string, Cell> = {};
  for (const [key, x] of entries) {
    const cell = cellOf(x);
    // nested values (lists, records) stay one column: their JSON text
    setOwnProperty(fields, key, cell === undefined ? JSON.stringify(x) : cell);
  }
  return fields;
}

const LIBRARY = "netunicorn.library.";

/**
 * The view with netunicorn-library objects shown as `{"$dataclass": "PingResult", field: …}`, as
 * compactDataclasses (pickle/view-dataclass.ts) shows them, but rewriting the freshly made view in
 * place: a copy per value made 20,000 Ping rows twice as slow. Shared sub-views (toView shows a
 * shared reference by the same object) are rewritten once; the rewrite is idempotent.
 */
function compactInPlace(view: JsonValue, depth = 0): JsonValue {
  if (view === null || typeof view !== "object" || depth > 1000) return view;
  if (Array.isArray(view)) {
    for (let i = 0; i < view.length; i++) view[i] = compactInPlace(view[i]!, depth + 1);
    return view;
  }
  const path = view["$object"];
  const state = view["state"];
  if (typeof path === "string" && path.startsWith(LIBRARY) && isJsonObject(state) && Object.keys(view).length === 2) {
    const keys = Object.keys(state);
    if (keys.every((k) => /^[A-Za-z_]\w*$/.test(k))) {
      const out: JsonObject = { $dataclass: path.slice(path.lastIndexOf(".") + 1) };
      for (const k of keys) setOwnProperty(out, k, compactInPlace(state[k]!, depth + 1));
      return out;
    }
  }
  for (const k of Object.keys(view)) setOwnProperty(view, k, compactInPlace(view[k]!, depth + 1));
  return view;
}

/** Columns of one decoded value. */
export function columnsOf(value: PyValue): Columns {
  const view = compactInPlace(toView(value));
  const fields = fieldsOf(view);
  return { fields, units: unitsOf(fields), value: view };
}
