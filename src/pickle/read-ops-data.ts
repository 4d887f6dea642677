/** Opcode handlers that push scalars: ints, floats, strings, bytes, booleans, None. */
import { OP } from "./opcodes.js";
import { DecodeFailure } from "./read-input.js";
import type { Machine } from "./read-machine.js";
import {
  decodeUtf8, latin1, littleEndianSigned, parseDecimalInt, parseFloatText, pythonStringLiteral, rawUnicodeEscape,
} from "./read-text.js";
import { PyByteArray } from "./value.js";

export type Handler = (m: Machine) => void;

/** Python 2 str payloads (STRING, BINSTRING): Unpickler's default encoding is ASCII; we widen to latin-1. */
function legacyString(b: Uint8Array): string {
  return latin1(b);
}

function checkLongLength(m: Machine, n: number): void {
  // 8 bits per byte ≈ 2.408 decimal digits: refuse before converting anything.
  if (n * 2.408 > m.limits.maxBigIntDigits + 3) {
    throw new DecodeFailure(`integer of ${n} bytes exceeds ${m.limits.maxBigIntDigits} digits (maxBigIntDigits limit)`);
  }
}

function textInt(m: Machine, what: string): number | bigint {
  return parseDecimalInt(latin1(m.input.line(what)), m.limits.maxBigIntDigits, what);
}

export const DATA_HANDLERS: [number, Handler][] = [
  [OP.NONE, (m) => m.push(null)],
  [OP.NEWTRUE, (m) => m.push(true)],
  [OP.NEWFALSE, (m) => m.push(false)],
  [OP.BININT, (m) => m.push(m.input.i32())],
  [OP.BININT1, (m) => m.push(m.input.u8())],
  [OP.BININT2, (m) => m.push(m.input.u16())],
  [OP.INT, (m) => {
    const raw = latin1(m.input.line("INT"));
    // protocol 0 writes booleans as I01 / I00
    if (raw === "01") m.push(true);
    else if (raw === "00") m.push(false);
    else m.push(parseDecimalInt(raw, m.limits.maxBigIntDigits, "INT"));
  }],
  [OP.LONG, (m) => {
    const raw = latin1(m.input.line("LONG"));
    m.push(parseDecimalInt(raw.endsWith("L") ? raw.slice(0, -1) : raw, m.limits.maxBigIntDigits, "LONG"));
  }],
  [OP.LONG1, (m) => { const n = m.input.u8(); checkLongLength(m, n); m.push(littleEndianSigned(m.input.take(n, "LONG1"))); }],
  [OP.LONG4, (m) => {
    const n = m.input.i32();
    if (n < 0) throw new DecodeFailure(`LONG4 has negative byte count ${n}`);
    checkLongLength(m, n);
    m.push(littleEndianSigned(m.input.take(n, "LONG4")));
  }],
  [OP.BINFLOAT, (m) => m.push(m.input.f64be())],
  [OP.FLOAT, (m) => m.push(parseFloatText(latin1(m.input.line("FLOAT"))))],
  [OP.STRING, (m) => m.push(legacyString(pythonStringLiteral(m.input.line("STRING"))))],
  [OP.BINSTRING, (m) => m.push(legacyString(m.input.take(m.input.i32(), "BINSTRING")))],
  [OP.SHORT_BINSTRING, (m) => m.push(legacyString(m.input.take(m.input.u8(), "SHORT_BINSTRING")))],
  [OP.UNICODE, (m) => m.push(rawUnicodeEscape(m.input.line("UNICODE")))],
  [OP.BINUNICODE, (m) => m.push(m.input.text(m.input.u32(), "BINUNICODE", decodeUtf8))],
  [OP.SHORT_BINUNICODE, (m) => m.push(m.input.text(m.input.u8(), "SHORT_BINUNICODE", decodeUtf8))],
  [OP.BINUNICODE8, (m) => m.push(decodeUtf8(m.input.take(m.input.u64(), "BINUNICODE8")))],
  [OP.BINBYTES, (m) => m.push(m.input.copy(m.input.u32(), "BINBYTES"))],
  [OP.SHORT_BINBYTES, (m) => m.push(m.input.copy(m.input.u8(), "SHORT_BINBYTES"))],
  [OP.BINBYTES8, (m) => m.push(m.input.copy(m.input.u64(), "BINBYTES8"))],
  [OP.BYTEARRAY8, (m) => m.push(new PyByteArray(m.input.copy(m.input.u64(), "BYTEARRAY8")))],
  [OP.GET, (m) => m.push(m.memoGet(Number(textInt(m, "GET"))))],
  [OP.PUT, (m) => m.memoPut(Number(textInt(m, "PUT")), m.top())],
];
