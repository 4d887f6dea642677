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
  constructor(public readonly items: PyValue[]) {}
}

/** A Python bytearray (kept distinct from bytes). */
export class PyByteArray {
  constructor(public readonly bytes: Uint8Array) {}
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
  constructor(
    public readonly module: string,
    public readonly name: string,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
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
  constructor(
    public readonly ok: boolean,
    public readonly value: PyValue,
  ) {}
}

/** An exception instance: its class path ("builtins.ValueError") and its args. */
export class PyException {
  constructor(
    public readonly className: string,
    public readonly args: PyValue[],
  ) {}
}

/** A Python float that must stay a float when written (e.g. 3.0); the decoder never produces it. */
export class PyFloat {
  constructor(public readonly value: number) {}
}

/** datetime.datetime. `iso` is Python's isoformat(); utcOffsetSeconds is set when tz-aware. */
export class PyDateTime {
  constructor(
    public readonly year: number,
    public readonly month: number,
    public readonly day: number,
    public readonly hour: number,
    public readonly minute: number,
    public readonly second: number,
    public readonly microsecond: number,
    public readonly utcOffsetSeconds: number | null = null,
  ) {}
}

/** datetime.date. */
export class PyDate {
  constructor(
    public readonly year: number,
    public readonly month: number,
    public readonly day: number,
  ) {}
}

/** datetime.time. */
export class PyTime {
  constructor(
    public readonly hour: number,
    public readonly minute: number,
    public readonly second: number,
    public readonly microsecond: number,
    public readonly utcOffsetSeconds: number | null = null,
  ) {}
}

/** datetime.timedelta. */
export class PyTimeDelta {
  constructor(
    public readonly days: number,
    public readonly seconds: number,
    public readonly microseconds: number,
  ) {}
  /** timedelta.total_seconds() as Python computes it: whole microseconds divided by 10**6 (one rounding). */
  get totalSeconds(): number {
    return ((this.days * 86400 + this.seconds) * 1e6 + this.microseconds) / 1e6;
  }
}

/** decimal.Decimal, as its str(). */
export class PyDecimal {
  constructor(public readonly value: string) {}
}

/** uuid.UUID, as its canonical str() (8-4-4-4-12 lowercase hex). */
export class PyUUID {
  constructor(public readonly value: string) {}
}

/** complex. */
export class PyComplex {
  constructor(
    public readonly real: number,
    public readonly imag: number,
  ) {}
}
