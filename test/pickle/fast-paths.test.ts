/**
 * The decoder's fast paths (short strings read from the bytes, protocol-0 ints and escapes
 * scanned by hand, 8-byte ints from two 32-bit halves, latin-1 bytes in protocol 2) at the edges
 * where a shortcut could drift from Python's meaning: each case is what pickle.loads returns.
 */
import fc from "fast-check";
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

describe("runs of strings (ASCII ones sliced from a decoded window of the input)", () => {
  const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let seed = 11;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n | 0;
  const ascii = (n: number): number[] => Array.from({ length: n }, () => 0x20 + random(95));
  /** Protocol 4: a list of these items, each a string (SHORT_BINUNICODE / BINUNICODE of its UTF-8 bytes) or bytes. */
  function listOf(items: (number[] | Uint8Array)[]): Uint8Array {
    const out = [0x80, 4, 0x5d, 0x28];
    for (const it of items) {
      const n = it.length;
      if (it instanceof Uint8Array) out.push(0x42, n & 0xff, (n >> 8) & 0xff, n >> 16, 0, ...it);
      else if (n < 256) out.push(0x8c, n, ...it, 0x94);
      else out.push(0x58, n & 0xff, (n >> 8) & 0xff, n >> 16, 0, ...it, 0x94);
    }
    return new Uint8Array([...out, 0x65, 0x2e]);
  }
  const expected = (items: (number[] | Uint8Array)[]): unknown[] => items.map((it) => (it instanceof Uint8Array ? it : strict.decode(new Uint8Array(it))));

  it("reads ASCII, non-ASCII and edge lengths among bytes with high bits, across window refills", () => {
    const items: (number[] | Uint8Array)[] = [];
    for (let i = 0; i < 1500; i++) {
      const k = random(10);
      if (k < 5) items.push(ascii(k ? 13 + random(80) : [0, 12, 13, 14, 64, 65, 4096, 4097][random(8)]!));
      else if (k === 5) items.push([...ascii(random(30)), 0xe2, 0x9c, 0x93, ...ascii(random(30))]);
      else if (k === 6) items.push([0xc3, 0xa9, ...ascii(20 + random(20))]);
      else if (k === 7) items.push([...ascii(20 + random(20)), 0xc3, 0xa9]);
      else items.push(Uint8Array.from({ length: random(k === 8 ? 40 : 3000) }, () => random(256)));
    }
    expect(unpickle(listOf(items))).toEqual(expected(items));
  });
  it("reads a long string first and after a long stretch without strings", () => {
    const items = [ascii(4096), ascii(20), Uint8Array.from({ length: 70000 }, () => random(256)), ascii(4000), ascii(4096)];
    expect(unpickle(listOf(items))).toEqual(expected(items));
  });
  it("keeps a leading U+FEFF and refuses invalid UTF-8 in a long string", () => {
    const items = [ascii(50), [0xef, 0xbb, 0xbf, ...ascii(40)], ascii(50)];
    expect(unpickle(listOf(items))).toEqual(expected(items));
    expect((unpickle(listOf(items)) as string[])[1]!.charCodeAt(0)).toBe(0xfeff);
    for (const bad of [[...ascii(30), 0xff, ...ascii(30)], [0xff, ...ascii(30)], [...ascii(30), 0xff], [...ascii(30), 0xc3]]) {
      expect(() => unpickle(listOf([ascii(50), bad, ascii(50)]))).toThrow(/invalid UTF-8/);
    }
  });
  it("reads strings from inputs that are views at odd offsets", () => {
    const items = Array.from({ length: 200 }, () => ascii(13 + random(100)));
    const p = listOf(items);
    const padded = new Uint8Array(p.length + 3);
    padded.set(p, 3);
    expect(unpickle(padded.subarray(3))).toEqual(expected(items));
  });
  it("finds a non-ASCII byte at any place in a string, whatever the input's alignment (fast-check against TextDecoder)", () => {
    // each string is checked four bytes at a time over the input's aligned words, its first and
    // last bytes one by one: a non-ASCII character at every offset, in views starting 0-3 bytes into a word
    // a lone 0x80 or 0xff (invalid UTF-8: refused) shows a single byte missed by the check
    const text = fc.tuple(fc.nat(90), fc.nat(90), fc.constantFrom([0xc3, 0xa9], [0xe2, 0x9c, 0x93], [0xc2, 0x80], [0xef, 0xbf, 0xbf], [], [0x80], [0xff]));
    const item = fc.oneof(
      text.map(([before, after, wide]) => [...ascii(before), ...wide, ...ascii(after)]),
      fc.uint8Array({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), fc.integer({ min: 0, max: 7 }), (items, shift) => {
        const p = listOf(items);
        const input = new Uint8Array(p.length + shift);
        input.set(p, shift);
        let want: unknown = "refused: invalid UTF-8";
        try {
          want = expected(items);
        } catch {
          // the strict TextDecoder refused an item
        }
        let got: unknown;
        try {
          got = unpickle(input.subarray(shift));
        } catch (err) {
          got = (err as Error).message.includes("invalid UTF-8") ? "refused: invalid UTF-8" : err;
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 600 },
    );
  });
  it("reads protocol-0 UNICODE lines and protocol-2 BINSTRING as latin-1", () => {
    const lines: [number[], string][] = [];
    for (let i = 0; i < 600; i++) {
      const text = ascii(random(90)).map((c) => (c === 0x5c ? 0x41 : c));
      const k = random(4);
      if (k === 0) lines.push([[...text, 0xe9], String.fromCharCode(...text, 0xe9)]);
      else if (k === 1) lines.push([[...text, ...bytesOf("\\u00e9x")], String.fromCharCode(...text) + "\u00e9x"]);
      else lines.push([text, String.fromCharCode(...text)]);
    }
    const p0list = new Uint8Array([0x28, ...lines.flatMap(([b]) => [0x56, ...b, 0x0a]), 0x6c, 0x2e]);
    expect(unpickle(p0list)).toEqual(lines.map(([, t]) => t));
    const p2list = new Uint8Array([0x80, 2, 0x28, ...lines.flatMap(([b]) => [0x55, b.length, ...b]), 0x6c, 0x2e]);
    expect(unpickle(p2list)).toEqual(lines.map(([b]) => String.fromCharCode(...b)));
  });
});

describe("MEMOIZE after a string (done in the string's own step)", () => {
  /** One item: a string (SHORT_BINUNICODE or BINUNICODE, ASCII or not), a list or an int, memoized or not, or a GET of an earlier slot. */
  const item = fc.oneof(
    fc.record({ kind: fc.constant("text" as const), text: fc.string({ maxLength: 30 }), long: fc.boolean(), memo: fc.boolean() }),
    fc.record({ kind: fc.constantFrom("list" as const, "int" as const), memo: fc.boolean() }),
    fc.record({ kind: fc.constant("get" as const), slot: fc.nat(40) }),
  );
  type Item = { kind: "text"; text: string; long: boolean; memo: boolean } | { kind: "list" | "int"; memo: boolean } | { kind: "get"; slot: number };
  /** Protocol 4: a list of the items; each memo op is MEMOIZE, or (the reference) LONG_BINPUT of the same next index. */
  function build(items: Item[], memoize: boolean): Uint8Array {
    const out = [0x80, 4, 0x5d, 0x28];
    let next = 0;
    const memoOp = (): number[] => (memoize ? [0x94] : [0x72, next & 0xff, (next >> 8) & 0xff, 0, 0]);
    for (const it of items) {
      if (it.kind === "get") {
        out.push(0x68, it.slot);
        continue;
      }
      if (it.kind === "text") {
        const b = [...new TextEncoder().encode(it.text)];
        out.push(...(it.long ? [0x58, b.length, 0, 0, 0] : [0x8c, b.length]), ...b);
      } else out.push(...(it.kind === "list" ? [0x5d] : [0x4b, 7]));
      if (it.memo) out.push(...memoOp()), next++;
    }
    return new Uint8Array([...out, 0x65, 0x2e]);
  }
  const outcome = (p: Uint8Array, limits: { maxObjects: number; maxMemo: number }): unknown => {
    try {
      return unpickle(p, limits);
    } catch (err) {
      return (err as Error).message.replace(/ at offset.*/, "").replace(/MEMOIZE|LONG_BINPUT/, "memo op");
    }
  };
  it("gives what the general memo path (put) gives, values, GETs and limits alike (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.integer({ min: 4, max: 60 }), fc.integer({ min: 2, max: 30 }), (items, maxObjects, maxMemo) => {
        const limits = { maxObjects, maxMemo };
        expect(outcome(build(items, true), limits)).toEqual(outcome(build(items, false), limits));
      }),
      { numRuns: 1500 },
    );
  });
});
