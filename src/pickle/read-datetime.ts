/** datetime module values rebuilt from their pickled state bytes (CPython's _datetime state layout). */
import { PyDate, PyDateTime, PyGlobal, PyObject, PyTime, PyTimeDelta, type PyValue } from "./value.js";

/** The UTC offset in seconds of a tzinfo record, null for none, undefined when unknown (e.g. zoneinfo). */
function offsetOf(tz: PyValue | undefined): number | null | undefined {
  if (tz === undefined || tz === null) return null;
  if (tz instanceof PyObject && tz.callable instanceof PyGlobal && tz.callable.qualifiedName === "datetime.timezone") {
    const delta = tz.args[0];
    if (delta instanceof PyTimeDelta) return delta.totalSeconds;
  }
  return undefined;
}

function num(v: PyValue | undefined): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Rebuilds datetime.{datetime,date,time,timedelta,timezone}(*args), or undefined when the args are not understood. */
export function rebuildDatetime(name: string, args: PyValue[]): PyValue | undefined {
  const [a0, a1] = args;
  switch (name) {
    case "datetime": {
      const off = offsetOf(a1);
      if (!(a0 instanceof Uint8Array) || a0.length !== 10 || off === undefined) return undefined;
      const b = a0;
      return new PyDateTime(b[0]! * 256 + b[1]!, b[2]! & 0x7f, b[3]!, b[4]!, b[5]!, b[6]!, (b[7]! << 16) | (b[8]! << 8) | b[9]!, off);
    }
    case "date":
      if (!(a0 instanceof Uint8Array) || a0.length !== 4) return undefined;
      return new PyDate(a0[0]! * 256 + a0[1]!, a0[2]!, a0[3]!);
    case "time": {
      const off = offsetOf(a1);
      if (!(a0 instanceof Uint8Array) || a0.length !== 6 || off === undefined) return undefined;
      return new PyTime(a0[0]! & 0x7f, a0[1]!, a0[2]!, (a0[3]! << 16) | (a0[4]! << 8) | a0[5]!, off);
    }
    case "timedelta": {
      const [d, s, us] = [num(args[0] ?? 0), num(args[1] ?? 0), num(args[2] ?? 0)];
      if (d === undefined || s === undefined || us === undefined) return undefined;
      return new PyTimeDelta(d, s, us);
    }
    case "timezone":
      if (!(a0 instanceof PyTimeDelta)) return undefined;
      return new PyObject(new PyGlobal("datetime", "timezone"), args);
    default:
      return undefined;
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function clock(h: number, m: number, s: number, us: number): string {
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${us ? "." + pad(us, 6) : ""}`;
}

/** Python's utcoffset suffix: +HH:MM, with :SS and .ffffff only when non-zero. */
function offsetText(offset: number | null): string {
  if (offset === null) return "";
  const sign = offset < 0 ? "-" : "+";
  const totalUs = Math.round(Math.abs(offset) * 1e6);
  const us = totalUs % 1_000_000;
  const secs = Math.floor(totalUs / 1_000_000);
  const [h, m, s] = [Math.floor(secs / 3600), Math.floor(secs / 60) % 60, secs % 60];
  return `${sign}${pad(h, 2)}:${pad(m, 2)}${s || us ? ":" + pad(s, 2) : ""}${us ? "." + pad(us, 6) : ""}`;
}

export function isoDate(d: PyDate | PyDateTime): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

export function isoDateTime(d: PyDateTime): string {
  return `${isoDate(d)}T${clock(d.hour, d.minute, d.second, d.microsecond)}${offsetText(d.utcOffsetSeconds)}`;
}

export function isoTime(t: PyTime): string {
  return clock(t.hour, t.minute, t.second, t.microsecond) + offsetText(t.utcOffsetSeconds);
}
