/** Text and number decoding for pickle arguments: UTF-8 (surrogatepass), latin-1, protocol-0 text forms. */

/** An internal decoding failure; unpickle() adds the offset and opcode and rethrows a PickleError. */
export class DecodeFailure extends Error {}

/** Throws a DecodeFailure (the opcode and offset are added by unpickle()). */
export function fail(message: string): never {
  throw new DecodeFailure(message);
}

// ignoreBOM: a leading U+FEFF is part of the string, not a byte order mark
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Latin-1 (each byte one code unit); chunked so huge inputs do not overflow the call stack. */
export function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** Python's utf-8 with 'surrogatepass' (how pickle writes str): lone surrogates are allowed. */
export function decodeUtf8(b: Uint8Array): string {
  try {
    return utf8.decode(b);
  } catch {
    // a lone surrogate is written as ED A0..BF 80..BF (invalid in strict UTF-8): decode the runs
    // between them strictly and add each surrogate as its code unit (0xED is never a continuation byte)
    let out = "";
    let start = 0;
    try {
      for (let i = 0; i < b.length; i++) {
        if (b[i] === 0xed && (b[i + 1]! & 0xe0) === 0xa0 && (b[i + 2]! & 0xc0) === 0x80) {
          out += utf8.decode(b.subarray(start, i)) + String.fromCharCode(0xd000 | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f));
          start = (i += 2) + 1;
        }
      }
      return out + utf8.decode(b.subarray(start));
    } catch {
      return fail(`invalid UTF-8 in a string of ${b.length} bytes`);
    }
  }
}

/** Python's raw-unicode-escape decoding (protocol-0 UNICODE): \uXXXX / \UXXXXXXXX after an odd run of backslashes. */
export function rawUnicodeEscape(b: Uint8Array): string {
  return latin1(b).replace(/(?<!\\)((?:\\\\)*)\\(?:u([^]{0,4})|U([^]{0,8}))/g, (_, run: string, u?: string, U?: string) => {
    const hex = u ?? U!;
    if (hex.length !== (u === undefined ? 8 : 4) || !/^[0-9a-f]+$/i.test(hex)) fail("truncated \\uXXXX escape in UNICODE");
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff) fail("\\U escape beyond U+10FFFF in UNICODE");
    return run + String.fromCodePoint(cp);
  });
}

/**
 * The text of a protocol-0 STRING argument: a quoted Python bytes literal with escapes, each
 * byte one character (Unpickler's default encoding is ASCII; we widen to latin-1).
 */
export function pythonString(raw: Uint8Array): string {
  const text = latin1(raw);
  const q = text[0];
  if (text.length < 2 || (q !== "'" && q !== '"') || text[text.length - 1] !== q) fail("STRING argument is not a quoted string");
  return text.slice(1, -1).replace(/\\([0-7]{1,3}|x[^]{0,2}|[^]?)/g, (_, e: string) => {
    const simple = "\\'\"abfnrtv".indexOf(e);
    if (e.length === 1 && simple >= 0) return "\\'\"\x07\b\f\n\r\t\v"[simple]!;
    if (e === "") fail("STRING ends with a lone backslash");
    if (e === "\n") return "";
    if (e[0] === "x") {
      if (!/^x[0-9a-f]{2}$/i.test(e)) fail("invalid \\x escape in STRING");
      return String.fromCharCode(parseInt(e.slice(1), 16));
    }
    return e[0]! <= "7" && e[0]! >= "0" ? String.fromCharCode(parseInt(e, 8) & 0xff) : "\\" + e;
  });
}

/** Decimal integer text (INT, LONG, GET...) → number when safe, bigint otherwise. */
export function parseDecimalInt(text: string, maxDigits: number): number | bigint {
  const t = text.trim().replace(/_/g, "");
  if (!/^[+-]?\d+$/.test(t)) fail(`argument ${JSON.stringify(t.slice(0, 40))} is not an integer`);
  const digits = t.replace(/^[+-]?0*(?=\d)/, "").length;
  if (digits > maxDigits) fail(`integer of ${digits} digits exceeds ${maxDigits} (maxBigIntDigits limit)`);
  return normalizeInt(BigInt(t));
}

/** bigint → number when within ±(2^53−1). */
export function normalizeInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Protocol-0 FLOAT text, as Python's float() reads it. */
export function parseFloatText(text: string): number {
  const t = text.trim().toLowerCase();
  const special = /^([+-]?)(nan|inf(inity)?)$/.exec(t);
  if (special) return special[2] === "nan" ? NaN : special[1] === "-" ? -Infinity : Infinity;
  if (!/^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(e[+-]?\d+)?$/.test(t)) fail(`FLOAT argument ${JSON.stringify(t.slice(0, 40))} is not a float`);
  return Number(t.replace(/_/g, ""));
}

/** Little-endian two's complement bytes (LONG1/LONG4) → number when safe, else bigint. */
export function littleEndianSigned(b: Uint8Array): number | bigint {
  const n = b.length;
  if (n < 9) {
    let v = 0;
    for (let i = n; i--; ) v = v * 256 + b[i]!;
    // exact up to 6 bytes with a sign; 7 or 8 bytes only when non-negative and below 2^53
    if (n < 7) return b[n - 1]! & 0x80 ? v - 2 ** (8 * n) : v;
    if (b[n - 1]! < 0x80 && v <= Number.MAX_SAFE_INTEGER) return v;
  }
  let hex = "";
  for (let i = n; i--; ) hex += (b[i]! < 16 ? "0" : "") + b[i]!.toString(16);
  return normalizeInt(BigInt.asIntN(8 * n, BigInt("0x" + hex)));
}
