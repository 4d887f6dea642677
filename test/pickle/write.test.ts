// The pickle writer: byte-for-byte what CPython writes for the fixture values, read back by our
// decoder with shared references and cycles intact, and clear errors for what Python cannot hold.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NetunicornError, PickleError } from "../../src/errors.js";
import { unpickle } from "../../src/pickle/read.js";
import {
  PyByteArray, PyComplex, PyDate, PyDateTime, PyDecimal, PyDict, PyException, PyFloat, PyGlobal, PyObject, PyResult,
  PySet, PyTime, PyTimeDelta, PyTuple, PyUUID, type PyValue,
} from "../../src/pickle/value.js";
import { pickle, type Picklable } from "../../src/pickle/write.js";
import { encodeLong } from "../../src/pickle/write-frames.js";
import * as writeOps from "../../src/pickle/write-ops.js";
import { OP } from "../../src/pickle/opcodes.js";

const dir = new URL("../fixtures/pickles/", import.meta.url);
const bytesOf = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const body = (value: Picklable) => hex(pickle(value, { frames: false })).slice(4, -2); // without PROTO 4 and STOP

// Fixtures whose decoded value cannot be re-pickled identically, and why.
const NOT_IDENTICAL: Record<string, string> = {
  "floats.json": "whole floats decode to JS numbers, written back as ints",
  "shared_references.json": "same",
  "by_value_library_dataclass.json": "cloudpickle's by-value class machinery",
};

describe("pickle(): byte-identical to CPython for the fixture values", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json") && !(f in NOT_IDENTICAL));
  it.each(files)("%s", (file) => {
    const entries = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as { protocol: number; pickle_b64: string }[];
    const modern = entries.filter((e) => e.protocol >= 4);
    expect(modern.length).toBeGreaterThan(0);
    for (const entry of modern) {
      const original = bytesOf(entry.pickle_b64);
      expect(hex(pickle(unpickle(original) as Picklable, { protocol: entry.protocol as 4 | 5 }))).toBe(hex(original));
    }
  });
});

describe("pickle(): opcode choices", () => {
  it.each<[Picklable, string]>([
    [null, "4e"],
    [true, "88"],
    [false, "89"],
    [0, "4b00"],
    [255, "4bff"],
    [256, "4d0001"],
    [65535, "4dffff"],
    [65536, "4a00000100"],
    [-1, "4affffffff"],
    [2 ** 31 - 1, "4affffff7f"],
    [2 ** 31, "8a050000008000"],
    [-(2 ** 31), "4a00000080"],
    [-(2 ** 31) - 1, "8a05ffffff7fff"], // as CPython: pickle.dumps(-2**31-1, 4)
    [2n ** 63n, "8a09000000000000008000"],
    [-128n, "4a80ffffff"],
    [5n, "4b05"],
    [1.5, "473ff8000000000000"],
    [-0, "478000000000000000"],
    [Number.POSITIVE_INFINITY, "477ff0000000000000"],
    [2 ** 53, "474340000000000000"],
    [new PyFloat(3), "474008000000000000"],
    ["", "8c0094"],
    ["é", "8c02c3a994"],
    ["\ud800", "8c03eda08094"], // lone surrogate: UTF-8 'surrogatepass', as CPython
    [new Uint8Array([1, 2]), "43020102" + "94"],
    [new PyTuple([]), "29"],
    [new PyTuple([1]), "4b018594"],
  ])("%s → %s", (value, expected) => {
    expect(body(value)).toBe(expected);
  });

  it("uses BINUNICODE and BINBYTES past 255 bytes, LONG4 past 255 bytes of int", () => {
    expect(body("x".repeat(256)).slice(0, 10)).toBe("5800010000");
    expect(body(new Uint8Array(300)).slice(0, 10)).toBe("422c010000");
    expect(body(2n ** 2048n).slice(0, 10)).toBe("8b01010000");
  });

  it("writes bytearray as BYTEARRAY8 in protocol 5 and builtins.bytearray(...) in protocol 4", () => {
    const value = new PyByteArray(new Uint8Array([9]));
    expect(hex(pickle(value, { protocol: 5, frames: false }))).toBe("8005" + "96" + "0100000000000000" + "09" + "94" + "2e");
    expect(unpickle(pickle(value, { protocol: 4 }))).toEqual(value);
  });

  it("frames like CPython: none for tiny pickles, large payloads outside frames", () => {
    expect(hex(pickle(null))).toBe("80044e2e");
    const big = pickle(["a", "x".repeat(70_000), "b"]);
    expect(big[2]).toBe(0x95); // first frame
    const afterFirstFrame = 2 + 9 + Number(new DataView(big.buffer, big.byteOffset).getBigUint64(3, true));
    expect(big[afterFirstFrame]).toBe(0x58); // BINUNICODE, not inside a frame
    expect(unpickle(big)).toEqual(["a", "x".repeat(70_000), "b"]);
  });

  it("emits the opcode bytes of the shared OP table (write-ops.ts repeats them as inlinable constants)", () => {
    for (const [name, code] of Object.entries(writeOps)) expect([name, code]).toEqual([name, OP[name as keyof typeof OP]]);
  });

  it("encodes ints as minimal two's complement, as CPython's encode_long", () => {
    expect(hex(encodeLong(0n))).toBe("");
    expect(hex(encodeLong(255n))).toBe("ff00");
    expect(hex(encodeLong(-256n))).toBe("00ff");
    expect(hex(encodeLong(-129n))).toBe("7fff");
    expect(hex(encodeLong(32767n))).toBe("ff7f");
  });
});

describe("pickle() → unpickle() round trip", () => {
  it("keeps every supported value", () => {
    const value: PyValue = [
      null, true, 1, -70000, 2n ** 100n, -(2n ** 64n), 0.25, Number.NaN, "naïve ✓ 😀", new Uint8Array([0, 1, 255]),
      new PyTuple([1, new PyTuple([])]), new PyDict([[1, "int"], [new PyTuple([1, 2]), "tuple"], [null, "none"]]),
      new PyDict([["z", 1]], "collections.OrderedDict"), new PySet([1, "a"]), new PySet(["f"], true),
      new PyResult(true, new PyDict([["t", [new PyResult(false, "boom")]]])), new PyException("builtins.ValueError", ["bad", 42]),
      new PyException("lab.ProbeError", ["late"], new PyDict([["host", "h1"]])),
      new PyDateTime(2024, 5, 17, 13, 45, 30, 123456), new PyDateTime(2024, 1, 2, 3, 4, 5, 6, 0), new PyDateTime(2024, 1, 2, 3, 4, 5, 6, -3600),
      new PyDate(2024, 2, 29), new PyTime(23, 59, 59, 999999), new PyTimeDelta(-1, 86399, 5), new PyDecimal("-0.000001"),
      new PyUUID("12345678-1234-5678-1234-567812345678"), new PyComplex(1.5, -2), new PyByteArray(new Uint8Array([1])),
      new PyGlobal("collections", "OrderedDict"),
    ];
    expect(unpickle(pickle(value))).toEqual(value);
    expect(unpickle(pickle(value, { protocol: 5 }))).toEqual(value);
  });

  it("accepts plain objects, Maps and Sets as dicts and sets (undefined members skipped)", () => {
    const decoded = unpickle(pickle({ a: 1, b: [true], skip: undefined, m: new Map([[2, "two"]]), s: new Set([3]) }));
    expect(decoded).toEqual(new PyDict([["a", 1], ["b", [true]], ["m", new PyDict([[2, "two"]])], ["s", new PySet([3])]]));
  });

  it("preserves shared references and cycles through lists, dicts and objects", () => {
    const shared = [1, 2];
    const list: PyValue[] = [shared, shared];
    list.push(list);
    const dict = new PyDict();
    dict.set("self", dict);
    const obj = new PyObject(new PyGlobal("m", "C"), [], true);
    obj.state = new PyDict([["me", obj]]);
    const tuple = new PyTuple([]);
    const holder: PyValue[] = [tuple];
    (tuple.items as PyValue[]).push(holder); // a tuple inside the list it contains: CPython's POP + BINGET case
    const [l, d, o, h] = unpickle(pickle([list, dict, obj, holder])) as [PyValue[], PyDict, PyObject, PyValue[]];
    expect(l[0]).toBe(l[1]);
    expect(l[2]).toBe(l);
    expect(d.get("self")).toBe(d);
    expect((o.state as PyDict).get("me")).toBe(o);
    expect((h[0] as PyTuple).items[0]).toBe(h);
  });

  it("round-trips arbitrary JSON-like values and bigints (property)", () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.bigInt(), fc.string({ unit: "grapheme" }),
        fc.array(tie("value"), { maxLength: 5 }),
        fc.dictionary(fc.string(), tie("value"), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        const back = unpickle(pickle(v as Picklable));
        expect(back).toEqual(normalize(v));
      }),
      { numRuns: 200 },
    );
  });
});

/** What the decoder gives for a plain JS value: dicts as PyDict, small bigints as numbers, -0 stays a float. */
function normalize(v: unknown): unknown {
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (Array.isArray(v)) return v.map(normalize);
  if (v !== null && typeof v === "object") return new PyDict(Object.entries(v).map(([k, x]) => [k, normalize(x) as PyValue]));
  return v;
}

describe("pickle(): refusals", () => {
  it.each<[string, unknown, RegExp]>([
    ["a function", { f: () => 1 }, /function \(at value\.f\)/],
    ["a symbol", [Symbol("s")], /symbol \(at value\[0\]\)/],
    ["undefined in a list", [1, undefined], /undefined \(at value\[1\]\)/],
    ["a Date", { when: new Date(0) }, /cannot write a Date/],
    ["a Float32Array", new Float32Array(1), /Float32Array/],
    ["a list as dict key", new PyDict([[[1], 2]]), /dict key must be hashable, got a list/],
    ["a mutable set in a set", new PySet([new PySet([1])]), /set element must be hashable/],
    ["a tuple containing itself", (() => { const t = new PyTuple([]); (t.items as PyValue[]).push(t); return t; })(), /contains itself/],
    ["an invalid UUID", new PyUUID("nope"), /not a UUID/],
    ["month 13", new PyDate(2024, 13, 1), /month must be an integer from 1 to 12/],
  ])("%s", (_, value, message) => {
    let error: unknown;
    try {
      pickle(value as Picklable);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PickleError);
    expect(NetunicornError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as PickleError).offset).toBeGreaterThanOrEqual(0);
  });

  it("refuses protocols other than 4 and 5", () => {
    expect(() => pickle(1, { protocol: 3 as 4 })).toThrow(/protocol 3 is not supported/);
  });

  it("turns a too-deep structure into a PickleError, not a RangeError", () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(() => pickle(deep as Picklable)).toThrow(PickleError);
  });
});
