/**
 * Opcodes that must build the same value in two ways: TUPLE1/2/3 (array literals) against MARK ...
 * TUPLE, and APPENDS of 1 to 20000 items (copied with one push call per 8192) against one APPEND
 * per item (lists and list-like records); and the decoder's shortcut for LONG1 and LONG4 of up to
 * 6 bytes (read without Math.pow) against the integer BigInt reads from the same bytes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/read.js";
import { PyObject, PyTuple, type PyValue } from "../../src/pickle/value.js";
import { bytes, sbu } from "./helpers.js";

/** One opcode pushing a small value: an int, a string, None or an empty list. */
const scalar: fc.Arbitrary<number[]> = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map((v) => [0x4b, v]),
  fc.string({ maxLength: 3 }).map(sbu),
  fc.constant<number[]>([0x4e]),
  fc.constant<number[]>([0x5d]),
);

describe("TUPLE1, TUPLE2, TUPLE3", () => {
  it("build the tuple MARK ... TUPLE builds", () => {
    fc.assert(
      fc.property(fc.array(scalar, { minLength: 1, maxLength: 3 }), fc.array(scalar, { maxLength: 2 }), (items, below) => {
        // the items sit above other values (a list of the values below, then the tuple)
        const head = [0x80, 2, 0x28, ...below.flat()];
        const short = unpickle(bytes(...head, ...items.flat(), 0x84 + items.length, 0x6c, 0x2e)) as PyValue[];
        const general = unpickle(bytes(...head, 0x28, ...items.flat(), 0x74, 0x6c, 0x2e)) as PyValue[];
        expect(short).toEqual(general);
        expect(short[short.length - 1]).toBeInstanceOf(PyTuple);
      }),
      { numRuns: 500 },
    );
  });
});

describe("APPENDS", () => {
  const ints = (n: number, from: number): number[] => Array.from({ length: n }, (_, i) => [0x4d, (from + i) & 0xff, ((from + i) >> 8) & 0xff]).flat();

  it.each([1, 8191, 8192, 8193, 20000])("adds %i items to a list that already has some, as APPEND per item does", (n) => {
    // [0, 1] then one APPENDS of n items; the same with APPEND after each item
    const start = [0x80, 2, 0x5d, 0x4b, 0, 0x61, 0x4b, 1, 0x61];
    const bulk = unpickle(bytes(...start, 0x28, ...ints(n, 2), 0x65, 0x2e)) as number[];
    const each = unpickle(bytes(...start, ...Array.from({ length: n }, (_, i) => [0x4d, (i + 2) & 0xff, ((i + 2) >> 8) & 0xff, 0x61]).flat(), 0x2e));
    expect(bulk).toEqual(each);
    expect(bulk).toHaveLength(n + 2);
    expect(bulk[n + 1]).toBe((n + 1) & 0xffff);
  });

  it("copies any mix of values, around the chunk ends, into lists and records as APPEND per item does", () => {
    // lists with 0-2 items already (an empty one takes the exact-copy path, read-lists.ts), or a record
    const count = fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 8190, max: 8194 }), fc.integer({ min: 16383, max: 16385 }));
    fc.assert(
      fc.property(fc.array(scalar, { minLength: 1, maxLength: 5 }), count, fc.nat(2), fc.boolean(), (kinds, n, had, record) => {
        const items = Array.from({ length: n }, (_, i) => kinds[i % kinds.length]!);
        const head = record ? [0x8c, 1, 0x6d, 0x8c, 1, 0x43, 0x93, 0x29, 0x81] : [0x5d];
        const start = [0x80, 4, ...head, ...Array.from({ length: had }, (_, i) => [0x4b, i, 0x61]).flat()];
        const bulk = unpickle(bytes(...start, 0x28, ...items.flat(), 0x65, 0x2e));
        const each = unpickle(bytes(...start, ...items.flatMap((x) => [...x, 0x61]), 0x2e));
        expect(bulk).toEqual(each);
        expect(record ? (bulk as PyObject).listItems ?? [] : bulk).toHaveLength(had + n);
      }),
      { numRuns: 60 },
    );
  });

  it("fills a list-like record's listItems in chunks too", () => {
    // copyreg-free NEWOBJ of a global class, then APPENDS of 9000 items
    const cls = [0x8c, 1, 0x6d, 0x8c, 1, 0x43, 0x93];
    const obj = unpickle(bytes(0x80, 4, ...cls, 0x29, 0x81, 0x28, ...ints(9000, 0), 0x65, 0x2e)) as PyObject;
    expect(obj).toBeInstanceOf(PyObject);
    expect(obj.listItems).toEqual(Array.from({ length: 9000 }, (_, i) => i & 0xffff));
  });
});

describe("LONG1 and LONG4 of up to 6 bytes", () => {
  it("read the integer BigInt.asIntN reads from the same bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), fc.boolean(), (le, four) => {
        let big = 0n;
        for (let i = le.length; i--; ) big = (big << 8n) | BigInt(le[i]!);
        const expected = Number(BigInt.asIntN(8 * le.length, big));
        const head = four ? [0x8b, le.length, 0, 0, 0] : [0x8a, le.length];
        const v = unpickle(bytes(0x80, 2, ...head, le, 0x2e));
        expect(v).toBe(expected);
        expect(Object.is(v, -0)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the stack checks", () => {
  it.each([
    ["TUPLE2 with one value above the MARK", [0x4e, 0x28, 0x4e, 0x86], "stack underflow (no value above the last MARK)"],
    ["APPEND with the list below the MARK", [0x5d, 0x28, 0x4e, 0x61], "stack underflow (no value above the last MARK)"],
    ["SETITEM with two values above the MARK", [0x7d, 0x28, 0x4e, 0x4e, 0x73], "stack underflow (no value above the last MARK)"],
    ["STOP right after a MARK", [0x4e, 0x28], "stack underflow (no value above the last MARK)"],
    ["POP_MARK without a MARK", [0x4e, 0x31], "no MARK on the stack"],
    ["TUPLE without a MARK", [0x4e, 0x74], "no MARK on the stack"],
  ])("%s fails with %j", (_, ops, message) => {
    expect(() => unpickle(bytes(0x80, 2, ...ops, 0x2e))).toThrow(message);
  });

  it("POP drops a MARK with nothing above it, else the value on top", () => {
    expect(unpickle(bytes(0x80, 2, 0x4b, 1, 0x28, 0x30, 0x2e))).toBe(1);
    expect(unpickle(bytes(0x80, 2, 0x4b, 1, 0x28, 0x4b, 2, 0x30, 0x31, 0x2e))).toBe(1);
  });
});
