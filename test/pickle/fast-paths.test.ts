/**
 * The decoder's fast paths (short strings read from the bytes, protocol-0 ints and escapes
 * scanned by hand, 8-byte ints from two 32-bit halves, latin-1 bytes in protocol 2) at the edges
 * where a shortcut could drift from Python's meaning: each case is what pickle.loads returns.
 */
import { describe, expect, it } from "vitest";
import { PickleError } from "../../src/errors.js";
import { unpickle } from "../../src/pickle/read.js";

const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const p0 = (body: string): Uint8Array => bytesOf(`${body}.`);
/** Protocol 2 LONG1 of the n-byte little-endian two's complement of v. */
function long1(n: number, v: bigint): Uint8Array {
  const out = [0x80, 2, 0x8a, n];
  for (let i = 0; i < n; i++) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
  return new Uint8Array([...out, 0x2e]);
}
/** Protocol 4 SHORT_BINUNICODE with these payload bytes. */
const shortText = (payload: number[]): Uint8Array => new Uint8Array([0x80, 4, 0x8c, payload.length, ...payload, 0x2e]);

describe("8-byte ints (LONG1)", () => {
  it.each([
    [8, 2n ** 53n - 1n, 2 ** 53 - 1],
    [8, -(2n ** 53n) + 1n, -(2 ** 53) + 1],
    [7, -(2n ** 48n), -(2 ** 48)],
    [8, -1n, -1],
    [8, 0n, 0],
  ])("%i bytes of %s is the number", (n, v, expected) => {
    expect(unpickle(long1(n, v))).toBe(expected);
  });
  it.each([
    [8, 2n ** 53n],
    [8, -(2n ** 53n)],
    [8, 2n ** 63n - 1n],
    [8, -(2n ** 63n)],
    [7, 2n ** 55n - 1n],
    [7, -(2n ** 55n)],
  ])("%i bytes of %s is a bigint", (n, v) => {
    expect(unpickle(long1(n, v))).toBe(v);
  });
});

describe("protocol-0 integers", () => {
  it.each([
    ["I-0\n", 0],
    ["I007\n", 7],
    ["I+5\n", 5],
    ["I 5 \n", 5],
    ["I1_000\n", 1000],
    ["I999999999999999\n", 999999999999999],
    ["L123L\n", 123],
    ["L-9007199254740991L\n", -9007199254740991],
    ["L9007199254740992L\n", 9007199254740992n],
    ["L12345678901234567890L\n", 12345678901234567890n],
    ["I01\n", true],
    ["I00\n", false],
  ])("%j", (text, expected) => {
    const v = unpickle(p0(text));
    expect(v).toBe(expected);
    if (v === 0) expect(Object.is(v, -0)).toBe(false);
  });
  it.each(["I12a\n", "I\n", "I-\n", "L\n", "LL\n", "I1e5\n"])("%j is refused", (text) => {
    expect(() => unpickle(p0(text))).toThrow(PickleError);
  });
  it("reads PUT and GET indices", () => {
    expect(unpickle(p0("(I7\np12\ng12\nl"))).toEqual([7, 7]);
  });
});

describe("protocol-0 floats", () => {
  it.each([
    ["F1.5\n", 1.5],
    ["F.5\n", 0.5],
    ["F5.\n", 5],
    ["F-.5e-3\n", -0.0005],
    ["F1E+5\n", 100000],
    ["F1e400\n", Infinity],
    ["F1_0.5\n", 10.5],
    ["F 1.5 \n", 1.5],
    ["F-inf\n", -Infinity],
  ])("%j", (text, expected) => {
    expect(unpickle(p0(text))).toBe(expected);
  });
  it("keeps the sign of -0.0 and reads nan", () => {
    expect(Object.is(unpickle(p0("F-0.0\n")), -0)).toBe(true);
    expect(unpickle(p0("Fnan\n"))).toBeNaN();
  });
  it.each(["F1e\n", "F.\n", "F1.5.5\n", "F0x10\n", "Fe5\n", "F--1\n"])("%j is refused", (text) => {
    expect(() => unpickle(p0(text))).toThrow(PickleError);
  });
});

describe("protocol-0 text", () => {
  const bs = "\\";
  it.each([
    [`V${bs}u0041${bs}${bs}u0042\n`, `A${bs}${bs}u0042`],
    [`V${bs}${bs}${bs}u0041\n`, `${bs}${bs}A`],
    [`V${bs}U0001F984 ${bs}u00e9${bs}u00C9\n`, "\u{1F984} éÉ"],
    [`V${bs}uD800\n`, "\ud800"],
    [`V${bs}x41 \xe9\n`, `${bs}x41 é`],
    ["Vplain \xff\n", "plain ÿ"],
    ["S'plain'\n", "plain"],
    [`S'a${bs}nb'\n`, "a\nb"],
  ])("%j", (text, expected) => {
    expect(unpickle(p0(text))).toBe(expected);
  });
  it.each([`V${bs}u004\n`, `V${bs}u00zz\n`, `V${bs}u\x10\x11\x12\x13\n`, `V${bs}U00110000\n`, "S'unterminated\n"])("%j is refused", (text) => {
    expect(() => unpickle(p0(text))).toThrow(PickleError);
  });
});

describe("short UTF-8 strings", () => {
  it.each([
    [[0xc3, 0xa9, 0xe2, 0x9c, 0x93], "é✓"],
    [[0xef, 0xbb, 0xbf, 0x41], "\ufeffA"],
    [[0xed, 0xa0, 0x80], "\ud800"],
    [[0xf0, 0x9f, 0xa6, 0x84], "\u{1F984}"],
    [[0xed, 0x9f, 0xbf], "\ud7ff"],
  ])("%j", (payload, expected) => {
    expect(unpickle(shortText(payload))).toBe(expected);
  });
  it.each([[[0xff]], [[0xc0, 0x80]], [[0xe0, 0x80, 0x80]], [[0xc3]], [[0x61, 0xe2, 0x9c]], [[0xf4, 0x90, 0x80, 0x80]]])("%j is refused", (payload) => {
    expect(() => unpickle(shortText(payload))).toThrow(/invalid UTF-8/);
  });
});

describe("bytes in protocol 2 (_codecs.encode of latin-1 text)", () => {
  const encode = (utf8: number[], codec: string): Uint8Array => new Uint8Array([
    0x80, 2, ...bytesOf("c_codecs\nencode\n"), 0x58, utf8.length, 0, 0, 0, ...utf8, 0x58, codec.length, 0, 0, 0, ...bytesOf(codec), 0x86, 0x52, 0x2e,
  ]);
  it("turns each character back into its byte", () => {
    expect(unpickle(encode([0xc3, 0xbf, 0xc2, 0x80, 0x41], "latin1"))).toEqual(new Uint8Array([0xff, 0x80, 0x41]));
  });
  it("refuses a character beyond latin-1, naming it", () => {
    expect(() => unpickle(encode([0xe2, 0x9c, 0x93], "latin1"))).toThrow(/U\+2713 is not latin1/);
  });
});
