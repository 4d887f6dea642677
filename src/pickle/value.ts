/**
 * The in-memory form of a Python value: what the decoder (read.ts) produces and what the writer
 * (write.ts) consumes. Plain JS values stand for themselves where the mapping is lossless:
 *
 * | Python                       | here                                                   |
 * | ---------------------------- | ------------------------------------------------------ |
 * | None, bool, str              | null, boolean, string                                  |
 * | int                          | number when a safe integer, else bigint                |
 * | float                        | number (a whole float such as 3.0 is the number 3)      |
 * | bytes                        | Uint8Array                                             |
 * | bytearray                    | PyByteArray                                            |
 * | list                         | Array                                                  |
 * | tuple                        | PyTuple                                                |
 * | dict (also OrderedDict, ...) | PyDict (a Map: any key type, insertion order, no prototype pollution) |
 * | set, frozenset               | PySet                                                  |
 * | anything else                | a record (PyGlobal, PyObject, PyResult, ...); nothing is ever called |
 *
 * The decoder rebuilds known safe types (datetime, Decimal, UUID, complex, Success/Failure,
 * exceptions) into the records below; everything else stays an inert PyObject.
 */

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyByteArray
  | PyTuple
  | PyDict
  | PySet
  | PyGlobal
  | PyObject
  | PyResult
  | PyException
  | PyDateTime
  | PyDate
  | PyTime
  | PyTimeDelta
  | PyDecimal
  | PyUUID
  | PyComplex
  | PyFloat;

/** A Python tuple (kept distinct from list). */
export class PyTuple {
  declare readonly items: PyValue[];
  constructor(items: PyValue[]) {
    this.items = items;
  }
}

/** A Python bytearray (kept distinct from bytes). */
export class PyByteArray {
  declare readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}

/**
 * A Python dict. `className` is set for dict subclasses met in the pickle
 * (e.g. "collections.OrderedDict", "collections.defaultdict"); plain dicts leave it undefined.
 */
export class PyDict extends Map<PyValue, PyValue> {
  className: string | undefined;
  constructor(entries?: Iterable<readonly [PyValue, PyValue]>, className?: string) {
    super(entries);
    this.className = className;
  }
}

/** A Python set or frozenset, elements in pickle order. */
export class PySet extends Set<PyValue> {
  constructor(
    values?: Iterable<PyValue>,
    public readonly frozen = false,
  ) {
    super(values);
  }
}

/** A reference to a module-level Python object (a class, a function): never resolved, never called. */
export class PyGlobal {
  declare readonly module: string;
  declare readonly name: string;
  constructor(module: string, name: string) {
    this.module = module; this.name = name;
  }
  /** qualifiedName, built once (the decoder compares it per REDUCE/NEWOBJ/BUILD; private: not an own property). */
  #qualified: string | undefined;
  get qualifiedName(): string {
    return (this.#qualified ??= `${this.module}.${this.name}`);
  }
}

/**
 * Any object the decoder did not rebuild: the record of how the pickle would have built it.
 * `callable` is what REDUCE would call (or the class NEWOBJ would instantiate), `args` its
 * positional arguments, `kwargs` NEWOBJ_EX's keyword arguments, `state` what BUILD would set,
 * `listItems` / `dictItems` what APPENDS / SETITEMS added to it.
 * For writing, the same record means: build the object with `callable(*args)` (REDUCE) or
 * `cls.__new__(cls, *args)` (`viaNew: true`, NEWOBJ), then BUILD with `state` when defined.
 */
export class PyObject {
  kwargs: PyDict | undefined = undefined;
  state: PyValue | undefined = undefined;
  listItems: PyValue[] | undefined = undefined;
  dictItems: [PyValue, PyValue][] | undefined = undefined;
  constructor(
    public readonly callable: PyValue,
    public readonly args: PyValue[],
    public readonly viaNew = false,
  ) {}
}

/** `returns.result.Success(value)` (ok) or `Failure(value)` (not ok). */
export class PyResult {
  declare readonly ok: boolean;
  declare readonly value: PyValue;
  constructor(ok: boolean, value: PyValue) {
    this.ok = ok; this.value = value;
  }
}

/**
 * An exception instance: its class path ("builtins.ValueError"), its args, and the attributes
 * BUILD set on it (`BaseException.__reduce__` adds its `__dict__` when not empty), if any.
 */
export class PyException {
  declare readonly className: string;
  declare readonly args: PyValue[];
  state: PyValue | undefined;
  constructor(className: string, args: PyValue[], state?: PyValue) {
    this.className = className; this.args = args; this.state = state;
  }
}

/** A Python float that must stay a float when written (e.g. 3.0); the decoder never produces it. */
export class PyFloat {
  declare readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** datetime.datetime. `iso` is Python's isoformat(); utcOffsetSeconds is set when tz-aware. */
export class PyDateTime {
  declare readonly year: number;
  declare readonly month: number;
  declare readonly day: number;
  declare readonly hour: number;
  declare readonly minute: number;
  declare readonly second: number;
  declare readonly microsecond: number;
  declare readonly utcOffsetSeconds: number | null;
  constructor(year: number, month: number, day: number, hour: number, minute: number, second: number, microsecond: number, utcOffsetSeconds: number | null = null) {
    this.year = year; this.month = month; this.day = day; this.hour = hour; this.minute = minute; this.second = second; this.microsecond = microsecond; this.utcOffsetSeconds = utcOffsetSeconds;
  }
}

/** datetime.date. */
export class PyDate {
  declare readonly year: number;
  declare readonly month: number;
  declare readonly day: number;
  constructor(year: number, month: number, day: number) {
    this.year = year; this.month = month; this.day = day;
  }
}

/** datetime.time. */
export class PyTime {
  declare readonly hour: number;
  declare readonly minute: number;
  declare readonly second: number;
  declare readonly microsecond: number;
  declare readonly utcOffsetSeconds: number | null;
  constructor(hour: number, minute: number, second: number, microsecond: number, utcOffsetSeconds: number | null = null) {
    this.hour = hour; this.minute = minute; this.second = second; this.microsecond = microsecond; this.utcOffsetSeconds = utcOffsetSeconds;
  }
}

/** datetime.timedelta. */
export class PyTimeDelta {
  declare readonly days: number;
  declare readonly seconds: number;
  declare readonly microseconds: number;
  constructor(days: number, seconds: number, microseconds: number) {
    this.days = days; this.seconds = seconds; this.microseconds = microseconds;
  }
  /** timedelta.total_seconds() as Python computes it: whole microseconds divided by 10**6 (one rounding). */
  get totalSeconds(): number {
    return ((this.days * 86400 + this.seconds) * 1e6 + this.microseconds) / 1e6;
  }
}

/** decimal.Decimal, as its str(). */
export class PyDecimal {
  declare readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
}

/** uuid.UUID, as its canonical str() (8-4-4-4-12 lowercase hex). */
export class PyUUID {
  declare readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
}

/** complex. */
export class PyComplex {
  declare readonly real: number;
  declare readonly imag: number;
  constructor(real: number, imag: number) {
    this.real = real; this.imag = imag;
  }
}
