/** Text and number decoding for pickle arguments: UTF-8 (surrogatepass), latin-1, protocol-0 text forms. */
import { DecodeFailure } from "./read-input.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Latin-1 (each byte one code unit); chunked so huge inputs do not overflow the call stack. */
export function latin1(bytes: Uint8Array): string {
  if (bytes.length < 64) {
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 8192)));
  }
  return s;
}

/** Python's utf-8 with 'surrogatepass' (how pickle writes str): lone surrogates are allowed. */
export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length < 24) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) { ascii = false; break; }
    if (ascii) return latin1(bytes);
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return decodeUtf8SurrogatePass(bytes);
  }
}

function decodeUtf8SurrogatePass(b: Uint8Array): string {
  const units: number[] = [];
  let out = "";
  let i = 0;
  const cont = (k: number): number => {
    const c = b[k];
    if (c === undefined || (c & 0xc0) !== 0x80) throw new DecodeFailure(`invalid UTF-8 at byte ${k} of a string`);
    return c & 0x3f;
  };
  while (i < b.length) {
    const c = b[i]!;
    let cp: number;
    if (c < 0x80) { cp = c; i += 1; }
    else if (c >= 0xc2 && c < 0xe0) { cp = ((c & 0x1f) << 6) | cont(i + 1); i += 2; }
    else if (c >= 0xe0 && c < 0xf0) {
      cp = ((c & 0x0f) << 12) | (cont(i + 1) << 6) | cont(i + 2); i += 3;
      if (cp < 0x800) throw new DecodeFailure("overlong UTF-8 in a string");
    } else if (c >= 0xf0 && c < 0xf5) {
      cp = ((c & 0x07) << 18) | (cont(i + 1) << 12) | (cont(i + 2) << 6) | cont(i + 3); i += 4;
      if (cp < 0x10000 || cp > 0x10ffff) throw new DecodeFailure("invalid UTF-8 code point in a string");
    } else throw new DecodeFailure(`invalid UTF-8 byte 0x${c.toString(16)} in a string`);
    if (cp > 0xffff) { cp -= 0x10000; units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff)); }
    else units.push(cp);
    if (units.length >= 8192) { out += String.fromCharCode(...units); units.length = 0; }
  }
  return out + String.fromCharCode(...units);
}

/** Python's raw-unicode-escape decoding (protocol-0 UNICODE): \uXXXX / \UXXXXXXXX after an odd run of backslashes. */
export function rawUnicodeEscape(b: Uint8Array): string {
  const parts: string[] = [];
  let i = 0;
  let start = 0;
  while (i < b.length) {
    if (b[i] !== 0x5c) { i++; continue; }
    const runStart = i;
    while (i < b.length && b[i] === 0x5c) i++;
    const kind = b[i];
    if (((i - runStart) & 1) === 0 || (kind !== 0x75 && kind !== 0x55)) continue;
    parts.push(latin1(b.subarray(start, i - 1)));
    const count = kind === 0x75 ? 4 : 8;
    const hex = latin1(b.subarray(i + 1, i + 1 + count));
    if (hex.length !== count || !/^[0-9a-fA-F]+$/.test(hex)) throw new DecodeFailure("truncated \\uXXXX escape in UNICODE");
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff) throw new DecodeFailure("\\U escape beyond U+10FFFF in UNICODE");
    parts.push(cp <= 0xffff ? String.fromCharCode(cp) : String.fromCodePoint(cp));
    i += 1 + count;
    start = i;
  }
  parts.push(latin1(b.subarray(start)));
  return parts.join("");
}

const SIMPLE_ESCAPES: Record<string, number> = { "\\": 0x5c, "'": 0x27, '"': 0x22, a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** The bytes of a protocol-0 STRING argument: a quoted Python bytes literal body with escapes. */
export function pythonStringLiteral(raw: Uint8Array): Uint8Array {
  const text = latin1(raw);
  const q = text[0];
  if (text.length < 2 || (q !== "'" && q !== '"') || text[text.length - 1] !== q) {
    throw new DecodeFailure("STRING argument is not a quoted string");
  }
  const body = text.slice(1, -1);
  const out = new Uint8Array(body.length); // escapes only shrink: the output fits
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") { out[n++] = ch.charCodeAt(0); continue; }
    const e = body[++i];
    if (e === undefined) throw new DecodeFailure("STRING ends with a lone backslash");
    if (Object.hasOwn(SIMPLE_ESCAPES, e)) out[n++] = SIMPLE_ESCAPES[e]!;
    else if (e === "\n") continue;
    else if (e === "x") {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new DecodeFailure("invalid \\x escape in STRING");
      out[n++] = parseInt(hex, 16); i += 2;
    } else if (e >= "0" && e <= "7") {
      let oct = e;
      while (oct.length < 3 && body[i + 1]! >= "0" && body[i + 1]! <= "7") oct += body[++i];
      out[n++] = parseInt(oct, 8) & 0xff;
    } else { out[n++] = 0x5c; out[n++] = e.charCodeAt(0); }
  }
  return out.subarray(0, n);
}

/** Decimal integer text (INT, LONG, GET...) → number when safe, bigint otherwise. */
export function parseDecimalInt(text: string, maxDigits: number, what: string): number | bigint {
  const t = text.trim().replace(/_/g, "");
  if (!/^[+-]?\d+$/.test(t)) throw new DecodeFailure(`${what} argument ${JSON.stringify(t.slice(0, 40))} is not an integer`);
  const digits = t.replace(/^[+-]/, "").replace(/^0+(?=\d)/, "");
  if (digits.length > maxDigits) throw new DecodeFailure(`${what} has ${digits.length} digits, over the limit of ${maxDigits}`);
  return normalizeInt(BigInt(t));
}

/** bigint → number when within ±(2^53−1). */
export function normalizeInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Protocol-0 FLOAT text, as Python's float() reads it. */
export function parseFloatText(text: string): number {
  const t = text.trim().toLowerCase();
  const special: Record<string, number> = { nan: NaN, "+nan": NaN, "-nan": NaN, inf: Infinity, "+inf": Infinity, "-inf": -Infinity, infinity: Infinity, "+infinity": Infinity, "-infinity": -Infinity };
  if (Object.hasOwn(special, t)) return special[t]!;
  if (!/^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(e[+-]?\d+)?$/.test(t)) throw new DecodeFailure(`FLOAT argument ${JSON.stringify(t.slice(0, 40))} is not a float`);
  return Number(t.replace(/_/g, ""));
}

/** Little-endian two's complement bytes (LONG1/LONG4) → number when safe, else bigint. */
export function littleEndianSigned(b: Uint8Array): number | bigint {
  const n = b.length;
  if (n === 0) return 0;
  if (n <= 6) {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + b[i]!;
    if (b[n - 1]! & 0x80) v -= 2 ** (8 * n);
    return v;
  }
  if (n <= 8 && b[n - 1]! < 0x80) {
    // non-negative and at most 8 bytes: exact as a number while below 2^53
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + b[i]!;
    if (v <= Number.MAX_SAFE_INTEGER) return v;
  }
  let hex = "";
  for (let i = n - 1; i >= 0; i--) hex += (b[i]! < 16 ? "0" : "") + b[i]!.toString(16);
  let v = BigInt("0x" + hex);
  if (b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
  return normalizeInt(v);
}
