/** Bounds-checked reading of the pickle's bytes. Failures are DecodeFailure, turned into PickleError by the machine. */

/** An internal decoding failure; the machine adds the offset and opcode and rethrows a PickleError. */
export class DecodeFailure extends Error {
  override name = "DecodeFailure";
}

export class PickleInput {
  pos = 0;
  private readonly data: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Fails unless n more bytes are available (checked before anything is allocated). */
  need(n: number, what: string): void {
    if (n > this.bytes.length - this.pos) {
      throw new DecodeFailure(`${what} needs ${n} bytes but only ${this.bytes.length - this.pos} remain (truncated or corrupt)`);
    }
  }

  u8(): number {
    this.need(1, "argument");
    return this.bytes[this.pos++]!;
  }

  u16(): number {
    this.need(2, "argument");
    const v = this.data.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  i32(): number {
    this.need(4, "argument");
    const v = this.data.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u32(): number {
    this.need(4, "argument");
    const v = this.data.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** An 8-byte little-endian unsigned length; anything past 2^53 is refused. */
  u64(): number {
    this.need(8, "argument");
    const lo = this.data.getUint32(this.pos, true);
    const hi = this.data.getUint32(this.pos + 4, true);
    this.pos += 8;
    if (hi > 0x1fffff) throw new DecodeFailure(`8-byte length ${hi}*2^32+${lo} is absurdly large`);
    return hi * 0x1_0000_0000 + lo;
  }

  f64be(): number {
    this.need(8, "argument");
    const v = this.data.getFloat64(this.pos, false);
    this.pos += 8;
    return v;
  }

  /** n bytes as a view into the input (no copy). */
  take(n: number, what: string): Uint8Array {
    if (n < 0) throw new DecodeFailure(`${what} has negative length ${n}`);
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** n bytes copied out of the input (a fresh Uint8Array the caller owns). */
  copy(n: number, what: string): Uint8Array {
    return this.take(n, what).slice();
  }

  /** n bytes as a string: short ASCII is read in place, anything else goes through decode(). */
  text(n: number, what: string, decode: (b: Uint8Array) => string): string {
    this.need(n, what);
    if (n <= 16) {
      const [b, start] = [this.bytes, this.pos];
      let s = "";
      let i = start;
      for (; i < start + n; i++) {
        const c = b[i]!;
        if (c >= 0x80) break;
        s += String.fromCharCode(c);
      }
      if (i === start + n) {
        this.pos += n;
        return s;
      }
    }
    return decode(this.take(n, what));
  }

  /** Bytes up to (not including) the next newline, which is consumed. */
  line(what: string): Uint8Array {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw new DecodeFailure(`${what}: no terminating newline (truncated)`);
    const out = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    return out;
  }
}
