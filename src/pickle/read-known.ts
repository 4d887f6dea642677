/**
 * What REDUCE, NEWOBJ and BUILD mean for the decoder: known safe types are rebuilt into values,
 * everything else becomes an inert PyObject record. Nothing is ever called.
 */
import { classPath, exceptionClassName, isCloudpickleHelper, isExceptionClass } from "./read-classes.js";
import { rebuildDatetime } from "./read-datetime.js";
import { DecodeFailure } from "./read-input.js";
import {
  PyByteArray, PyComplex, PyDecimal, PyDict, PyException, PyGlobal, PyObject, PyResult, PySet,
  PyTuple, PyUUID, type PyValue,
} from "./value.js";

function itemsOf(v: PyValue | undefined): PyValue[] | undefined {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (v instanceof PyTuple) return v.items;
  if (v instanceof PySet) return [...v];
  return undefined;
}

const utf8 = new TextEncoder();

/** Python's str.encode for the codecs pickle uses to carry bytes in protocols 0–2. */
function encodeText(text: PyValue | undefined, encoding: PyValue | undefined): Uint8Array | undefined {
  if (typeof text !== "string") return undefined;
  const enc = typeof encoding === "string" ? encoding.toLowerCase().replace(/[-_]/g, "") : "utf8";
  if (enc === "utf8") return utf8.encode(text);
  if (enc !== "latin1" && enc !== "iso88591" && enc !== "ascii") return undefined;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > (enc === "ascii" ? 0x7f : 0xff)) throw new DecodeFailure(`_codecs.encode: character U+${c.toString(16)} is not ${enc}`);
    out[i] = c;
  }
  return out;
}

function bytesFrom(args: PyValue[]): Uint8Array | undefined {
  const [a0, a1] = args;
  if (a0 === undefined) return new Uint8Array(0);
  if (a0 instanceof Uint8Array) return a0.slice();
  if (typeof a0 === "string") return encodeText(a0, a1);
  const items = itemsOf(a0);
  if (items !== undefined && items.every((x) => typeof x === "number" && Number.isInteger(x) && x >= 0 && x < 256)) {
    return Uint8Array.from(items as number[]);
  }
  return undefined;
}

function dictFrom(arg: PyValue | undefined, className: string | undefined): PyDict | undefined {
  if (arg instanceof PyDict) return new PyDict(arg, className);
  const items = itemsOf(arg);
  if (items === undefined) return undefined;
  const d = new PyDict(undefined, className);
  for (const pair of items) {
    const kv = itemsOf(pair);
    if (kv === undefined || kv.length !== 2) return undefined;
    d.set(kv[0]!, kv[1]!);
  }
  return d;
}

function rebuildBuiltin(path: string, args: PyValue[]): PyValue | undefined {
  switch (path) {
    case "builtins.set": case "builtins.frozenset": {
      const items = itemsOf(args[0]);
      return items && new PySet(items, path === "builtins.frozenset");
    }
    case "builtins.bytearray": { const b = bytesFrom(args); return b && new PyByteArray(b); }
    case "builtins.bytes": return bytesFrom(args);
    case "_codecs.encode": return encodeText(args[0], args[1]);
    case "builtins.list": return itemsOf(args[0])?.slice();
    case "builtins.tuple": { const items = itemsOf(args[0]); return items && new PyTuple(items.slice()); }
    case "builtins.dict": return dictFrom(args[0], undefined);
    case "collections.OrderedDict": return dictFrom(args[0], path);
    case "collections.defaultdict": return new PyDict(undefined, path);
    case "builtins.complex": {
      const [re, im] = [args[0] ?? 0, args[1] ?? 0];
      return typeof re === "number" && typeof im === "number" ? new PyComplex(re, im) : undefined;
    }
    case "decimal.Decimal": return typeof args[0] === "string" ? new PyDecimal(args[0]) : undefined;
    default:
      return path.startsWith("datetime.") ? rebuildDatetime(path.slice(9), args) : undefined;
  }
}

/** REDUCE: the value `callable(*args)` would have produced, as data. */
export function reduceValue(callable: PyValue, args: PyValue[]): PyValue {
  if (callable instanceof PyGlobal) {
    const path = callable.qualifiedName;
    const known = rebuildBuiltin(path, args);
    if (known !== undefined) return known;
    if (path === "copyreg._reconstructor") {
      // protocols 0-1: _reconstructor(cls, base, state); a tuple subclass (namedtuple) passes its items as state
      const [cls, base, state] = args;
      if (base instanceof PyGlobal && base.qualifiedName === "builtins.tuple" && state instanceof PyTuple) return newObjectValue(cls ?? null, state.items);
      return newObjectValue(cls ?? null, state === undefined || state === null ? [] : [state]);
    }
    if (path === "copyreg.__newobj__") return newObjectValue(args[0] ?? null, args.slice(1));
    if (path === "copyreg.__newobj_ex__") return newObjectValue(args[0] ?? null, itemsOf(args[1]) ?? [], args[2]);
    // cloudpickle's _class_setstate/_function_setstate fill a skeleton in place: we record the state on it.
    if ((isCloudpickleHelper(callable, "_class_setstate") || isCloudpickleHelper(callable, "_function_setstate")) && args[0] instanceof PyObject) {
      if (args[0].state === undefined) args[0].state = args[1] ?? null;
      return args[0];
    }
  }
  if (isExceptionClass(callable)) return new PyException(exceptionClassName(callable, args), args);
  return new PyObject(callable, args);
}

/** NEWOBJ / NEWOBJ_EX: `cls.__new__(cls, *args, **kwargs)` as data. */
export function newObjectValue(cls: PyValue, args: PyValue[], kwargs?: PyValue): PyValue {
  const path = classPath(cls);
  if (path !== undefined) {
    if (path === "builtins.object") return new PyObject(cls, args, true);
    if (path === "collections.OrderedDict" || path === "collections.defaultdict" || path === "builtins.dict") {
      return new PyDict(undefined, path === "builtins.dict" ? undefined : path);
    }
    if (path === "builtins.set" || path === "builtins.frozenset" || path === "builtins.list") {
      return rebuildBuiltin(path, args) ?? new PyObject(cls, args, true);
    }
    // no exception check here: exceptions pickle through REDUCE (BaseException.__reduce__), never NEWOBJ
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

function firstDefined(a: PyValue | undefined, b: PyValue | undefined): PyValue | undefined {
  return a !== undefined ? a : b;
}

function uuidText(v: PyValue | undefined): string | undefined {
  if (typeof v !== "number" && typeof v !== "bigint") return undefined;
  const big = BigInt(v);
  if (big < 0n || big >= 1n << 128n) return undefined;
  const hex = big.toString(16).padStart(32, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** BUILD: applies `state` to `obj`; returns the rebuilt value when the object is a known type. */
export function buildValue(obj: PyValue, state: PyValue): PyValue {
  if (!(obj instanceof PyObject)) return obj; // exceptions keep only args; dicts/lists ignore attribute state
  const path = classPath(obj.callable);
  if (path === "uuid.UUID") {
    const text = uuidText(stateEntry(state, "int"));
    if (text !== undefined) return new PyUUID(text);
  }
  if (path === "returns.result.Success" || path === "returns.result.Failure") {
    const inner = firstDefined(stateEntry(state, "container_value"), stateEntry(state, "_inner_value"));
    if (inner !== undefined) return new PyResult(path === "returns.result.Success", inner);
  }
  obj.state = state;
  return obj;
}
