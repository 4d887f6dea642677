/**
 * The pickle writer: turns Python values (see value.ts) and plain JSON-like JavaScript values into
 * protocol 4 or 5 pickles that CPython's `pickle.loads` (and cloudpickle) load. Objects are
 * memoized so shared references stay shared and cycles through lists, dicts, sets and objects work.
 * Nothing here imports Node built-ins.
 */
import { PickleError } from "../errors.js";
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
import { OP } from "./opcodes.js";
import { ByteSink } from "./write-sink.js";
import { writeByteArray, writeSet } from "./write-containers.js";
import { writeKnown } from "./write-known.js";
import {
  BATCH, addPathSegment, describe, isHashable, isPlainObject, plainEntries, splitQualified, withPath,
} from "./write-path.js";

export { withPath } from "./write-path.js";

export interface PickleOptions {
  /** Pickle protocol: 4 (default, what the verified executor pickle used) or 5. */
  protocol?: 4 | 5;
  /** Cut the output into FRAMEs of about 64 KiB as CPython does (default true). */
  frames?: boolean;
}

/** A plain JavaScript object written as a dict with string keys (undefined members are skipped, as JSON does). */
export interface PicklableObject {
  readonly [key: string]: Picklable | undefined;
}

/** Everything `pickle()` accepts: Python values plus plain arrays, objects, Maps and Sets. */
export type Picklable =
  | PyValue
  | readonly Picklable[]
  | PicklableObject
  | ReadonlyMap<Picklable, Picklable>
  | ReadonlySet<Picklable>;

const MAX_REENTRY = 2;
const SMALL_TUPLES = [OP.TUPLE1, OP.TUPLE2, OP.TUPLE3];

/** Writes `value` as a Python pickle. Throws PickleError for values Python cannot represent. */
export function pickle(value: Picklable, options: PickleOptions = {}): Uint8Array {
  return withPath(() => {
    const writer = new PickleWriter(options);
    writer.value(value);
    return writer.finish();
  });
}

/**
 * The low-level writer the graph code drives: write values, globals and raw opcodes, and
 * memoize objects by identity (`remember`/`recall`) so they are written once and referenced after.
 */
export class PickleWriter {
  readonly protocol: 4 | 5;
  private readonly sink: ByteSink;
  private readonly memo = new Map<object, number>();
  private readonly strings = new Map<string, number>();
  private readonly globals = new Map<string, number>();
  private readonly moduleNames = new Map<string, number>();
  private readonly classNames = new Map<string, number>();
  private readonly inProgress = new Map<object, number>();
  private memoCount = 0;

  constructor(options: PickleOptions = {}) {
    const protocol = options.protocol ?? 4;
    if (protocol !== 4 && protocol !== 5) {
      throw new PickleError(`pickle: protocol ${String(protocol)} is not supported (use 4 or 5)`, { offset: 0 });
    }
    this.protocol = protocol;
    this.sink = new ByteSink(options.frames ?? true);
  }

  /** The pickle so far plus STOP. The writer must not be used afterwards. */
  finish(): Uint8Array {
    this.sink.op(OP.STOP);
    return this.sink.finish(this.protocol);
  }

  /** Emits one argument-less opcode (see `OP`). */
  op(code: number): void {
    this.sink.op(code);
  }

  /** A PickleError at the current output position. */
  error(message: string, opcode?: string): PickleError {
    return new PickleError(`pickle: ${message}`, { offset: this.sink.pos + 2, opcode });
  }

  /** MEMOIZE the object on top of the stack; `key` (when given) is what `recall` finds it by. */
  remember(key?: object): number {
    const index = this.memoCount++;
    this.sink.op(OP.MEMOIZE);
    if (key !== undefined) this.memo.set(key, index);
    return index;
  }

  /** Pushes the memoized object for `key` (BINGET) and returns true, or returns false if unknown. */
  recall(key: object): boolean {
    const index = this.memo.get(key);
    if (index === undefined) return false;
    this.get(index);
    return true;
  }

  private get(index: number): void {
    if (index < 256) this.sink.opU8(OP.BINGET, index);
    else this.sink.opU32(OP.LONG_BINGET, index);
  }

  /** Pushes `module.name` (STACK_GLOBAL), written once and memoized. */
  global(module: string, name: string): void {
    const key = `${module}\n${name}`;
    const index = this.globals.get(key);
    if (index !== undefined) return this.get(index);
    // CPython memoizes by identity: module names are shared, class names and data strings are
    // other objects even when equal, so each kind gets its own memo.
    this.memoString(this.moduleNames, module);
    this.memoString(this.classNames, name);
    this.sink.op(OP.STACK_GLOBAL);
    this.globals.set(key, this.memoCount);
    this.remember();
  }

  /** A str, memoized by value. */
  string(value: string): void {
    this.memoString(this.strings, value);
  }

  private memoString(memo: Map<string, number>, value: string): void {
    const index = memo.get(value);
    if (index !== undefined) return this.get(index);
    this.sink.text(value);
    memo.set(value, this.memoCount);
    this.remember();
  }

  /** A Python int (number must be a safe integer). */
  int(value: number | bigint): void {
    if (typeof value === "bigint") {
      if (value >= -0x80000000n && value <= 0x7fffffffn) return this.int(Number(value));
      return this.long(value);
    }
    if (value >= 0 && value < 256) this.sink.opU8(OP.BININT1, value);
    else if (value >= 0 && value < 65536) this.sink.opU16(OP.BININT2, value);
    else if (value >= -0x80000000 && value <= 0x7fffffff) this.sink.opI32(OP.BININT, value);
    else this.long(BigInt(value));
  }

  private long(value: bigint): void {
    const bytes = encodeLong(value);
    if (bytes.length < 256) this.sink.opWithPayload(OP.LONG1, 1, bytes);
    else if (bytes.length <= 0xffffffff) this.sink.opWithPayload(OP.LONG4, 4, bytes);
    else throw this.error("integer too large", "LONG4");
  }

  /** A Python float (always BINFLOAT, also for whole numbers, NaN, infinities and -0). */
  float(value: number): void {
    this.sink.float(value);
  }

  /** A bytes object, memoized (under `identity` when given) as CPython does. */
  bytes(value: Uint8Array, identity?: object): void {
    if (value.length < 256) this.sink.opWithPayload(OP.SHORT_BINBYTES, 1, value);
    else if (value.length <= 0xffffffff) this.sink.opWithPayload(OP.BINBYTES, 4, value);
    else this.sink.opWithPayload(OP.BINBYTES8, 8, value);
    this.remember(identity);
  }

  /** BYTEARRAY8 (protocol 5). */
  byteArray8(value: Uint8Array): void {
    this.sink.opWithPayload(OP.BYTEARRAY8, 8, value);
  }

  /**
   * A tuple of `items`, memoized (under `identity` when given); a tuple that was
   * memoized while its items were written (a cycle through a mutable container) is popped and
   * fetched from the memo instead, as CPython does.
   */
  tuple(items: readonly unknown[], identity?: object): void {
    if (items.length === 0) return this.op(OP.EMPTY_TUPLE);
    const small = items.length <= 3;
    if (!small) this.op(OP.MARK);
    this.guarded(identity, () => items.forEach((item, i) => this.item(item, i)));
    if (identity !== undefined && this.memo.has(identity)) {
      if (small) for (let i = 0; i < items.length; i++) this.op(OP.POP);
      else this.op(OP.POP_MARK);
      this.recall(identity);
      return;
    }
    this.op(small ? SMALL_TUPLES[items.length - 1]! : OP.TUPLE);
    this.remember(identity); // CPython memoizes every non-empty tuple
  }

  /** Writes `fn` while counting how often `identity` is being entered (cycles through immutables). */
  guarded(identity: object | undefined, fn: () => void): void {
    if (identity === undefined) return fn();
    const depth = (this.inProgress.get(identity) ?? 0) + 1;
    if (depth > MAX_REENTRY) {
      throw this.error("a tuple, frozenset or object contains itself without a list, dict or set in between");
    }
    this.inProgress.set(identity, depth);
    try {
      fn();
    } finally {
      if (depth === 1) this.inProgress.delete(identity);
      else this.inProgress.set(identity, depth - 1);
    }
  }

  /** Whether `key` has been memoized. */
  isMemoized(key: object): boolean {
    return this.memo.has(key);
  }

  /** Writes an element of a container, adding its position to the path of any error. */
  item(value: unknown, segment: string | number): void {
    try {
      this.value(value);
    } catch (error) {
      addPathSegment(error, typeof segment === "number" ? `[${segment}]` : `.${segment}`);
      throw error;
    }
  }

  /** Writes any picklable value. */
  value(value: unknown): void {
    switch (typeof value) {
      case "string":
        return this.string(value);
      case "number":
        if (Number.isSafeInteger(value) && !Object.is(value, -0)) return this.int(value);
        return this.float(value);
      case "boolean":
        return this.op(value ? OP.NEWTRUE : OP.NEWFALSE);
      case "bigint":
        return this.int(value);
      case "object":
        if (value === null) return this.op(OP.NONE);
        if (this.recall(value)) return;
        return this.object(value);
      default:
        throw this.error(`cannot write a value of type ${typeof value}`);
    }
  }

  private object(value: object): void {
    if (Array.isArray(value)) return this.list(value, value);
    if (value instanceof Uint8Array) return this.bytes(value, value);
    if (value instanceof PyTuple) return this.tuple(value.items, value);
    if (value instanceof PyDict) return this.dict(value, value, value.className);
    if (value instanceof PySet) return writeSet(this, value, value.frozen);
    if (value instanceof Map) return this.dict(value, value, undefined);
    if (value instanceof Set) return writeSet(this, value, false);
    if (value instanceof PyGlobal) return this.global(value.module, value.name);
    if (value instanceof PyObject) return this.pyObject(value);
    if (value instanceof PyFloat) return this.float(value.value);
    if (value instanceof PyByteArray) return writeByteArray(this, value);
    if (isKnown(value)) return writeKnown(this, value);
    if (isPlainObject(value)) return this.dict(plainEntries(value), value, undefined);
    const kind = value.constructor?.name ?? "object";
    throw this.error(`cannot write a ${kind} (use the Python value classes of pickle/value.ts)`);
  }

  private list(value: readonly unknown[], identity: object): void {
    this.op(OP.EMPTY_LIST);
    this.remember(identity);
    this.appends(value, true);
  }

  /**
   * APPEND/APPENDS for the list (or list-like object) on top of the stack, batched as CPython's
   * C pickler does: for a real list (`exact`) one APPEND only when it has a single item, else
   * MARK … APPENDS per 1000; for other objects (an iterator in CPython) APPEND for a lone last item.
   */
  appends(value: readonly unknown[], exact = false): void {
    if (value.length === 1) {
      this.item(value[0], 0);
      return this.op(OP.APPEND);
    }
    for (let start = 0; start < value.length; start += BATCH) {
      const end = Math.min(value.length, start + BATCH);
      if (!exact && end - start === 1) {
        this.item(value[start], start);
        this.op(OP.APPEND);
        continue;
      }
      this.op(OP.MARK);
      for (let i = start; i < end; i++) this.item(value[i], i);
      this.op(OP.APPENDS);
    }
  }

  /** A dict (or a dict subclass such as OrderedDict, built by calling the class with no argument). */
  private dict(entries: Iterable<readonly [unknown, unknown]>, identity: object, className: string | undefined): void {
    if (className === undefined) this.op(OP.EMPTY_DICT);
    else {
      const [module, name] = splitQualified(className);
      this.global(module, name);
      this.op(OP.EMPTY_TUPLE);
      this.op(OP.REDUCE);
    }
    this.remember(identity);
    this.setItems(entries, className === undefined);
  }

  /**
   * SETITEM/SETITEMS for the dict on top of the stack, batched as CPython's C pickler does: for a
   * real dict (`exact`) SETITEM only when it has one item, else MARK … SETITEMS per 1000 (plus an
   * empty batch after a full last one); for dict subclasses and objects SETITEM for a lone last item.
   */
  setItems(entries: Iterable<readonly [unknown, unknown]>, exact = false): void {
    const items = Array.isArray(entries) ? (entries as (readonly [unknown, unknown])[]) : [...entries];
    if (items.length === 0) return;
    if (items.length === 1) return this.writeItems(items, false);
    let start = 0;
    let count: number;
    do {
      count = Math.min(BATCH, items.length - start);
      if (count > 0 || exact) this.writeItems(items.slice(start, start + count), exact || count > 1);
      start += count;
    } while (count === BATCH);
  }

  private writeItems(batch: (readonly [unknown, unknown])[], marked: boolean): void {
    if (marked) this.op(OP.MARK);
    for (const [key, value] of batch) {
      if (!isHashable(key)) throw this.error(`a dict key must be hashable, got ${describe(key)}`);
      this.item(key, "<key>");
      this.item(value, typeof key === "string" ? key : String(key));
    }
    this.op(marked ? OP.SETITEMS : OP.SETITEM);
  }

  /** callable(*args) by REDUCE, or cls.__new__(cls, *args[, **kwargs]) by NEWOBJ[_EX]; then items and BUILD. */
  private pyObject(value: PyObject): void {
    this.guarded(value, () => {
      this.value(value.callable);
      this.tuple(value.args);
      if (value.viaNew && value.kwargs !== undefined) {
        this.value(value.kwargs);
        this.op(OP.NEWOBJ_EX);
      } else if (value.viaNew) this.op(OP.NEWOBJ);
      else if (value.kwargs !== undefined) throw this.error("keyword arguments need viaNew (NEWOBJ_EX)", "REDUCE");
      else this.op(OP.REDUCE);
    });
    this.remember(value);
    if (value.listItems !== undefined) this.appends(value.listItems);
    if (value.dictItems !== undefined) this.setItems(value.dictItems);
    if (value.state !== undefined) {
      this.value(value.state);
      this.op(OP.BUILD);
    }
  }
}

/** Minimal two's-complement little-endian bytes of an int, as CPython's encode_long. */
export function encodeLong(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0xffn);
    out.push(byte);
    rest >>= 8n;
    if ((rest === 0n && (byte & 0x80) === 0) || (rest === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(out);
}

function isKnown(value: object): boolean {
  return (
    value instanceof PyResult ||
    value instanceof PyException ||
    value instanceof PyDateTime ||
    value instanceof PyDate ||
    value instanceof PyTime ||
    value instanceof PyTimeDelta ||
    value instanceof PyDecimal ||
    value instanceof PyUUID ||
    value instanceof PyComplex
  );
}
