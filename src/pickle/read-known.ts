/**
 * What REDUCE, NEWOBJ and BUILD mean for the decoder: known safe types are rebuilt into values,
 * everything else becomes an inert PyObject record. Nothing is ever called.
 */
import { classPath, cloudpickleHelper, exceptionClassName, isExceptionClass, skeletonInfo } from "./read-classes.js";
import { fail } from "./read-text.js";
import {
  PyByteArray, PyComplex, PyDate, PyDateTime, PyDecimal, PyDict, PyException, PyGlobal, PyObject, PyResult, PySet,
  PyTime, PyTimeDelta, PyTuple, PyUUID, type PyValue,
} from "./value.js";

function itemsOf(v: PyValue | undefined): PyValue[] | undefined {
  return v === undefined ? [] : Array.isArray(v) ? v : v instanceof PyTuple ? v.items : v instanceof PySet ? [...v] : undefined;
}

/** Python's str.encode for the codecs pickle uses to carry bytes in protocols 0–2. */
function encodeText(text: PyValue | undefined, encoding: PyValue | undefined): Uint8Array | undefined {
  if (typeof text !== "string") return undefined;
  const enc = typeof encoding === "string" ? encoding.toLowerCase().replace(/[-_]/g, "") : "utf8";
  if (enc === "utf8") return new TextEncoder().encode(text);
  if (enc !== "latin1" && enc !== "iso88591" && enc !== "ascii") return undefined;
  const max = enc === "ascii" ? 0x7f : 0xff;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > max) fail(`_codecs.encode: character U+${c.toString(16)} is not ${enc}`);
    out[i] = c;
  }
  return out;
}

function bytesFrom([a0, a1]: PyValue[]): Uint8Array | undefined {
  if (a0 instanceof Uint8Array) return a0.slice();
  if (typeof a0 === "string") return encodeText(a0, a1);
  const items = itemsOf(a0);
  return items?.every((x) => Number.isInteger(x) && (x as number) >= 0 && (x as number) < 256) ? Uint8Array.from(items as number[]) : undefined;
}

function dictFrom(arg: PyValue | undefined, className: string | undefined): PyDict | undefined {
  if (arg instanceof PyDict) return new PyDict(arg, className);
  const d = new PyDict(undefined, className);
  for (const pair of itemsOf(arg) ?? [0]) { // [0]: not a sequence, fails the pair check
    const kv = itemsOf(pair as PyValue);
    if (kv?.length !== 2) return undefined;
    d.set(kv[0]!, kv[1]!);
  }
  return d;
}

/** The UTC offset in seconds of a tzinfo record, null for none, undefined when unknown (e.g. zoneinfo). */
function offsetOf(tz: PyValue | undefined): number | null | undefined {
  if (tz == null) return null;
  if (tz instanceof PyObject && tz.callable instanceof PyGlobal && tz.callable.qualifiedName === "datetime.timezone" && tz.args[0] instanceof PyTimeDelta) {
    return tz.args[0].totalSeconds;
  }
  return undefined;
}

/** `path(*args)` for the known safe callables (CPython's _datetime state layout for datetime), or undefined. */
function rebuild(path: string, args: PyValue[]): PyValue | undefined {
  const [a0, a1] = args;
  switch (path) {
    case "builtins.set": case "builtins.frozenset": {
      const items = itemsOf(a0);
      return items && new PySet(items, path === "builtins.frozenset");
    }
    case "builtins.bytearray": { const b = bytesFrom(args); return b && new PyByteArray(b); }
    case "builtins.bytes": return bytesFrom(args);
    case "_codecs.encode": return encodeText(a0, a1);
    case "builtins.list": return itemsOf(a0)?.slice();
    case "builtins.tuple": { const items = itemsOf(a0); return items && new PyTuple(items.slice()); }
    case "builtins.dict": return dictFrom(a0, undefined);
    case "collections.OrderedDict": return dictFrom(a0, path);
    case "collections.defaultdict": return new PyDict(undefined, path);
    case "builtins.complex": {
      const [re, im] = [a0 ?? 0, a1 ?? 0];
      return typeof re === "number" && typeof im === "number" ? new PyComplex(re, im) : undefined;
    }
    case "decimal.Decimal": return typeof a0 === "string" ? new PyDecimal(a0) : undefined;
    case "datetime.date":
      return a0 instanceof Uint8Array && a0.length === 4 ? new PyDate(a0[0]! * 256 + a0[1]!, a0[2]!, a0[3]!) : undefined;
    case "datetime.datetime": case "datetime.time": {
      // datetime: 4 date bytes then the 6 time bytes; the fold bit sits on the month (datetime) or hour (time)
      const dt = path === "datetime.datetime";
      const off = offsetOf(a1);
      if (!(a0 instanceof Uint8Array) || a0.length !== (dt ? 10 : 6) || off === undefined) return undefined;
      const b = a0;
      const t = dt ? 4 : 0;
      const us = (b[t + 3]! << 16) | (b[t + 4]! << 8) | b[t + 5]!;
      return dt ? new PyDateTime(b[0]! * 256 + b[1]!, b[2]! & 0x7f, b[3]!, b[4]!, b[5]!, b[6]!, us, off) : new PyTime(b[0]! & 0x7f, b[1]!, b[2]!, us, off);
    }
    case "datetime.timedelta": {
      const [d, s, us] = [0, 1, 2].map((i) => args[i] ?? 0);
      return [d, s, us].every((x) => typeof x === "number" && Number.isFinite(x)) ? new PyTimeDelta(d as number, s as number, us as number) : undefined;
    }
  }
  return undefined;
}

/** REDUCE: the value `callable(*args)` would have produced, as data. */
export function reduceValue(callable: PyValue, args: PyValue[]): PyValue {
  const [a0 = null, a1, a2] = args;
  if (callable instanceof PyGlobal) {
    const path = callable.qualifiedName;
    const known = rebuild(path, args);
    if (known !== undefined) return known;
    // protocols 0-1: _reconstructor(cls, base, state); a tuple subclass (namedtuple) passes its items as state
    if (path === "copyreg._reconstructor") {
      return newObjectValue(a0, a1 instanceof PyGlobal && a1.qualifiedName === "builtins.tuple" && a2 instanceof PyTuple ? a2.items : a2 == null ? [] : [a2]);
    }
    if (path === "copyreg.__newobj__") return newObjectValue(a0, args.slice(1));
    if (path === "copyreg.__newobj_ex__") return newObjectValue(a0, itemsOf(a1) ?? [], a2);
    // cloudpickle's _class_setstate/_function_setstate fill a skeleton in place: we record the state on it.
    if (/^_(class|function)_setstate$/.test(cloudpickleHelper(callable) ?? "") && a0 instanceof PyObject) {
      if (a0.state === undefined) a0.state = a1 ?? null;
      return a0;
    }
  }
  return isExceptionClass(callable) ? new PyException(exceptionClassName(callable, args), args) : new PyObject(callable, args);
}

/** NEWOBJ / NEWOBJ_EX: `cls.__new__(cls, *args, **kwargs)` as data. */
export function newObjectValue(cls: PyValue, args: PyValue[], kwargs?: PyValue): PyValue {
  // no exception check here: exceptions pickle through REDUCE (BaseException.__reduce__), never NEWOBJ
  const path = classPath(cls) ?? "";
  if (path === "builtins.dict" || path === "collections.OrderedDict" || path === "collections.defaultdict") {
    return new PyDict(undefined, path === "builtins.dict" ? undefined : path);
  }
  // object.__new__ takes no kwargs; set/frozenset/list rebuild from their args (else stay a bare record)
  if (path === "builtins.object" || path === "builtins.set" || path === "builtins.frozenset" || path === "builtins.list") {
    return rebuild(path, args) ?? new PyObject(cls, args, true);
  }
  const obj = new PyObject(cls, args, true);
  if (kwargs instanceof PyDict && kwargs.size > 0) obj.kwargs = kwargs;
  return obj;
}

function stateEntry(state: PyValue, key: string): PyValue | undefined {
  if (state instanceof PyDict) return state.get(key);
  if (state instanceof PyTuple && state.items.length === 2) {
    for (const part of state.items) if (part instanceof PyDict && part.has(key)) return part.get(key);
  }
  return undefined;
}

/**
 * The inner value of a `returns` Failure: an object built the way `BaseException.__reduce__`
 * pickles every exception (REDUCE of a class reference with an argument tuple, then at most a
 * BUILD of its attributes) is taken for the exception it is, whatever its class is named.
 */
function failureInner(inner: PyValue): PyValue {
  if (!(inner instanceof PyObject) || inner.viaNew || inner.kwargs || inner.listItems || inner.dictItems) return inner;
  const cls = inner.callable;
  if (!(cls instanceof PyGlobal) && !skeletonInfo(cls)) return inner;
  return new PyException(exceptionClassName(cls, inner.args), inner.args, inner.state);
}

/** BUILD: applies `state` to `obj`; returns the rebuilt value when the object is a known type. */
export function buildValue(obj: PyValue, state: PyValue): PyValue {
  // an exception's attributes (its __dict__, which BaseException.__reduce__ adds when not empty)
  if (obj instanceof PyException) return (obj.state = state), obj;
  if (!(obj instanceof PyObject)) return obj; // dicts/lists ignore attribute state
  const path = classPath(obj.callable);
  if (path === "uuid.UUID") {
    const v = stateEntry(state, "int");
    const big = typeof v === "number" || typeof v === "bigint" ? BigInt(v) : -1n;
    if (big >= 0n && big < 1n << 128n) return new PyUUID(big.toString(16).padStart(32, "0").replace(/(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-"));
  }
  if (path === "returns.result.Success" || path === "returns.result.Failure") {
    let inner = stateEntry(state, "container_value");
    if (inner === undefined) inner = stateEntry(state, "_inner_value");
    if (inner !== undefined) return path === "returns.result.Success" ? new PyResult(true, inner) : new PyResult(false, failureInner(inner));
  }
  obj.state = state;
  return obj;
}
