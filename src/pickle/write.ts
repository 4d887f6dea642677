/**
 * The pickle writer: turns Python values (see value.ts) and plain JSON-like JavaScript values into
 * protocol 4 or 5 pickles that CPython's `pickle.loads` (and cloudpickle) load, byte for byte as
 * CPython's C pickler writes them. Objects are memoized so shared references stay shared and
 * cycles through lists, dicts, sets and objects work. Nothing here imports Node built-ins.
 *
 * Three modules by concept: this one writes values (scalars, containers, memo, objects);
 * write-frames.ts lays out the bytes (opcodes with their arguments, text encoding, protocol-4
 * frames); write-classes.ts says which Python class a value stands for (the records of datetime,
 * Decimal, UUID, exceptions..., dict subclasses, hashability).
 */
import { PickleError } from "../errors.js";
import { PyByteArray, PyDict, PyFloat, PyGlobal, PyObject, PySet, PyTuple, type PyValue } from "./value.js";
import { encodeLong, PickleOutput } from "./write-frames.js";
import { describeUnhashable, isPlainObject, knownObject, plainEntries, splitQualified } from "./write-classes.js";
import {
  ADDITEMS, APPEND, APPENDS, BINBYTES, BINBYTES8, BINGET, BININT, BININT1, BININT2, BYTEARRAY8, EMPTY_LIST, EMPTY_SET,
  EMPTY_TUPLE, FROZENSET, LONG1, LONG4, LONG_BINGET, MARK, MEMOIZE, NEWFALSE, NEWOBJ, NEWOBJ_EX, NEWTRUE, NONE, POP,
  POP_MARK, REDUCE, SETITEM, SETITEMS, SHORT_BINBYTES, STACK_GLOBAL, TUPLE, TUPLE1, TUPLE2, TUPLE3, BUILD, EMPTY_DICT,
} from "./write-ops.js";

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

/** CPython's pickler batches APPENDS, SETITEMS and ADDITEMS by 1000 items. */
const BATCH = 1000;
const MAX_REENTRY = 2;
/** How a run of items is batched: as CPython's iterator batching (0), exact list (1), exact dict or set (2). */
type BatchMode = 0 | 1 | 2;
/** Opcodes for a payload with a 1-, 4- or 8-byte length. */
const BYTES = [SHORT_BINBYTES, BINBYTES, BINBYTES8];
const LONG = [LONG1, LONG4];
const SMALL_TUPLES = [TUPLE1, TUPLE2, TUPLE3];

/** Writes `value` as a Python pickle. Throws PickleError for values Python cannot represent. */
export function pickle(value: Picklable, options: PickleOptions = {}): Uint8Array {
  return guardDepth(() => {
    const writer = new PickleWriter(options);
    writer.value(value);
    return writer.finish();
  });
}

/** Runs `fn`, turning a JavaScript stack overflow (a value nested too deeply) into a PickleError. */
export function guardDepth<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw error instanceof RangeError ? new PickleError("pickle: value nested too deeply to write", { offset: 0, cause: error }) : error;
  }
}

/**
 * The low-level writer the graph code drives: write values, globals and raw opcodes, and
 * memoize objects by identity (`remember`/`recall`) so they are written once and referenced after.
 */
export class PickleWriter {
  readonly protocol: 4 | 5;
  /** The bytes: opcodes, arguments and frames (see write-frames.ts). */
  readonly #out: PickleOutput;
  /** Memo indexes of objects (by identity). */
  readonly #memo = new Map<object, number>();
  /** Memo indexes of data strings (by value; a map of their own keeps lookups fast). */
  readonly #strings = new Map<string, number>();
  /** Memo indexes of module names ("m…"), class names ("c…") and globals ("g…"). */
  readonly #names = new Map<string, number>();
  readonly #inProgress = new Map<object, number>();
  /** The container elements being written, for the path in error messages. */
  readonly #path: (string | number)[] = [];
  #memoCount = 0;

  constructor(options: PickleOptions = {}) {
    const protocol = options.protocol ?? 4;
    if (protocol !== 4 && protocol !== 5) {
      throw new PickleError(`pickle: protocol ${String(protocol)} is not supported (use 4 or 5)`, { offset: 0 });
    }
    this.protocol = protocol;
    this.#out = new PickleOutput(options.frames ?? true);
  }

  /** The pickle so far plus STOP: PROTO, then the body cut into frames (CPython leaves frames under 4 bytes unframed). The writer must not be used afterwards. */
  finish(): Uint8Array {
    return this.#out.finish(this.protocol);
  }

  /** Emits argument-less opcodes (see `OP`). */
  op(...codes: number[]): void {
    for (const code of codes) this.#out.byte(code);
  }

  /** A PickleError at the current output position, naming where in the value it happened. */
  error(message: string, opcode?: string): PickleError {
    const at = this.#path.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("");
    return new PickleError(`pickle: ${message}${at && ` (at value${at})`}`, { offset: this.#out.length + 2, opcode });
  }

  /** MEMOIZE the object on top of the stack; `key` (when given) is what `recall` finds it by. */
  remember(key?: object): number {
    this.#out.byte(MEMOIZE);
    if (key !== undefined) this.#memo.set(key, this.#memoCount);
    return this.#memoCount++;
  }

  /** Pushes the memoized object for `key` (BINGET) and returns true, or returns false if unknown. */
  recall(key: object): boolean {
    return this.#fetch(this.#memo.get(key));
  }

  #fetch(index: number | undefined): boolean {
    if (index === undefined) return false;
    if (index < 256) this.#out.opInt(BINGET, index, 1);
    else this.#out.opInt(LONG_BINGET, index, 4);
    return true;
  }

  /** Pushes `module.name` (STACK_GLOBAL), written once and memoized. */
  global(module: string, name: string): void {
    const key = `g${module}\n${name}`;
    if (this.#fetch(this.#names.get(key))) return;
    // CPython memoizes by identity: module names are shared, class names and data strings are
    // other objects even when equal, so each kind gets its own memo key.
    this.#text(module, this.#names, `m${module}`);
    this.#text(name, this.#names, `c${name}`);
    this.#names.set(key, this.#memoCount);
    this.#out.byte(STACK_GLOBAL);
    this.remember();
  }

  /** A str, memoized by value. */
  string(value: string): void {
    this.#text(value, this.#strings, value);
  }

  /**
   * A str memoized under `key` in `memo` (fetched when already there): SHORT_BINUNICODE,
   * BINUNICODE or BINUNICODE8 depending on the UTF-8 length.
   */
  #text<K>(value: string, memo: Map<K, number>, key: K): void {
    if (this.#fetch(memo.get(key))) return;
    memo.set(key, this.#memoCount);
    this.#out.text(value);
    this.remember();
  }

  /** A Python int (number must be a safe integer). */
  int(value: number | bigint): void {
    if (typeof value === "bigint" && value >= -0x80000000n && value <= 0x7fffffffn) value = Number(value);
    if (typeof value === "bigint" || value < -0x80000000 || value > 0x7fffffff) {
      const data = encodeLong(BigInt(value));
      // LONG4 is the largest: past 4 GiB of digits there is no opcode for it.
      if (data.length > 0xffffffff) throw this.error("integer too large", "LONG4");
      return this.#out.payload(LONG, data);
    }
    if (value < 0 || value > 65535) this.#out.opInt(BININT, value, 4);
    else this.#out.opInt(value < 256 ? BININT1 : BININT2, value, value < 256 ? 1 : 2);
  }

  /** A Python float (always BINFLOAT, also for whole numbers, NaN, infinities and -0): a big-endian double. */
  float(value: number): void {
    this.#out.float(value);
  }

  /** A bytes object, memoized (under `identity` when given) as CPython does. */
  bytes(value: Uint8Array, identity?: object): void {
    this.#out.payload(BYTES, value);
    this.remember(identity);
  }

  /** BYTEARRAY8 (protocol 5). */
  byteArray8(value: Uint8Array): void {
    this.#out.payload([0, 0, BYTEARRAY8], value, 2);
  }

  /**
   * A tuple of `items`, memoized (under `identity` when given); a tuple that was
   * memoized while its items were written (a cycle through a mutable container) is popped and
   * fetched from the memo instead, as CPython does.
   */
  tuple(items: readonly unknown[], identity?: object): void {
    const n = items.length;
    if (n === 0) return this.op(EMPTY_TUPLE);
    this.#sequence(items, identity, n > 3 ? TUPLE : SMALL_TUPLES[n - 1]!);
  }

  /** Items closed by `close` (a TUPLEn after up to 3 items, else MARK … TUPLE or FROZENSET), memoized under `identity`. */
  #sequence(items: readonly unknown[], identity: object | undefined, close: number): void {
    const small = close !== TUPLE && close !== FROZENSET;
    if (!small) this.op(MARK);
    this.guarded(identity, () => items.forEach((item, i) => this.item(item, i)));
    if (identity !== undefined && this.#recallAfter(identity, small ? items.length : -1)) return;
    this.op(close);
    this.remember(identity);
  }

  /** When `identity` got memoized meanwhile: POP `pops` items (-1: POP_MARK) and fetch it instead. */
  #recallAfter(identity: object, pops: number): boolean {
    if (!this.#memo.has(identity)) return false;
    if (pops < 0) this.op(POP_MARK);
    for (let i = 0; i < pops; i++) this.op(POP);
    return this.recall(identity);
  }

  /** Writes `fn` while counting how often `identity` is being entered (cycles through immutables). */
  guarded(identity: object | undefined, fn: () => void): void {
    if (identity === undefined) return fn();
    const depth = (this.#inProgress.get(identity) ?? 0) + 1;
    if (depth > MAX_REENTRY) {
      throw this.error("a tuple, frozenset or object contains itself without a list, dict or set in between");
    }
    this.#inProgress.set(identity, depth);
    try {
      fn();
    } finally {
      this.#inProgress.set(identity, depth - 1);
    }
  }

  /** Whether `key` has been memoized. */
  isMemoized(key: object): boolean {
    return this.#memo.has(key);
  }

  /** Writes an element of a container, adding its position to the path of any error. */
  item(value: unknown, segment: string | number): void {
    this.#path.push(segment);
    try {
      this.value(value);
    } finally {
      this.#path.pop();
    }
  }

  /** Writes any picklable value. */
  value(value: unknown): void {
    switch (typeof value) {
      case "string":
        return this.string(value);
      case "number":
        return Number.isSafeInteger(value) && !Object.is(value, -0) ? this.int(value) : this.float(value);
      case "boolean":
        return this.op(value ? NEWTRUE : NEWFALSE);
      case "bigint":
        return this.int(value);
      case "object":
        if (value === null) return this.op(NONE);
        if (!this.recall(value)) this.#object(value);
        return;
    }
    throw this.error(`cannot write ${value === undefined ? "undefined" : `a ${typeof value}`}`);
  }

  #object(value: object): void {
    if (Array.isArray(value)) {
      this.op(EMPTY_LIST);
      this.remember(value);
      return this.appends(value, true);
    }
    if (value instanceof Uint8Array) return this.bytes(value, value);
    if (value instanceof PyTuple) return this.tuple(value.items, value);
    if (value instanceof Set) return this.#set(value);
    if (value instanceof PyGlobal) return this.global(value.module, value.name);
    if (value instanceof PyFloat) return this.float(value.value);
    if (value instanceof PyByteArray && this.protocol > 4) {
      this.byteArray8(value.bytes);
      this.remember(value);
      return;
    }
    const className = value instanceof PyDict ? value.className : undefined;
    if (className !== undefined) {
      // A dict subclass (OrderedDict...): called with no argument, then filled.
      const object = new PyObject(new PyGlobal(...splitQualified(className)), []);
      object.dictItems = [...(value as PyDict)];
      return this.#pyObject(object, value);
    }
    if (value instanceof Map || isPlainObject(value)) {
      this.op(EMPTY_DICT);
      this.remember(value);
      return this.setItems(value instanceof Map ? value : plainEntries(value), true);
    }
    const object = value instanceof PyObject ? value : knownObject(value, this);
    if (object !== undefined) return this.#pyObject(object, value);
    const kind = value.constructor?.name ?? "object";
    throw this.error(`cannot write a ${kind} (use the Python value classes of pickle/value.ts)`);
  }

  /** A set (EMPTY_SET, then ADDITEMS batches) or a frozenset (MARK … FROZENSET). */
  #set(value: ReadonlySet<unknown>): void {
    const items = [...value];
    for (const element of items) {
      const unhashable = describeUnhashable(element);
      if (unhashable) throw this.error(`a set element must be hashable, got ${unhashable}`);
    }
    if (value instanceof PySet && value.frozen) return this.#sequence(items, value, FROZENSET);
    this.op(EMPTY_SET);
    this.remember(value);
    this.#batches(items, 0, ADDITEMS, 2);
  }

  /**
   * Writes `items` (key/value `pairs` for dicts) in MARK … `many` batches of 1000, as CPython's C
   * pickler does: a lone item (exact containers) or a lone last item (iterator batching, mode 0)
   * is written with `single` instead when there is one; exact dicts and sets (mode 2) add an
   * empty batch after a full last one.
   */
  #batches(items: readonly unknown[], single: number, many: number, mode: BatchMode, pairs = false): void {
    const count = items.length;
    if (count === 0) return;
    let start = 0;
    let size: number;
    do {
      size = Math.min(BATCH, count - start);
      const marked = !(single && size === 1 && (mode === 0 || count === 1));
      if (marked && (size > 0 || mode === 2)) this.#out.byte(MARK);
      for (let i = start; i < start + size; i++) {
        if (!pairs) {
          this.item(items[i], i);
          continue;
        }
        const [key, value] = items[i] as [unknown, unknown];
        const unhashable = describeUnhashable(key);
        if (unhashable) throw this.error(`a dict key must be hashable, got ${unhashable}`);
        this.item(key, "<key>");
        this.item(value, typeof key === "string" ? key : String(key));
      }
      if (!marked) this.#out.byte(single);
      else if (size > 0 || mode === 2) this.#out.byte(many);
      start += size;
    } while (size === BATCH);
  }

  /**
   * APPEND/APPENDS for the list (or list-like object) on top of the stack, batched as CPython's
   * C pickler does: for a real list (`exact`) one APPEND only when it has a single item, else
   * MARK … APPENDS per 1000; for other objects (an iterator in CPython) APPEND for a lone last item.
   */
  appends(value: readonly unknown[], exact = false): void {
    this.#batches(value, APPEND, APPENDS, exact ? 1 : 0);
  }

  /**
   * SETITEM/SETITEMS for the dict on top of the stack, batched as CPython's C pickler does: for a
   * real dict (`exact`) SETITEM only when it has one item, else MARK … SETITEMS per 1000 (plus an
   * empty batch after a full last one); for dict subclasses and objects SETITEM for a lone last item.
   */
  setItems(entries: Iterable<readonly [unknown, unknown]>, exact = false): void {
    this.#batches(Array.isArray(entries) ? entries : [...entries], SETITEM, SETITEMS, exact ? 2 : 0, true);
  }

  /** callable(*args) by REDUCE, or cls.__new__(cls, *args[, **kwargs]) by NEWOBJ[_EX]; then items and BUILD; memoized under `identity`. */
  #pyObject(value: PyObject, identity: object): void {
    this.guarded(identity, () => {
      this.value(value.callable);
      this.tuple(value.args);
      if (value.kwargs !== undefined) {
        if (!value.viaNew) throw this.error("keyword arguments need viaNew (NEWOBJ_EX)", "REDUCE");
        this.value(value.kwargs);
      }
      this.op(!value.viaNew ? REDUCE : value.kwargs ? NEWOBJ_EX : NEWOBJ);
    });
    this.remember(identity);
    if (value.listItems !== undefined) this.appends(value.listItems);
    if (value.dictItems !== undefined) this.setItems(value.dictItems);
    if (value.state !== undefined) {
      this.value(value.state);
      this.op(BUILD);
    }
  }
}
