/**
 * The fast path for bytes in protocols 0-2, which pickle writes as `_codecs.encode(text, "latin1")`:
 * GLOBAL, [MARK,] the text, [PUT,] "latin1" (or a GET of it), [PUT,] TUPLE2 (TUPLE after a MARK),
 * [PUT,] REDUCE. When the ops after the text are exactly that, the text's own bytes are decoded
 * straight into the Uint8Array (no JS string: making one costs more than CPython's whole loads);
 * anything else (another shape, a character past U+00FF, a malformed escape, a limit) leaves the
 * whole sequence to the general path.
 */
import { escapeCode } from "./read-text.js";
import type { PyValue } from "./value.js";

/** A memo slot's value made when a GET first reads it (the text and tuple an encode call skipped). */
export type Lazy = () => PyValue;
/** `make` called once, when first needed. */
export const lazy = (make: Lazy): Lazy => {
  let made: PyValue | undefined;
  return () => (made ??= make());
};

/** The encoding argument's two literal forms: UNICODE "latin1\n" (protocol 0), BINUNICODE of 6 bytes (1, 2). */
const LITERALS = [[0x56, 0x6c, 0x61, 0x74, 0x69, 0x6e, 0x31, 0x0a], [0x58, 6, 0, 0, 0, 0x6c, 0x61, 0x74, 0x69, 0x6e, 0x31]];

/**
 * The memo index of a PUT / BINPUT / LONG_BINPUT at b[i] ([-1, i] when there is none), or with
 * `get` of a GET / BINGET / LONG_BINGET (undefined when there is none), and the offset after it.
 * A text index is at most 9 plain digits then a newline, else undefined.
 */
function memoOp(b: Uint8Array, i: number, get: boolean): [number, number] | undefined {
  const k = b[i]! - (get ? 0x67 : 0x70);
  if (k === 1) return [b[i + 1]!, i + 2];
  if (k === (get ? 3 : 2)) return [(b[i + 1]! | (b[i + 2]! << 8) | (b[i + 3]! << 16) | (b[i + 4]! << 24)) >>> 0, i + 5];
  if (k) return get ? undefined : [-1, i];
  let v = 0;
  let j = i + 1;
  for (; b[j]! >= 0x30 && b[j]! <= 0x39 && j - i < 10; j++) v = v * 10 + b[j]! - 0x30;
  return j > i + 1 && b[j] === 0x0a ? [v, j + 1] : undefined;
}

/**
 * The ops after the text at b[i..] when they complete `_codecs.encode(text, "latin1")`
 * (`marked`: the arguments began with a MARK): [the text's PUT index, the encoding's GET index
 * (-1: the literal), the encoding's PUT index, the tuple's PUT index (each -1: none), the offset
 * after REDUCE]. Reads past the end give undefined bytes, which match nothing.
 */
export function encodeTail(b: Uint8Array, i: number, marked: boolean): number[] | undefined {
  const text = memoOp(b, i, false);
  let enc = text && memoOp(b, text[1], true);
  for (const lit of LITERALS) if (text && lit.every((x, k) => b[text[1] + k] === x)) enc = [-1, text[1] + lit.length];
  const put = enc && memoOp(b, enc[1], false);
  if (!put || b[put[1]] !== (marked ? 0x74 : 0x86)) return undefined; // TUPLE or TUPLE2
  const tuple = memoOp(b, put[1] + 1, false);
  return tuple && b[tuple[1]] === 0x52 ? [text![0], enc![0], put[0], tuple[0], tuple[1] + 1] : undefined; // REDUCE
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
    if (next === end) return out.slice(0, k);
    let j = next + 1;
    while (j < end && b[j] === 0x5c) j++;
    // j: first byte after the run of backslashes; an odd run before u/U makes its last backslash an escape
    const escape = (j - next) & 1 && (b[j] === 0x75 || b[j] === 0x55) && j < end;
    for (let n = j - next - (escape ? 1 : 0); n--; ) out[k++] = 0x5c;
    i = j;
    if (escape) {
      const cp = escapeCode(b, j, end);
      if (cp < 0 || cp > 0xff) return undefined;
      out[k++] = cp;
      i = j + (b[j] === 0x75 ? 5 : 9);
    }
    next = b.indexOf(0x5c, i);
    if (next < 0 || next > end) next = end;
  }
}
