/**
 * Strings with non-ASCII bytes (up to 32 KiB, within U+FFFF) are decoded from UTF-8 by hand; longer,
 * other or invalid ones go to TextDecoder. Property: for any bytes, the hand path (SHORT_BINUNICODE) gives exactly what the
 * TextDecoder path (BINUNICODE8, always decoded by decodeUtf8) gives, or both refuse; and for
 * valid UTF-8 that is what a fatal TextDecoder returns (a leading U+FEFF kept).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/read.js";

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** Protocol 4 SHORT_BINUNICODE of these bytes (decoded by the short path when ≤ 64 bytes). */
const short = (b: Uint8Array): Uint8Array => new Uint8Array([0x80, 4, 0x8c, b.length, ...b, 0x2e]);
/** Protocol 4 BINUNICODE8 of these bytes (always TextDecoder, with the surrogatepass fallback). */
const long8 = (b: Uint8Array): Uint8Array => new Uint8Array([0x80, 4, 0x8d, b.length, 0, 0, 0, 0, 0, 0, 0, ...b, 0x2e]);
/** Protocol 2 BINUNICODE of these bytes. */
const binunicode = (b: Uint8Array): Uint8Array => new Uint8Array([0x80, 2, 0x58, b.length & 0xff, b.length >> 8, 0, 0, ...b, 0x2e]);
/** A string inside a list after an ASCII one, so it is read through the text window. */
const inList = (b: Uint8Array): Uint8Array =>
  new Uint8Array([0x80, 4, 0x5d, 0x28, 0x8c, 20, ...Array.from({ length: 20 }, () => 0x61), 0x8c, b.length, ...b, 0x65, 0x2e]);

const outcome = (p: Uint8Array, pick: (v: unknown) => unknown = (v) => v): unknown => {
  try {
    return pick(unpickle(p));
  } catch (err) {
    return `refused: ${(err as Error).message.replace(/ at offset.*/, "")}`;
  }
};

/** Bytes near every boundary of UTF-8's lead and continuation ranges, and ASCII. */
const edgeByte = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }),
  fc.constantFrom(0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xfe, 0xff),
  fc.integer({ min: 0x80, max: 0xff }),
);
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.array(edgeByte, { maxLength: 64 }).map((a) => Uint8Array.from(a)),
  fc.string({ unit: "binary", maxLength: 30 }).map((s) => new TextEncoder().encode(s).slice(0, 64)),
  // valid text with one byte changed, dropped or cut short
  fc.tuple(fc.string({ unit: "binary", minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, at, x]) => {
    const b = new TextEncoder().encode(s).slice(0, 64);
    b[at % b.length] = x;
    return b;
  }),
);

describe("short UTF-8 strings decoded by hand", () => {
  it("match the TextDecoder path on random bytes, valid and invalid", () => {
    fc.assert(
      fc.property(anyBytes, (b) => {
        const viaTextDecoder = outcome(long8(b));
        expect(outcome(short(b))).toEqual(viaTextDecoder);
        expect(outcome(inList(b), (v) => (v as unknown[])[1])).toEqual(viaTextDecoder);
      }),
      { numRuns: 3000 },
    );
  });
  it("give what a fatal TextDecoder gives on valid UTF-8", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 16 }), fc.boolean(), (s, bom) => {
        const b = new TextEncoder().encode((bom ? "\ufeff" : "") + s).slice(0, 64);
        let expected: string;
        try {
          expected = strict.decode(b);
        } catch {
          return; // cut inside a character: covered by the first property
        }
        expect(unpickle(short(b))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
  it.each([
    [[0xe0, 0x9f, 0x80]], [[0xf0, 0x8f, 0xbf, 0xbf]], [[0xf4, 0x90, 0x80, 0x80]], [[0xf5, 0x80, 0x80, 0x80]],
    [[0xc1, 0xbf]], [[0xe2, 0x9c]], [[0x41, 0x80]], [[0xf0, 0x9f, 0xa6]],
  ])("refuses %j as TextDecoder does (overlong, beyond U+10FFFF, truncated, stray continuation)", (payload) => {
    expect(() => strict.decode(new Uint8Array(payload))).toThrow();
    expect(() => unpickle(short(new Uint8Array(payload)))).toThrow(/invalid UTF-8/);
  });
  it.each([[[0xc3]], [[0x41, 0xe2, 0x9c]], [[0xe2]]])("refuses %j cut short even when the next opcode's byte looks like a continuation (MEMOIZE, 0x94)", (payload) => {
    expect(() => unpickle(new Uint8Array([0x80, 4, 0x8c, payload.length, ...payload, 0x94, 0x2e]))).toThrow(/invalid UTF-8/);
    const long = [...Array.from({ length: 80 }, (_, i) => (i & 1 ? 0xa9 : 0xc3)), ...payload]; // 40 × "é", then the cut sequence
    expect(() => unpickle(new Uint8Array([0x80, 4, 0x8c, long.length, ...long, 0x94, 0x2e]))).toThrow(/invalid UTF-8/);
  });
  it.each([10, 100, 3000])("keeps a leading U+FEFF (not a byte order mark in a pickle) in a string of %i more characters", (n) => {
    const text = "\ufeff" + "é✓".repeat(n / 2);
    const got = unpickle(binunicode(new TextEncoder().encode(text))) as string;
    expect(got).toBe(text);
    expect(got.charCodeAt(0)).toBe(0xfeff);
  });
  it("reads a lone surrogate as Python's surrogatepass writes it (TextDecoder refuses it; decodeUtf8 takes it)", () => {
    expect(unpickle(short(new Uint8Array([0xed, 0xbf, 0xbf, 0x41])))).toBe("\udfffA");
  });
});

/** `text` as UTF-8 with byte `at` set to `x` (x ≥ 0), cut by its last byte (x = -2), or left whole (x = -1). */
function corrupted([text, at, x]: [string, number, number]): Uint8Array {
  const b = new TextEncoder().encode(text);
  if (x === -2) return b.slice(0, b.length - 1);
  if (x >= 0) b[at % b.length] = x;
  return b;
}

/** BINUNICODE (decoded by hand) gives what BINUNICODE8 (TextDecoder) gives, value or refusal, for every text of `texts`. */
function sameAsTextDecoderPath(texts: fc.Arbitrary<Uint8Array>): void {
  fc.assert(
    fc.property(texts, (b) => {
      expect(outcome(binunicode(b))).toEqual(outcome(long8(b)));
    }),
    { numRuns: 1500 },
  );
}

describe("longer text decoded by hand", () => {
  /** Text of any code points (lone surrogates become U+FFFD) as UTF-8, sometimes with one byte changed or the last cut. */
  const nearText = fc.tuple(fc.string({ unit: "binary", minLength: 20, maxLength: 600 }), fc.nat(), fc.integer({ min: -2, max: 255 })).map(corrupted);
  it("matches the TextDecoder path on random text, valid and corrupted", () => {
    sameAsTextDecoderPath(nearText);
  });
});

describe("latin-1 text decoded by hand (how protocols 0-2 carry bytes)", () => {
  const latin1Text = fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), minLength: 33, maxLength: 1500 });
  /** Latin-1 text as UTF-8, sometimes with one byte changed (into a stray, lead, ASCII or other byte) or cut short. */
  const nearLatin1 = fc.tuple(latin1Text, fc.nat(), fc.constantFrom(-1, 0x41, 0x80, 0xbf, 0xc2, 0xc3, 0xc4, 0xe2, 0xff, -2)).map(corrupted);
  it("matches the TextDecoder path on latin-1 text, valid and corrupted", () => {
    sameAsTextDecoderPath(nearLatin1);
  });
  it("leaves other text to TextDecoder", () => {
    const text = "é".repeat(40) + "\u2713" + "ÿ".repeat(40) + "\u{1F984}";
    expect(unpickle(binunicode(new TextEncoder().encode(text)))).toBe(text);
  });
});
