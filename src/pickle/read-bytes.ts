/**
 * The fast path for bytes in protocols 0-2, which pickle writes as `_codecs.encode(text, "latin1")`:
 * GLOBAL, [MARK,] the text, [PUT,] "latin1" (or a GET of it), [PUT,] TUPLE2 (TUPLE after a MARK),
 * [PUT,] REDUCE. When the ops after the text are exactly that, the text's own bytes are decoded
 * straight into the Uint8Array (no JS string, no second pass); anything else (another shape, a
 * character past U+00FF, a malformed escape, a limit) leaves the whole sequence to the general path.
 */

import { hexValue } from "./read-text.js";
import type { PyValue } from "./value.js";

/** A memo entry made when a GET first reads it (then kept): the text and the argument tuple of bytes read by the fast path. */
export class Deferred {
  private made?: PyValue;
  constructor(private readonly make: () => PyValue) {}
  value(): PyValue {
    return (this.made ??= this.make());
  }
}

/** A memo op: none, MEMOIZE (the next free index), or an explicit index. */
export const NO_PUT = -1;
export const MEMOIZE = -2;

/** What follows the text of a `_codecs.encode(text, "latin1")` call. */
export interface EncodeTail {
  /** The memo ops after the text, after the encoding and after the tuple (NO_PUT, MEMOIZE or an index). */
  puts: [number, number, number];
  /** The memo index the encoding is read from (a GET), or -1 for the literal "latin1". */
  encodingGet: number;
  /** The offset just after REDUCE. */
  end: number;
}

const LATIN1 = [0x6c, 0x61, 0x74, 0x69, 0x6e, 0x31]; // "latin1"

/** Plain decimal digits (at most 9) then a newline at b[i..]: [value, offset after the newline], or undefined. */
function digitsLine(b: Uint8Array, i: number): [number, number] | undefined {
  let v = 0;
  const start = i;
  for (let d; i < b.length && (d = b[i]! - 0x30) >= 0 && d <= 9 && i - start < 9; i++) v = v * 10 + d;
  return i > start && b[i] === 0x0a ? [v, i + 1] : undefined;
}

/** A memo index of 1 or 4 little-endian bytes at b[i..]: [value, offset after it], or undefined. */
function binIndex(b: Uint8Array, i: number, wide: boolean): [number, number] | undefined {
  if (!wide) return i < b.length ? [b[i]!, i + 1] : undefined;
  return i + 4 <= b.length ? [(b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0, i + 4] : undefined;
}

/** An optional PUT / BINPUT / LONG_BINPUT / MEMOIZE at b[i..]: [index or NO_PUT or MEMOIZE, offset after it]. */
function memoOp(b: Uint8Array, i: number): [number, number] | undefined {
  switch (b[i]) {
    case 0x70: return digitsLine(b, i + 1); // PUT
    case 0x71: return binIndex(b, i + 1, false); // BINPUT
    case 0x72: return binIndex(b, i + 1, true); // LONG_BINPUT
    case 0x94: return [MEMOIZE, i + 1]; // MEMOIZE
  }
  return [NO_PUT, i];
}

/** The literal "latin1" at b[i..] (the bytes of a length-prefixed or newline-ended text): the offset after it, or -1. */
function afterLatin1(b: Uint8Array, i: number, endByte?: number): number {
  for (let k = 0; k < 6; k++) if (b[i + k] !== LATIN1[k]) return -1;
  return endByte === undefined ? i + 6 : b[i + 6] === endByte ? i + 7 : -1;
}

/** The encoding argument at b[i..]: [GET index or -1 for the literal "latin1", offset after it], or undefined. */
function encodingArg(b: Uint8Array, i: number): [number, number] | undefined {
  let next = -1;
  switch (b[i]) {
    case 0x8c: next = b[i + 1] === 6 ? afterLatin1(b, i + 2) : -1; break; // SHORT_BINUNICODE
    case 0x58: next = b[i + 1] === 6 && !b[i + 2] && !b[i + 3] && !b[i + 4] ? afterLatin1(b, i + 5) : -1; break; // BINUNICODE
    case 0x56: next = afterLatin1(b, i + 1, 0x0a); break; // UNICODE
    case 0x67: return digitsLine(b, i + 1); // GET
    case 0x68: return binIndex(b, i + 1, false); // BINGET
    case 0x6a: return binIndex(b, i + 1, true); // LONG_BINGET
  }
  return next < 0 ? undefined : [-1, next];
}

/** The ops after the text at b[i..] when they complete `_codecs.encode(text, "latin1")`; `marked`: the args began with a MARK. */
export function encodeTail(b: Uint8Array, i: number, marked: boolean): EncodeTail | undefined {
  const put1 = memoOp(b, i);
  const enc = put1 && encodingArg(b, put1[1]);
  const put2 = enc && memoOp(b, enc[1]);
  if (!put2 || b[put2[1]] !== (marked ? 0x74 : 0x86)) return undefined; // TUPLE or TUPLE2
  const put3 = memoOp(b, put2[1] + 1);
  if (!put3 || b[put3[1]] !== 0x52) return undefined; // REDUCE
  return { puts: [put1[0], put2[0], put3[0]], encodingGet: enc[0], end: put3[1] + 1 };
}

/** Scratch output for the decoders below (one copy out per value: slice is cheaper than counting the length first). */
let scratch = new Uint8Array(4096);
const room = (n: number): Uint8Array => (scratch.length >= n ? scratch : (scratch = new Uint8Array(Math.max(n, scratch.length * 2))));

/**
 * The latin-1 bytes of the UTF-8 text b[start, end) when every character is within U+00FF, else
 * undefined. Without a branch on the data (random bytes are half non-ASCII: a branch per
 * character mispredicts half the time, which measured 1.6x slower): each step reads a byte and
 * the next one and takes the second only after a lead byte. The caller guarantees b[end] exists.
 */
export function latin1FromUtf8(b: Uint8Array, start: number, end: number): Uint8Array | undefined {
  const out = room(end - start);
  let k = 0;
  let bad = 0;
  let i = start;
  while (i < end) {
    const c = b[i]!;
    const x = b[i + 1]!;
    const m = (c << 24) >> 31; // 0 for ASCII, -1 after a lead byte (not -(c >> 7): -0 is a double)
    // U+0080..U+00FF are C2 or C3 then one continuation byte; any other lead is past latin-1 or invalid
    bad |= (((c | 1) ^ 0xc3) | ((x & 0xc0) ^ 0x80)) & m;
    out[k++] = (c & ~m) | (((c << 6) | (x & 0x3f)) & m); // the store keeps the low 8 bits
    i += 1 - m;
  }
  return bad || i !== end ? undefined : out.slice(0, k);
}

/**
 * The latin-1 bytes of the protocol-0 UNICODE text b[start, end) (raw-unicode-escape, as
 * rawUnicodeEscape reads it; `first` is its first backslash) when every character is within
 * U+00FF, else undefined (also for a malformed escape, which the general path reports).
 */
export function latin1FromRawUnicodeEscape(b: Uint8Array, start: number, end: number, first: number): Uint8Array | undefined {
  const out = room(end - start);
  let k = 0;
  for (let i = start, next = first; ; ) {
    // the run up to the next backslash, copied at once
    out.set(b.subarray(i, next), k);
    k += next - i;
    if (next === end) break;
    let j = next + 1;
    while (j < end && b[j] === 0x5c) j++;
    // j: first byte after the run of backslashes; an odd run before u/U makes its last backslash an escape
    const u = j < end ? b[j] : undefined;
    const escape = (j - next) & 1 && (u === 0x75 || u === 0x55);
    for (let n = j - next - (escape ? 1 : 0); n--; ) out[k++] = 0x5c;
    i = j;
    if (escape) {
      const digits = u === 0x75 ? 4 : 8;
      if (j + 1 + digits > end) return undefined;
      let cp = 0;
      for (let d = j + 1; d < j + 1 + digits; d++) {
        const h = hexValue(b[d]!);
        if (h < 0) return undefined;
        cp = cp * 16 + h;
      }
      if (cp > 0xff) return undefined;
      out[k++] = cp;
      i = j + 1 + digits;
    }
    next = b.indexOf(0x5c, i);
    if (next < 0 || next > end) next = end;
  }
  return out.slice(0, k);
}
