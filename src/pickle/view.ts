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
import { isoDate, isoDateTime, isoTime } from "./read-datetime.js";
import {
  PyByteArray, PyComplex, PyDate, PyDateTime, PyDecimal, PyDict, PyException, PyFloat, PyGlobal, PyObject,
  PyResult, PySet, PyTime, PyTimeDelta, PyTuple, PyUUID, type PyValue,
} from "./value.js";

export type { JsonValue };

export interface ViewLimits {
  /** Deepest container nesting shown. */
  maxDepth: number;
  /** Most JSON values emitted, counting every repeat of a shared value. */
  maxNodes: number;
}

export const DEFAULT_VIEW_LIMITS: Readonly<ViewLimits> = Object.freeze({ maxDepth: 1000, maxNodes: 10_000_000 });

interface Cached { view: JsonValue; size: number }

function bytesView(b: Uint8Array): JsonValue {
  return { $bytes: encodeBase64(b) };
}

function numberView(n: number): JsonValue {
  if (Number.isNaN(n)) return { $float: "nan" };
  if (n === Infinity) return { $float: "inf" };
  if (n === -Infinity) return { $float: "-inf" };
  if (Object.is(n, -0)) return { $float: "-0" };
  return n;
}

/** Merges (dict-or-None, slots-dict) object state into one dict, as the object's attributes. */
function objectState(state: PyValue | undefined): PyValue {
  if (state === undefined) return new PyDict();
  if (state instanceof PyTuple && state.items.length === 2) {
    const [d, slots] = state.items;
    if ((d === null || d instanceof PyDict) && slots instanceof PyDict) return new PyDict([...(d ?? []), ...slots]);
  }
  return state;
}

function allStringKeys(keys: Iterable<PyValue>): boolean {
  for (const k of keys) if (typeof k !== "string") return false;
  return true;
}

class Viewer {
  private nodes = 0;
  private depth = 0;
  /** Shallowest path depth that a cycle marker emitted in the current subtree points to. */
  private minRefDepth = Infinity;
  /** Containers being shown, with their depth on the current path. */
  private readonly path = new Map<object, number>();
  private readonly cache = new Map<object, Cached>();
  constructor(private readonly limits: ViewLimits) {}

  private fail(message: string): never {
    throw new PickleError(`toView: ${message}`, { offset: 0 });
  }

  private count(n: number): void {
    this.nodes += n;
    if (this.nodes > this.limits.maxNodes) this.fail(`more than ${this.limits.maxNodes} values to show (maxNodes limit; shared references are shown in full)`);
  }

  view(v: PyValue): JsonValue {
    if (v === null || typeof v !== "object") return this.scalar(v);
    if (v instanceof Uint8Array) { this.count(1); return bytesView(v); } // leaves: no cycle or cache bookkeeping
    const onPath = this.path.get(v);
    if (onPath !== undefined) {
      this.minRefDepth = Math.min(this.minRefDepth, onPath);
      this.count(1);
      return { $ref: "cycle" };
    }
    const hit = this.cache.get(v);
    if (hit) { this.count(hit.size); return hit.view; }
    if (this.depth >= this.limits.maxDepth) this.fail(`nesting deeper than ${this.limits.maxDepth} (maxDepth limit)`);
    const [startNodes, outerMinRef, depth] = [this.nodes, this.minRefDepth, this.depth];
    this.path.set(v, depth);
    this.depth++;
    this.minRefDepth = Infinity;
    try {
      this.count(1);
      const out = this.container(v);
      // the view is the same wherever v appears unless a cycle marker inside points above v
      if (this.minRefDepth >= depth) this.cache.set(v, { view: out, size: this.nodes - startNodes });
      return out;
    } finally {
      this.path.delete(v);
      this.depth--;
      this.minRefDepth = Math.min(outerMinRef, this.minRefDepth);
    }
  }

  private scalar(v: null | boolean | number | bigint | string): JsonValue {
    this.count(1);
    if (typeof v === "number") return numberView(v);
    if (typeof v === "bigint") return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : { $int: v.toString() };
    return v;
  }

  private list(items: Iterable<PyValue>): JsonValue[] {
    const out: JsonValue[] = [];
    for (const it of items) out.push(this.view(it));
    return out;
  }

  private dict(d: Iterable<readonly [PyValue, PyValue]>, allStrings: boolean): JsonValue {
    if (allStrings) {
      const o: { [key: string]: JsonValue } = {};
      for (const [k, val] of d) setOwnProperty(o, k as string, this.view(val));
      return o;
    }
    const pairs: JsonValue[] = [];
    for (const [k, val] of d) pairs.push([this.view(k), this.view(val)]);
    return { $dict: pairs };
  }

  /** A non-scalar value other than bytes (view() shows bytes without cycle bookkeeping). */
  private container(v: Exclude<PyValue, null | boolean | number | bigint | string | Uint8Array>): JsonValue {
    if (Array.isArray(v)) return this.list(v);
    if (v instanceof PyTuple) return this.list(v.items);
    if (v instanceof PyDict) return this.dict(v, allStringKeys(v.keys()));
    if (v instanceof PyByteArray) return bytesView(v.bytes);
    if (v instanceof PySet) return { $set: this.list(v) };
    if (v instanceof PyResult) return v.ok ? { $ok: this.view(v.value) } : { $err: this.view(v.value) };
    if (v instanceof PyException) return { $exception: v.className, args: this.list(v.args) };
    if (v instanceof PyObject) return this.object(v);
    return this.simple(v);
  }

  private object(v: PyObject): JsonValue {
    if (skeletonInfo(v)) return { $global: classPath(v) ?? "?" };
    const cls = classPath(v.callable) ?? "?";
    if (v.state === undefined && v.dictItems && !v.listItems) {
      // a dict subclass counts as a dict
      return this.dict(v.dictItems, allStringKeys(v.dictItems.map(([k]) => k)));
    }
    if (v.state === undefined && v.listItems && !v.dictItems) return this.list(v.listItems);
    // cls.__new__(cls, *args) with no state and no items: a tuple subclass (namedtuple) counts as a tuple
    if (v.viaNew && v.state === undefined && v.args.length > 0 && !v.listItems && !v.dictItems) return this.list(v.args);
    return { $object: cls, state: this.view(objectState(v.state)) };
  }

  private simple(v: PyGlobal | PyDateTime | PyDate | PyTime | PyTimeDelta | PyDecimal | PyUUID | PyComplex | PyFloat): JsonValue {
    if (v instanceof PyDateTime) return { $datetime: isoDateTime(v) };
    if (v instanceof PyDate) return { $date: isoDate(v) };
    if (v instanceof PyTime) return { $time: isoTime(v) };
    if (v instanceof PyTimeDelta) return { $timedelta: v.totalSeconds };
    if (v instanceof PyDecimal) return { $decimal: v.value };
    if (v instanceof PyUUID) return { $uuid: v.value };
    if (v instanceof PyComplex) return { $complex: [numberView(v.real), numberView(v.imag)] };
    if (v instanceof PyFloat) return numberView(v.value);
    // classes, functions and modules are not values of the view: shown as their path
    return { $global: v.qualifiedName };
  }
}

/** The JSON view of a decoded value. Throws PickleError when over the view limits. */
export function toView(value: PyValue, limits?: Partial<ViewLimits>): JsonValue {
  try {
    return new Viewer({ ...DEFAULT_VIEW_LIMITS, ...(limits ?? {}) }).view(value);
  } catch (err) {
    if (err instanceof PickleError) throw err;
    throw new PickleError(`toView: internal error: ${err instanceof Error ? err.message : String(err)}`, { offset: 0, cause: err });
  }
}
