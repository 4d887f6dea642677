/**
 * The pickle writer's output (opcodes and framing): opcodes with their arguments are appended to
 * a growing buffer, ints and text are encoded as Python does (encode_long; UTF-8 with
 * 'surrogatepass'), and the body is cut into protocol-4 frames at opcode boundaries, byte for
 * byte as CPython's C pickler does (see `finish`). It knows bytes, not values: write.ts decides
 * what to write.
 */
import { BINFLOAT, BINUNICODE, BINUNICODE8, FRAME, PROTO, SHORT_BINUNICODE, STOP } from "./write-ops.js";

/** CPython's pickler starts a new frame once the current one reaches 64 KiB (and writes larger payloads outside frames). */
const FRAME_SIZE = 65536;
/** Opcodes for text with a 1-, 4- or 8-byte length. */
const TEXT = [SHORT_BINUNICODE, BINUNICODE, BINUNICODE8];
const SURROGATE = /[\uD800-\uDFFF]/;
const encoder = new TextEncoder();
const float64 = new DataView(new ArrayBuffer(8));
const FLOAT_BYTES = new Uint8Array(float64.buffer);

/** Writes `n` as `size` little-endian bytes (two's complement for negative numbers) at `at`. */
function littleEndian(target: Uint8Array, at: number, n: number, size: number): void {
  // A typed array keeps the low 8 bits of what is stored; 32-bit shifts suffice below 8 bytes.
  for (let i = 0; i < size; i++, n = size > 4 ? Math.floor(n / 256) : n >> 8) target[at + i] = n;
}

/** The bytes of one pickle being written: each method appends one complete opcode. */
export class PickleOutput {
  readonly #framing: boolean;
  #buf = new Uint8Array(1024);
  /** Write position (bytes written so far, frame headers excluded). */
  #pos = 0;
  #frameStart = 0;
  /** Where frames end (always at an opcode boundary); negative when the bytes before were written outside frames. */
  readonly #cuts: number[] = [];

  /** `framing`: cut the output into FRAMEs of about 64 KiB as CPython does. */
  constructor(framing: boolean) {
    this.#framing = framing;
  }

  /** Bytes written so far (frame headers excluded). */
  get length(): number {
    return this.#pos;
  }

  /** The pickle: STOP appended, then PROTO and the body cut into frames (CPython leaves frames under 4 bytes unframed). Nothing may be written afterwards. */
  finish(protocol: number): Uint8Array {
    this.byte(STOP);
    this.#cut(this.#framing);
    const out = new Uint8Array(2 + this.#cuts.length * 9 + this.#pos);
    out[0] = PROTO;
    out[1] = protocol;
    let at = 2;
    let from = 0;
    for (const cut of this.#cuts) {
      const end = Math.abs(cut);
      if (cut > 0 && end - from >= 4) {
        out[at] = FRAME;
        littleEndian(out, at + 1, end - from, 8);
        at += 9;
      }
      out.set(this.#buf.subarray(from, end), at);
      at += end - from;
      from = end;
    }
    return out.slice(0, at);
  }

  /** Room for `extra` more bytes. */
  #room(extra: number): void {
    if (this.#pos + extra <= this.#buf.length) return;
    const next = new Uint8Array(2 * (this.#pos + extra));
    next.set(this.#buf.subarray(0, this.#pos));
    this.#buf = next;
  }

  /** Ends the current frame here (framed or not) when it holds anything. */
  #cut(framed: boolean): void {
    if (this.#pos > this.#frameStart) this.#cuts.push(framed ? this.#pos : -this.#pos);
    this.#frameStart = this.#pos;
  }

  /** Called after each complete opcode: the framer cuts here once a frame is big enough. */
  #next(): void {
    if (this.#framing && this.#pos - this.#frameStart >= FRAME_SIZE) this.#cut(true);
  }

  /** One argument-less opcode. */
  byte(code: number): void {
    this.#room(1);
    this.#buf[this.#pos++] = code;
    this.#next();
  }

  /** An opcode followed by an integer argument of `size` little-endian bytes. */
  opInt(code: number, n: number, size: number): void {
    this.#head(code, n, size);
    this.#next();
  }

  /** The opcode and its integer argument, with room for 8 more bytes. */
  #head(code: number, n: number, size: number): void {
    this.#room(9 + size);
    this.#buf[this.#pos++] = code;
    littleEndian(this.#buf, this.#pos, n, size);
    this.#pos += size;
  }

  /**
   * An opcode with a length-prefixed payload: `codes` are those for a 1-, 4- and 8-byte length
   * (the caller makes sure `codes` has one for the payload's length).
   */
  payload(
    codes: readonly number[],
    data: Uint8Array,
    kind = data.length < 256 ? 0 : data.length <= 0xffffffff ? 1 : 2,
  ): void {
    const length = data.length;
    const large = this.#framing && length >= FRAME_SIZE;
    if (large) this.#cut(true);
    this.#head(codes[kind]!, length, kind * 4 || 1);
    this.#room(length);
    this.#buf.set(data, this.#pos);
    this.#pos += length;
    if (large) this.#cut(false);
    else this.#next();
  }

  /** A str (not memoized): SHORT_BINUNICODE, BINUNICODE or BINUNICODE8 depending on the UTF-8 length. */
  text(value: string): void {
    const lone = SURROGATE.test(value);
    if (!lone && value.length < 86) {
      // At most 255 bytes: encode straight into the buffer after a 1-byte length.
      this.#room(2 + value.length * 3);
      const { written } = encoder.encodeInto(value, this.#buf.subarray(this.#pos + 2));
      this.#buf[this.#pos] = SHORT_BINUNICODE;
      this.#buf[this.#pos + 1] = written;
      this.#pos += 2 + written;
      return this.#next();
    }
    this.payload(TEXT, lone ? encodeSurrogatePass(value) : encoder.encode(value));
  }

  /** A Python float (BINFLOAT): a big-endian double. */
  float(value: number): void {
    float64.setFloat64(0, value);
    this.#head(BINFLOAT, 0, 0);
    this.#buf.set(FLOAT_BYTES, this.#pos);
    this.#pos += 8;
    this.#next();
  }
}

/** Minimal two's-complement little-endian bytes of an int, as CPython's encode_long. */
export function encodeLong(value: bigint): Uint8Array {
  const out: number[] = [];
  for (let rest = value; value !== 0n; ) {
    const byte = Number(rest & 0xffn);
    out.push(byte);
    rest >>= 8n;
    if ((rest === 0n && byte < 0x80) || (rest === -1n && byte > 0x7f)) break;
  }
  return Uint8Array.from(out);
}

/** UTF-8 as Python's str.encode('utf-8', 'surrogatepass'): lone surrogates become 3-byte sequences. */
function encodeSurrogatePass(value: string): Uint8Array {
  const out: number[] = [];
  for (const char of value) {
    // A string iterates by code point; a lone surrogate comes as itself.
    const c = char.codePointAt(0)!;
    const tail = c < 0x80 ? 0 : c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
    out.push(tail ? ((0xff00 >> (tail + 1)) & 0xff) | (c >> (6 * tail)) : c);
    for (let i = tail - 1; i >= 0; i--) out.push(0x80 | ((c >> (6 * i)) & 63));
  }
  return Uint8Array.from(out);
}
