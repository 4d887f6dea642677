/** Text and number decoding for pickle arguments: UTF-8 (surrogatepass), latin-1, protocol-0 text forms. */

/** An internal decoding failure; unpickle() adds the offset and opcode and rethrows a PickleError. */
export class DecodeFailure extends Error {}

/** Throws a DecodeFailure (the opcode and offset are added by unpickle()). */
export function fail(message: string): never {
  throw new DecodeFailure(message);
}

// ignoreBOM: a leading U+FEFF is part of the string, not a byte order mark
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const fromCharCode = String.fromCharCode;
/** Strings up to SHORT bytes are built here with one fromCharCode call (no TextDecoder call, no temporary strings). */
const SHORT = 64;
/** One reusable array per length 0..SHORT: fromCharCode.apply takes its length as the argument count. */
const scratch: number[][] = Array.from({ length: SHORT + 1 }, (_, n) => new Array<number>(n).fill(0));

/** Latin-1 text of bytes[start, end) (each byte one code unit); chunked so huge inputs do not overflow the call stack. */
export function latin1Range(b: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= SHORT) {
    const a = scratch[n]!;
    for (let i = 0; i < n; i++) a[i] = b[start + i]!;
    return fromCharCode.apply(null, a);
  }
  let s = "";
  for (let i = start; i < end; i += 8192) s += fromCharCode.apply(null, b.subarray(i, Math.min(i + 8192, end)) as unknown as number[]);
  return s;
}

/**
 * textReader's scratch memory, allocated on its first use: the window masked to ASCII (64 KiB, each
 * byte & 0x7f; TextDecoder copies it into the window's string), which between refills holds the
 * code units decoded by hand (`wide`), and the window offsets of the bytes the mask changed (the
 * non-ASCII ones), in order, then -1 (`high`).
 */
let masked: Uint32Array;
let wide: Uint16Array;
let high: Int32Array;

// ignoreBOM: a leading U+FEFF is part of the string, as for utf8
const utf16 = new TextDecoder("utf-16le", { ignoreBOM: true });

/**
 * UTF-8 bytes[start, end) decoded by hand when they are valid UTF-8 (what the fatal TextDecoder
 * accepts: no overlongs, surrogates or truncations) and within U+FFFF; undefined otherwise, for
 * decodeUtf8 to decode or refuse. Saves a TextDecoder call per short string, and is faster than
 * TextDecoder on the latin-1 text that carries bytes in protocols 0-2 (ASCII strings are read
 * through the window, so only strings with non-ASCII bytes come here).
 */
function handUtf8(b: Uint8Array, start: number, end: number): string | undefined {
  let k = 0;
  for (let i = start; i < end; ) {
    let c = b[i++]!;
    if (c > 0x7f) {
      // four-byte sequences (past U+FFFF) are left to TextDecoder
      if (c < 0xc2 || c > 0xef) return undefined;
      const more = c < 0xe0 ? 1 : 2;
      c &= 0x3f >> more;
      for (let m = more; m--; ) {
        const x = b[i++]! ^ 0x80;
        if (x > 0x3f || i > end) return undefined;
        c = (c << 6) | x;
      }
      // overlong, or a surrogate (decodeUtf8 takes it as surrogatepass)
      if ((more > 1 && c < 0x800) || (c >> 11) === 0x1b) return undefined;
    }
    wide[k++] = c;
  }
  if (k > SHORT) return utf16.decode(wide.subarray(0, k));
  const a = scratch[k]!;
  for (let i = 0; i < k; i++) a[i] = wide[i]!;
  return fromCharCode.apply(null, a);
}

const plain = (b: Uint8Array, start: number, end: number, latin1?: boolean): string => {
  const n = end - start;
  return latin1
    ? latin1Range(b, start, end)
    : (n <= 32768 ? handUtf8(b, start, end) : undefined) ?? decodeUtf8(b.subarray(start, end)); // wide holds 32 Ki code units
};

/**
 * Reads text of an input by ranges, in increasing order: UTF-8, or latin-1 with `latin1`. ASCII
 * strings are sliced out of one decoded window of the input, masked to ASCII so offsets match: V8
 * makes a slice of 13 or more characters a view into the window string (which it keeps alive, up
 * to 64 KiB), so a run of strings costs one TextDecoder call instead of one each, and the bytes are
 * checked four at a time. The window doubles while strings fill a quarter of it, else shrinks.
 */
export function textReader(b: Uint8Array): (start: number, end: number, latin1?: boolean) => string {
  if (!high) (masked = new Uint32Array(16384)), (wide = new Uint16Array(masked.buffer)), (high = new Int32Array(65537)); // the largest window
  let win = "";
  let ws = 0;
  let we = 0;
  /** Where the last string read started: one before it starts a new window (the scan for non-ASCII bytes only moves on). */
  let at = 0;
  let size = 1024;
  let used = 0;
  /** Index in `high` of the first non-ASCII byte not before the last string read. */
  let h = 0;
  const refill = (start: number, n: number): void => {
    size = used * 4 >= we - ws ? Math.min(size * 2, 65536) : Math.max(size >> 2, 1024);
    at = ws = start;
    we = Math.min(b.length, start + Math.max(size, n));
    used = h = 0;
    const words = ((we - ws + 15) >> 4) << 2; // whole groups of four words (the buffer's length is one)
    const m = masked;
    const hi = high;
    const m8 = new Uint8Array(m.buffer, 0, we - ws);
    m8.set(b.subarray(ws, we));
    let count = 0;
    // 16 bytes checked at once; offsets past the window (its buffer also holds handUtf8's code units) are past every string read from it
    for (let j = 0; j < words; j += 4) {
      if (!((m[j]! | m[j + 1]! | m[j + 2]! | m[j + 3]!) & 0x80808080)) continue;
      for (let i = j; i < j + 4; i++) {
        const w = m[i]!;
        if (w & 0x80808080) {
          m[i] = w & 0x7f7f7f7f;
          for (let k = 0; k < 4; k++) if ((w >>> (8 * k)) & 0x80) hi[count++] = i * 4 + k;
        }
      }
    }
    hi[count] = -1;
    win = utf8.decode(m8);
  };
  return (start, end, latin1) => {
    const n = end - start;
    if (n > 4096 || start < at || end > we) {
      let i = start;
      while (i < end && b[i]! < 0x80) i++;
      // a new window only for an ASCII string long enough to be a view into it and short enough to
      // gain from it (TextDecoder is fastest on long runs); ASCII reads the same in latin-1
      if (i < end || n < 13) return plain(b, start, end, latin1 || i === end);
      if (n > 4096) return utf8.decode(b.subarray(start, end));
      refill(start, n);
    }
    const s = (at = start) - ws;
    const hi = high;
    let i = h;
    let x = hi[i]!;
    while (x >= 0 && x < s) x = hi[++i]!;
    h = i;
    if (x >= 0 && x < end - ws) return plain(b, start, end, latin1);
    used += n;
    return win.slice(s, end - ws);
  };
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

/** The code point of the \\u (4 hex digits) or \\U (8) escape whose letter is at b[j], or -1 when its digits are cut short by `end` or not hex. */
export function escapeCode(b: Uint8Array, j: number, end: number): number {
  let cp = 0;
  for (let d = j + 1; d <= j + (b[j] === 0x75 ? 4 : 8); d++) {
    const c = b[d]!;
    const h = c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
    if (d >= end || h < 0) return -1;
    cp = cp * 16 + h;
  }
  return cp;
}

/** Python's raw-unicode-escape decoding (protocol-0 UNICODE): \uXXXX / \UXXXXXXXX after an odd run of backslashes; `text` reads latin-1, `first` is the first backslash. */
export function rawUnicodeEscape(b: Uint8Array, start: number, end: number, text: (start: number, end: number) => string, first: number): string {
  let out = "";
  let from = start;
  // each backslash from the first one before `end` (indexOf would search the rest of the whole pickle)
  for (let i = first; i < end; i++) {
    if (b[i] !== 0x5c) continue;
    let j = i + 1;
    while (j < end && b[j] === 0x5c) j++;
    // j: first byte after the run of backslashes; an odd run before u/U makes its last backslash an escape
    const u = j < end ? b[j] : undefined;
    if ((j - i) & 1 && (u === 0x75 || u === 0x55)) {
      const digits = u === 0x75 ? 4 : 8;
      const cp = escapeCode(b, j, end);
      if (cp < 0) fail("truncated \\uXXXX escape in UNICODE");
      if (cp > 0x10ffff) fail("\\U escape beyond U+10FFFF in UNICODE");
      out += text(from, j - 1) + String.fromCodePoint(cp);
      from = j + 1 + digits;
    }
    i = Math.max(j, from) - 1;
  }
  return from === start ? text(start, end) : out + text(from, end);
}

/**
 * The text of a protocol-0 STRING argument: a quoted Python bytes literal with escapes, each
 * byte one character (Unpickler's default encoding is ASCII; we widen to latin-1).
 */
export function pythonString(raw: Uint8Array): string {
  const text = latin1Range(raw, 0, raw.length);
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

/** The plain digits b[start, end), at most 30 of them (textInt reads no more), as a bigint from two exact 15-digit halves (no string made). */
export function bigDecimal(b: Uint8Array, start: number, end: number, negative: boolean): bigint {
  let hi = 0;
  let lo = 0;
  for (let i = start; i < end - 15; i++) hi = hi * 10 + b[i]! - 0x30;
  for (let i = Math.max(start, end - 15); i < end; i++) lo = lo * 10 + b[i]! - 0x30;
  const big = BigInt(hi) * 1000000000000000n + BigInt(lo);
  return negative ? -big : big;
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

/**
 * The n-byte (n < 7) little-endian two's complement integer at b[start]: its top byte sign-extended,
 * then the others (exact below 2^48; no Math.pow). For n = 0 the "top byte" is b[start - 1], the
 * last byte of LONG1/LONG4's length 0, so the result is 0 as it must be.
 */
export function smallSigned(b: Uint8Array, start: number, n: number): number {
  let i = start + n - 1;
  let v = (b[i]! << 24) >> 24;
  while (i-- > start) v = v * 256 + b[i]!;
  return v;
}

/** The little-endian two's complement integer in bytes[start, start + n): number when within ±(2^53−1), else bigint. */
export function signedRange(b: Uint8Array, start: number, n: number): number | bigint {
  if (n < 7) {
    let v = 0;
    for (let i = n; i--; ) v = v * 256 + b[start + i]!;
    // exact up to 6 bytes with a sign
    return n && b[start + n - 1]! & 0x80 ? v - 2 ** (8 * n) : v;
  }
  if (n <= 8) {
    // sign-extended to 8 bytes: two 32-bit halves; a high half under 2^21 in size makes an exact number
    const top = b[start + n - 1]! & 0x80 ? 0xff : 0;
    const lo = (b[start]! | (b[start + 1]! << 8) | (b[start + 2]! << 16) | (b[start + 3]! << 24)) >>> 0;
    const hi = b[start + 4]! | (b[start + 5]! << 8) | (b[start + 6]! << 16) | ((n > 7 ? b[start + 7]! : top) << 24);
    return hi > -0x200000 && hi < 0x200000 ? hi * 4294967296 + lo : normalizeInt((BigInt(hi) << 32n) | BigInt(lo));
  }
  let hex = "";
  for (let i = n; i--; ) hex += (b[start + i]! < 16 ? "0" : "") + b[start + i]!.toString(16);
  return normalizeInt(BigInt.asIntN(8 * n, BigInt("0x" + hex)));
}
