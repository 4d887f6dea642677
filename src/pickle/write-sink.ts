/**
 * The byte buffer the pickle writer appends to: grows on demand, writes opcodes with their
 * arguments, encodes text as Python does (UTF-8 with 'surrogatepass') and cuts the output into
 * protocol-4 frames at opcode boundaries.
 */

import { OP } from "./opcodes.js";

/** CPython's pickler starts a new frame once the current one reaches 64 KiB. */
const FRAME_SIZE_TARGET = 64 * 1024;
const FRAME_SIZE_MIN = 4;
const SURROGATE = /[\uD800-\uDFFF]/;
const encoder = new TextEncoder();

export class ByteSink {
  private buf: Uint8Array;
  private view: DataView;
  /** Write position (bytes written so far, frame headers excluded). */
  pos = 0;
  /** Where frames end (always at an opcode boundary), and whether the bytes before were framed. */
  private readonly cuts: { end: number; framed: boolean }[] = [];
  private frameStart = 0;

  constructor(
    private readonly framing: boolean,
    initialSize = 1024,
  ) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Called after each complete opcode: lets the framer cut here once a frame is big enough. */
  endOpcode(): void {
    if (this.framing && this.pos - this.frameStart >= FRAME_SIZE_TARGET) this.cut(true);
  }

  private cut(framed: boolean): void {
    if (this.pos > this.frameStart) this.cuts.push({ end: this.pos, framed });
    this.frameStart = this.pos;
  }

  /** CPython writes a payload of 64 KiB or more outside any frame: end the frame before it. */
  private beforeLarge(length: number): boolean {
    if (!this.framing || length < FRAME_SIZE_TARGET) return false;
    this.cut(true);
    return true;
  }

  private afterLarge(large: boolean): void {
    if (large) this.cut(false);
    else this.endOpcode();
  }

  op(code: number): void {
    this.ensure(1);
    this.buf[this.pos++] = code;
    this.endOpcode();
  }

  /** Opcode followed by a one-byte argument. */
  opU8(code: number, n: number): void {
    this.ensure(2);
    this.buf[this.pos++] = code;
    this.buf[this.pos++] = n;
    this.endOpcode();
  }

  opU16(code: number, n: number): void {
    this.ensure(3);
    this.buf[this.pos] = code;
    this.view.setUint16(this.pos + 1, n, true);
    this.pos += 3;
    this.endOpcode();
  }

  opI32(code: number, n: number): void {
    this.ensure(5);
    this.buf[this.pos] = code;
    this.view.setInt32(this.pos + 1, n, true);
    this.pos += 5;
    this.endOpcode();
  }

  opU32(code: number, n: number): void {
    this.ensure(5);
    this.buf[this.pos] = code;
    this.view.setUint32(this.pos + 1, n, true);
    this.pos += 5;
    this.endOpcode();
  }

  /** BINFLOAT: an IEEE 754 double, big-endian (the only big-endian argument in the format). */
  float(value: number): void {
    this.ensure(9);
    this.buf[this.pos] = OP.BINFLOAT;
    this.view.setFloat64(this.pos + 1, value, false);
    this.pos += 9;
    this.endOpcode();
  }

  /** An opcode with a length-prefixed payload; the length field is 1, 4 or 8 bytes. */
  opWithPayload(code: number, lengthBytes: 1 | 4 | 8, payload: Uint8Array): void {
    const large = this.beforeLarge(payload.length);
    this.ensure(1 + lengthBytes + payload.length);
    this.writeHeader(code, lengthBytes, payload.length);
    this.buf.set(payload, this.pos);
    this.pos += payload.length;
    this.afterLarge(large);
  }

  private writeHeader(code: number, lengthBytes: 1 | 4 | 8, length: number): void {
    this.buf[this.pos++] = code;
    if (lengthBytes === 1) this.buf[this.pos] = length;
    else if (lengthBytes === 4) this.view.setUint32(this.pos, length, true);
    else this.view.setBigUint64(this.pos, BigInt(length), true);
    this.pos += lengthBytes;
  }

  /** A string opcode: SHORT_BINUNICODE, BINUNICODE or BINUNICODE8 depending on the UTF-8 length. */
  text(value: string): void {
    if (SURROGATE.test(value)) {
      const bytes = encodeSurrogatePass(value);
      this.opWithPayload(...textOpcode(bytes.length), bytes);
      return;
    }
    if (this.framing && value.length * 3 >= FRAME_SIZE_TARGET) {
      // Possibly large: the frame decision needs the exact length first.
      const bytes = encoder.encode(value);
      this.opWithPayload(...textOpcode(bytes.length), bytes);
      return;
    }
    // Fast path: encode straight into the buffer after a worst-case header.
    const max = value.length * 3;
    this.ensure(9 + max);
    const lengthBytes = textOpcode(max)[1];
    const start = this.pos + 1 + lengthBytes;
    const { written } = encoder.encodeInto(value, this.buf.subarray(start, start + max));
    const [realCode, realLengthBytes] = textOpcode(written);
    if (realLengthBytes !== lengthBytes) {
      // The header shrank: move the bytes next to the smaller header.
      this.buf.copyWithin(this.pos + 1 + realLengthBytes, start, start + written);
    }
    this.writeHeader(realCode, realLengthBytes, written);
    this.pos += written;
    this.endOpcode();
  }

  /** The finished pickle: PROTO, the body cut into frames when asked, STOP is the caller's. */
  finish(protocol: number): Uint8Array {
    const body = this.buf.subarray(0, this.pos);
    if (!this.framing) {
      const out = new Uint8Array(2 + body.length);
      out[0] = OP.PROTO;
      out[1] = protocol;
      out.set(body, 2);
      return out;
    }
    this.cut(true);
    const framedCount = this.cuts.filter((c) => c.framed).length;
    const out = new Uint8Array(2 + framedCount * 9 + body.length);
    const view = new DataView(out.buffer);
    out[0] = OP.PROTO;
    out[1] = protocol;
    let at = 2;
    let from = 0;
    for (const { end, framed } of this.cuts) {
      // CPython leaves frames under 4 bytes without a FRAME header.
      if (framed && end - from >= FRAME_SIZE_MIN) {
        out[at] = OP.FRAME;
        view.setBigUint64(at + 1, BigInt(end - from), true);
        at += 9;
      }
      out.set(body.subarray(from, end), at);
      at += end - from;
      from = end;
    }
    return at === out.length ? out : out.slice(0, at);
  }
}

function textOpcode(length: number): [number, 1 | 4 | 8] {
  if (length < 256) return [OP.SHORT_BINUNICODE, 1];
  if (length <= 0xffffffff) return [OP.BINUNICODE, 4];
  return [OP.BINUNICODE8, 8];
}

/** UTF-8 as Python's str.encode('utf-8', 'surrogatepass'): lone surrogates become 3-byte sequences. */
export function encodeSurrogatePass(value: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}
