/**
 * The JSON view of a decoded Python value, exactly per shared/pickle-view.md. Shared references
 * are shown in full each time; only a container met again while inside itself becomes
 * {"$ref": "cycle"}. Bounded: nesting depth and total emitted nodes are limited (a memo "billion
 * laughs" expands exponentially when shown).
 */
import { encodeBase64 } from "../base64.js";
import { PickleError } from "../errors.js";
import { setOwnProperty, type JsonValue } from "../json.js";
import { classPath, skeletonInfo } from "./read-classes.js";
import {
  PyByteArray, PyComplex, PyDate, PyDateTime, PyDecimal, PyDict, PyException, PyFloat, PyObject, PyResult, PySet,
  PyTime, PyTimeDelta, PyTuple, PyUUID, type PyGlobal, type PyValue,
} from "./value.js";

export type { JsonValue };

export interface ViewLimits {
  /** Deepest container nesting shown. */
  maxDepth: number;
  /** Most JSON values emitted, counting every repeat of a shared value. */
  maxNodes: number;
}

export const DEFAULT_VIEW_LIMITS: Readonly<ViewLimits> = Object.freeze({ maxDepth: 1000, maxNodes: 10_000_000 });

const numberView = (n: number): JsonValue =>
  Number.isFinite(n) && !Object.is(n, -0) ? n : { $float: n !== n ? "nan" : n === Infinity ? "inf" : n === -Infinity ? "-inf" : "-0" };

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** HH:MM:SS[.ffffff]; `short` leaves out zero seconds (a UTC offset's form). */
const clock = (h: number, m: number, s: number, us: number, short?: boolean): string =>
  `${pad(h)}:${pad(m)}${short && !s && !us ? "" : ":" + pad(s)}${us ? "." + pad(us, 6) : ""}`;

/** Python's isoformat() of a time of day with its utcoffset suffix (+HH:MM, with :SS and .ffffff only when non-zero). */
function isoTime(t: PyTime | PyDateTime): string {
  const offset = t.utcOffsetSeconds;
  let tail = "";
  if (offset !== null) {
    const us = Math.round(Math.abs(offset) * 1e6);
    const secs = Math.floor(us / 1e6);
    tail = (offset < 0 ? "-" : "+") + clock(Math.floor(secs / 3600), Math.floor(secs / 60) % 60, secs % 60, us % 1e6, true);
  }
  return clock(t.hour, t.minute, t.second, t.microsecond) + tail;
}

const isoDate = (d: PyDate | PyDateTime): string => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/** Merges (dict-or-None, slots-dict) object state into one dict, as the object's attributes. */
function objectState(state: PyValue | undefined): PyValue {
  if (state === undefined) return new PyDict();
  if (state instanceof PyTuple && state.items.length === 2) {
    const [d, slots] = state.items;
    if ((d === null || d instanceof PyDict) && slots instanceof PyDict) return new PyDict([...(d ?? []), ...slots]);
  }
  return state;
}

class Viewer {
  nodes = 0;
  depth = 0;
  /** Shallowest path depth that a cycle marker emitted in the current subtree points to. */
  minRefDepth = Infinity;
  /** Containers being shown, with their depth on the current path. */
  path = new Map<object, number>();
  /** Views that are the same wherever their value appears, with their node count. */
  cache = new Map<object, [JsonValue, number]>();
  constructor(readonly limits: ViewLimits) {}

  fail(message: string): never {
    throw new PickleError(`toView: ${message}`, { offset: 0 });
  }

  count(n: number): void {
    if ((this.nodes += n) > this.limits.maxNodes) this.fail(`more than ${this.limits.maxNodes} values to show (maxNodes limit; shared references are shown in full)`);
  }

  list(items: Iterable<PyValue>): JsonValue[] {
    const out: JsonValue[] = [];
    for (const x of items) out.push(this.view(x));
    return out;
  }

  dict(d: PyDict | [PyValue, PyValue][]): JsonValue {
    for (const k of d instanceof PyDict ? d.keys() : d.map((e) => e[0])) {
      if (typeof k !== "string") {
        const pairs: JsonValue[] = [];
        for (const [k, x] of d) pairs.push([this.view(k), this.view(x)]);
        return { $dict: pairs };
      }
    }
    const o: { [key: string]: JsonValue } = {};
    for (const [k, x] of d) setOwnProperty(o, k as string, this.view(x));
    return o;
  }

  /** Any other object: its class, the arguments it was built with (when any), then its state. */
  object(v: PyObject): JsonValue {
    const out: { [key: string]: JsonValue } = { $object: classPath(v.callable) ?? "?" };
    if (v.args.length > 0) out["args"] = this.list(v.args);
    if (v.kwargs) out["kwargs"] = this.dict(v.kwargs);
    out["state"] = this.view(objectState(v.state));
    return out;
  }

  /** A non-scalar value other than bytes (view() shows bytes without cycle bookkeeping). */
  container(v: Exclude<PyValue, null | boolean | number | bigint | string | Uint8Array>): JsonValue {
    if (Array.isArray(v)) return this.list(v);
    if (v instanceof PyTuple) return this.list(v.items);
    if (v instanceof PyDict) return this.dict(v);
    if (v instanceof PyByteArray) return { $bytes: encodeBase64(v.bytes) };
    if (v instanceof PySet) return { $set: this.list(v) };
    if (v instanceof PyResult) return v.ok ? { $ok: this.view(v.value) } : { $err: this.view(v.value) };
    if (v instanceof PyException) {
      const out: { [key: string]: JsonValue } = { $exception: v.className, args: this.list(v.args) };
      if (v.state !== undefined) out["state"] = this.view(objectState(v.state));
      return out;
    }
    if (v instanceof PyObject) {
      if (skeletonInfo(v)) return { $global: classPath(v) ?? "?" };
      if (v.state === undefined) {
        // a dict subclass counts as a dict, a list subclass as a list
        if (v.dictItems && !v.listItems) return this.dict(v.dictItems);
        if (v.listItems && !v.dictItems) return this.list(v.listItems);
        // cls.__new__(cls, *args) with no state and no items: a tuple subclass (namedtuple) counts as a tuple
        if (v.viaNew && v.args.length > 0 && !v.listItems && !v.dictItems) return this.list(v.args);
      }
      return this.object(v);
    }
    if (v instanceof PyDateTime) return { $datetime: `${isoDate(v)}T${isoTime(v)}` };
    if (v instanceof PyDate) return { $date: isoDate(v) };
    if (v instanceof PyTime) return { $time: isoTime(v) };
    if (v instanceof PyTimeDelta) return { $timedelta: v.totalSeconds };
    if (v instanceof PyDecimal) return { $decimal: v.value };
    if (v instanceof PyUUID) return { $uuid: v.value };
    if (v instanceof PyComplex) return { $complex: [numberView(v.real), numberView(v.imag)] };
    if (v instanceof PyFloat) return numberView(v.value);
    // classes, functions and modules are not values of the view: shown as their path
    return { $global: (v as PyGlobal).qualifiedName };
  }

  view(v: PyValue): JsonValue {
    if (v === null || typeof v !== "object") {
      this.count(1);
      if (typeof v === "number") return numberView(v);
      if (typeof v === "bigint") return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : { $int: v.toString() };
      return v;
    }
    if (v instanceof Uint8Array) return this.count(1), { $bytes: encodeBase64(v) }; // leaves: no cycle or cache bookkeeping
    const onPath = this.path.get(v);
    if (onPath !== undefined) {
      this.minRefDepth = Math.min(this.minRefDepth, onPath);
      this.count(1);
      return { $ref: "cycle" };
    }
    const hit = this.cache.get(v);
    if (hit) return this.count(hit[1]), hit[0];
    const depth = this.depth;
    if (depth >= this.limits.maxDepth) this.fail(`nesting deeper than ${this.limits.maxDepth} (maxDepth limit)`);
    const [startNodes, outerMinRef] = [this.nodes, this.minRefDepth];
    this.path.set(v, this.depth++);
    this.minRefDepth = Infinity;
    try {
      this.count(1);
      const out = this.container(v);
      // the view is the same wherever v appears unless a cycle marker inside points above v
      if (this.minRefDepth >= depth) this.cache.set(v, [out, this.nodes - startNodes]);
      return out;
    } finally {
      this.path.delete(v);
      this.depth--;
      this.minRefDepth = Math.min(outerMinRef, this.minRefDepth);
    }
  }
}

/** The JSON view of a decoded value. Throws PickleError when over the view limits. */
export function toView(value: PyValue, limits?: Partial<ViewLimits>): JsonValue {
  try {
    return new Viewer({ ...DEFAULT_VIEW_LIMITS, ...limits }).view(value);
  } catch (err) {
    if (err instanceof PickleError) throw err;
    throw new PickleError(`toView: internal error: ${err instanceof Error ? err.message : String(err)}`, { offset: 0, cause: err });
  }
}
