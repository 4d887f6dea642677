/**
 * Writing the Python types the decoder rebuilds (returns' Success/Failure, exceptions, datetime,
 * Decimal, UUID, complex) exactly as CPython 3.11 pickles them (checked with pickletools on the
 * fixture pickles).
 */
import {
  PyComplex,
  PyDate,
  PyDateTime,
  PyDecimal,
  PyException,
  PyResult,
  PyTime,
  PyTimeDelta,
  PyUUID,
} from "./value.js";
import { OP } from "./opcodes.js";
import { splitQualified } from "./write-path.js";
import type { PickleWriter } from "./write.js";

type Known = PyResult | PyException | PyDateTime | PyDate | PyTime | PyTimeDelta | PyDecimal | PyUUID | PyComplex;

export function writeKnown(w: PickleWriter, value: object): void {
  const v = value as Known;
  if (v instanceof PyResult) return writeResult(w, v);
  if (v instanceof PyException) return reduce(w, v, splitQualified(v.className), v.args);
  if (v instanceof PyDateTime) return writeDateTime(w, v);
  if (v instanceof PyDate) return reduce(w, v, ["datetime", "date"], [dateBytes(w, v)]);
  if (v instanceof PyTime) return writeTime(w, v);
  if (v instanceof PyTimeDelta) return reduce(w, v, ["datetime", "timedelta"], timedeltaArgs(w, v));
  if (v instanceof PyDecimal) return reduce(w, v, ["decimal", "Decimal"], [v.value]);
  if (v instanceof PyUUID) return writeUuid(w, v);
  if (v instanceof PyComplex) return writeComplex(w, v);
}

/** module.name(*args) by REDUCE, memoized under `identity`. */
function reduce(w: PickleWriter, identity: object, [module, name]: [string, string], args: readonly unknown[]): void {
  w.global(module, name);
  w.tuple(args);
  w.op(OP.REDUCE);
  w.remember(identity);
}

/** returns' containers: NEWOBJ on the class, then BUILD with {'container_value': inner}. */
function writeResult(w: PickleWriter, v: PyResult): void {
  w.global("returns.result", v.ok ? "Success" : "Failure");
  w.op(OP.EMPTY_TUPLE);
  w.op(OP.NEWOBJ);
  w.remember(v);
  w.op(OP.EMPTY_DICT);
  w.remember();
  w.setItems([["container_value", v.value]]);
  w.op(OP.BUILD);
}

function checkInt(w: PickleWriter, what: string, n: number, min: number, max: number): number {
  if (!Number.isInteger(n) || n < min || n > max) {
    throw w.error(`${what} must be an integer from ${min} to ${max}, got ${n}`);
  }
  return n;
}

function dateBytes(w: PickleWriter, v: { year: number; month: number; day: number }): Uint8Array {
  const year = checkInt(w, "datetime year", v.year, 1, 9999);
  return Uint8Array.of(
    year >> 8,
    year & 255,
    checkInt(w, "datetime month", v.month, 1, 12),
    checkInt(w, "datetime day", v.day, 1, 31),
  );
}

function timeBytes(w: PickleWriter, v: { hour: number; minute: number; second: number; microsecond: number }): number[] {
  const us = checkInt(w, "microsecond", v.microsecond, 0, 999_999);
  return [
    checkInt(w, "hour", v.hour, 0, 23),
    checkInt(w, "minute", v.minute, 0, 59),
    checkInt(w, "second", v.second, 0, 59),
    us >> 16,
    (us >> 8) & 255,
    us & 255,
  ];
}

/** datetime.timezone(timedelta(seconds=offset)); UTC is written the same way CPython writes timezone.utc. */
function writeTimezone(w: PickleWriter, offsetSeconds: number): void {
  checkInt(w, "UTC offset (seconds)", offsetSeconds, -86_399, 86_399);
  w.global("datetime", "timezone");
  w.global("datetime", "timedelta");
  const days = Math.floor(offsetSeconds / 86_400);
  w.tuple([days, offsetSeconds - days * 86_400, 0]);
  w.op(OP.REDUCE);
  w.remember();
  w.op(OP.TUPLE1);
  w.remember();
  w.op(OP.REDUCE);
  w.remember();
}

/** datetime.datetime(b'<10 bytes>'[, tzinfo]). */
function writeDateTime(w: PickleWriter, v: PyDateTime): void {
  writeClockValue(w, v, "datetime", Uint8Array.from([...dateBytes(w, v), ...timeBytes(w, v)]));
}

/** datetime.time(b'<6 bytes>'[, tzinfo]). */
function writeTime(w: PickleWriter, v: PyTime): void {
  writeClockValue(w, v, "time", Uint8Array.from(timeBytes(w, v)));
}

/** `datetime.<name>(state[, tzinfo])`, as CPython's __reduce__ of datetime and time writes it. */
function writeClockValue(w: PickleWriter, v: PyDateTime | PyTime, name: "datetime" | "time", state: Uint8Array): void {
  w.global("datetime", name);
  w.bytes(state);
  if (v.utcOffsetSeconds === null) w.op(OP.TUPLE1);
  else {
    writeTimezone(w, v.utcOffsetSeconds);
    w.op(OP.TUPLE2);
  }
  w.remember();
  w.op(OP.REDUCE);
  w.remember(v);
}

function timedeltaArgs(w: PickleWriter, v: PyTimeDelta): number[] {
  return [
    checkInt(w, "timedelta days", v.days, -999_999_999, 999_999_999),
    checkInt(w, "timedelta seconds", v.seconds, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    checkInt(w, "timedelta microseconds", v.microseconds, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  ];
}

/** uuid.UUID: NEWOBJ, then BUILD with {'int': <128-bit int>} (UUID's __getstate__). */
function writeUuid(w: PickleWriter, v: PyUUID): void {
  const hex = v.value.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw w.error(`not a UUID: ${JSON.stringify(v.value)}`);
  w.global("uuid", "UUID");
  w.op(OP.EMPTY_TUPLE);
  w.op(OP.NEWOBJ);
  w.remember(v);
  w.op(OP.EMPTY_DICT);
  w.remember();
  w.string("int");
  w.int(BigInt(`0x${hex}`));
  w.op(OP.SETITEM);
  w.op(OP.BUILD);
}

/** builtins.complex(real, imag), both parts always floats. */
function writeComplex(w: PickleWriter, v: PyComplex): void {
  w.global("builtins", "complex");
  w.float(v.real);
  w.float(v.imag);
  w.op(OP.TUPLE2);
  w.remember();
  w.op(OP.REDUCE);
  w.remember(v);
}
