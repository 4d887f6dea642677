// python3's standard pickle.loads reads pickle(value) back as the intended Python value
// (its repr, and a JSON form that shows Python's types).
import { afterAll, describe, expect, it } from "vitest";
import {
  PyByteArray, PyComplex, PyDate, PyDateTime, PyDecimal, PyDict, PyException, PyFloat, PyGlobal, PyObject, PyResult, PySet, PyTime,
  PyTimeDelta, PyTuple, PyUUID, type PyValue,
} from "../../src/pickle/value.js";
import { pickle, type Picklable } from "../../src/pickle/write.js";
import { dumpInPython, hasPython, loadValuesInPython, removeStandIns } from "../graph/python-harness.js";

afterAll(removeStandIns);

const cases: [Picklable, string][] = [
  [null, "None"],
  [[true, false], "[True, False]"],
  [[0, 255, 256, 65536, -1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER], "[0, 255, 256, 65536, -1, 2147483648, -2147483649, 9007199254740991]"],
  [[2n ** 64n, -(2n ** 200n)], `[${2n ** 64n}, ${-(2n ** 200n)}]`],
  [[1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, new PyFloat(2), 2 ** 60], "[1.5, -0.0, nan, inf, 2.0, 1.152921504606847e+18]"],
  ["naïve ✓ 😀 \ud800", "'naïve ✓ 😀 \\ud800'"],
  [new Uint8Array([0, 65, 255]), "b'\\x00A\\xff'"],
  [new PyByteArray(new Uint8Array([104, 105])), "bytearray(b'hi')"],
  [new PyTuple([1, new PyTuple([]), new PyTuple([2, 3, 4, 5])]), "(1, (), (2, 3, 4, 5))"],
  [{ b: 1, a: [null, { c: "d" }] }, "{'b': 1, 'a': [None, {'c': 'd'}]}"],
  [new PyDict([[1, "one"], [new PyTuple([1, 2]), "pair"], [null, "none"], [2n ** 70n, "big"]]), `{1: 'one', (1, 2): 'pair', None: 'none', ${2n ** 70n}: 'big'}`],
  [new PyDict([["z", 1], ["a", 2]], "collections.OrderedDict"), "OrderedDict([('z', 1), ('a', 2)])"],
  [new PySet([3]), "{3}"],
  [new PySet(["x"], true), "frozenset({'x'})"],
  [new PyResult(true, new PyDict([["t", [new PyResult(false, "boom")]]])), "<Success: {'t': [<Failure: 'boom'>]}>"],
  [new PyException("builtins.ValueError", ["bad", 42]), "ValueError('bad', 42)"],
  [new PyDateTime(2024, 5, 17, 13, 45, 30, 123456), "datetime.datetime(2024, 5, 17, 13, 45, 30, 123456)"],
  [new PyDateTime(2024, 11, 3, 1, 30, 0, 0, 0), "datetime.datetime(2024, 11, 3, 1, 30, tzinfo=datetime.timezone.utc)"],
  [new PyDateTime(2024, 11, 3, 1, 30, 0, 0, 19800), "datetime.datetime(2024, 11, 3, 1, 30, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))"],
  [new PyDate(2024, 2, 29), "datetime.date(2024, 2, 29)"],
  [new PyTime(23, 59, 59, 999999, -3600), "datetime.time(23, 59, 59, 999999, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=82800)))"],
  [new PyTimeDelta(-1, 86399, 5), "datetime.timedelta(days=-1, seconds=86399, microseconds=5)"],
  [new PyDecimal("-1E+30"), "Decimal('-1E+30')"],
  [new PyUUID("12345678-1234-5678-1234-567812345678"), "UUID('12345678-1234-5678-1234-567812345678')"],
  [new PyComplex(1.5, -2), "(1.5-2j)"],
  [Array.from({ length: 2500 }, (_, i) => i).slice(2497), "[2497, 2498, 2499]"],
  [object("builtins", "list", false, (o) => (o.listItems = [1, 2])), "[1, 2]"],
  [object("collections", "OrderedDict", false, (o) => (o.dictItems = [["a", 1]])), "OrderedDict([('a', 1)])"],
  [object("datetime", "timedelta", true, (o) => (o.kwargs = new PyDict([["days", 2]]))), "datetime.timedelta(days=2)"],
  [object("types", "SimpleNamespace", true, (o) => (o.state = new PyDict([["a", 1]]))), "namespace(a=1)"],
];

/** A PyObject record: REDUCE (or NEWOBJ / NEWOBJ_EX when viaNew) on module.name, then `fill`. */
function object(module: string, name: string, viaNew: boolean, fill: (o: PyObject) => unknown): PyObject {
  const o = new PyObject(new PyGlobal(module, name), [], viaNew);
  fill(o);
  return o;
}

describe.skipIf(!hasPython)("python3 pickle.loads of pickle(value)", () => {
  it("rebuilds each value with the intended Python type (protocols 4 and 5)", () => {
    for (const protocol of [4, 5] as const) {
      const loaded = loadValuesInPython(cases.map(([value]) => pickle(value, { protocol })));
      expect(loaded.map((l) => l.repr)).toEqual(cases.map(([, repr]) => repr));
    }
  });

  it("shows ints as ints, floats as floats and bytes as bytes", () => {
    const [loaded] = loadValuesInPython([pickle([3, new PyFloat(3), 3.5, 2n ** 65n, new Uint8Array([1]), "s"])]);
    expect(loaded!.plain).toEqual([{ int: "3" }, { float: "3.0" }, { float: "3.5" }, { int: String(2n ** 65n) }, { bytes: "01" }, "s"]);
  });

  it("keeps shared references, cycles and large multi-frame pickles", () => {
    const shared: PyValue[] = ["shared"];
    const cyclic: PyValue[] = [];
    cyclic.push(cyclic);
    const big = Array.from({ length: 30_000 }, (_, i) => `item-${i}`);
    const [a, b, c] = loadValuesInPython([pickle([shared, shared]), pickle(cyclic), pickle([big, "x".repeat(100_000)])]);
    expect(a!.repr).toBe("[['shared'], ['shared']]");
    expect(a!.first_two_same).toBe(true);
    expect(b!.repr).toBe("[[...]]");
    expect(b!.plain).toEqual([{ cycle: true }]);
    expect((c!.plain as unknown[][])[0]).toHaveLength(30_000);
    expect(c!.repr.length).toBeGreaterThan(100_000);
  });

  it("writes the same bytes as CPython's pickle.dumps", () => {
    const defaultdict = object("collections", "defaultdict", false, (o) => (o.dictItems = [["a", [1]]]));
    (defaultdict.args as PyValue[]).push(new PyGlobal("builtins", "list"));
    const pairs: [Picklable, string][] = [
      [[0, 1, -1, 255, 256, 65535, 65536, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1], "[0, 1, -1, 255, 256, 65535, 65536, 2**31-1, -2**31, 2**31, -2**31-1]"],
      [[2n ** 64n, -(2n ** 64n), 2n ** 2100n], "[2**64, -2**64, 2**2100]"],
      [["", "a", "é", "x".repeat(300), "😀"], "['', 'a', 'é', 'x' * 300, '😀']"],
      [{ k: [null, true, false, 1.5, new PyTuple([1, 2]), new PyTuple([])] }, "{'k': [None, True, False, 1.5, (1, 2), ()]}"],
      [Array.from({ length: 2500 }, (_, i) => i % 7), "[i % 7 for i in range(2500)]"],
      [new PyDict(Array.from({ length: 1001 }, (_, i) => [i, i] as [number, number])), "{i: i for i in range(1001)}"],
      [new PySet(Array.from({ length: 1001 }, (_, i) => i)), "set(range(1001))"],
      [defaultdict, "collections.defaultdict(list, {'a': [1]})"],
      [new PyDateTime(2024, 5, 17, 13, 45, 30, 123456), "datetime.datetime(2024, 5, 17, 13, 45, 30, 123456)"],
      [new PyTimeDelta(1, 7200, 5), "datetime.timedelta(days=1, seconds=7200, microseconds=5)"],
      [new PyUUID("12345678-1234-5678-1234-567812345678"), "uuid.UUID('12345678-1234-5678-1234-567812345678')"],
      [new PyDecimal("3.14"), "decimal.Decimal('3.14')"],
      [new PyByteArray(new Uint8Array([1, 2])), "bytearray(b'\\x01\\x02')"],
      [["x".repeat(70_000), new Uint8Array(70_000)], "['x' * 70000, bytes(70000)]"],
    ];
    for (const protocol of [4, 5] as const) {
      const expected = dumpInPython(pairs.map(([, expr]) => [protocol, expr]));
      const ours = pairs.map(([value]) => Buffer.from(pickle(value, { protocol })).toString("hex"));
      ours.forEach((hex, i) => expect(hex, pairs[i]![1]).toBe(expected[i]));
    }
  });
});
