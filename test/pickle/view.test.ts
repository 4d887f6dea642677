/** toView rules beyond the fixtures: cycles vs sharing, dates, numbers, records, pollution safety. */
import { describe, expect, it } from "vitest";
import { PickleError } from "../../src/errors.js";
import { unpickle } from "../../src/pickle/read.js";
import { toView } from "../../src/pickle/view.js";
import {
  PyByteArray, PyComplex, PyDate, PyDateTime, PyDict, PyException, PyGlobal, PyObject, PyResult, PySet, PyTime,
  PyTimeDelta, PyTuple, type PyValue,
} from "../../src/pickle/value.js";

describe("toView", () => {
  it("shows shared references in full and only true cycles as $ref", () => {
    const shared: PyValue[] = [1];
    expect(toView([shared, new PyTuple([shared])])).toEqual([[1], [[1]]]);
    const a: PyValue[] = [];
    const b: PyValue[] = [a];
    a.push(b, b);
    expect(toView(a)).toEqual([[{ $ref: "cycle" }], [{ $ref: "cycle" }]]);
    expect(toView(b)).toEqual([[{ $ref: "cycle" }, { $ref: "cycle" }]]);
    const d = new PyDict([["me", null]]);
    d.set("me", d);
    expect(toView(new PyResult(true, d))).toEqual({ $ok: { me: { $ref: "cycle" } } });
  });

  it("numbers: safe ints, big ints, special floats", () => {
    expect(toView([9007199254740991, 2n ** 53n, -(2n ** 70n), 5n, NaN, Infinity, -Infinity, -0, 0.5])).toEqual([
      9007199254740991, { $int: "9007199254740992" }, { $int: "-1180591620717411303424" }, 5,
      { $float: "nan" }, { $float: "inf" }, { $float: "-inf" }, { $float: "-0" }, 0.5,
    ]);
    expect(toView(new PyComplex(NaN, -0))).toEqual({ $complex: [{ $float: "nan" }, { $float: "-0" }] });
  });

  it("dates and times in Python's isoformat", () => {
    expect(toView(new PyDateTime(99, 1, 2, 3, 4, 5, 0))).toEqual({ $datetime: "0099-01-02T03:04:05" });
    expect(toView(new PyDateTime(2024, 1, 2, 3, 4, 5, 60, -3600 * 5 - 1800))).toEqual({ $datetime: "2024-01-02T03:04:05.000060-05:30" });
    expect(toView(new PyDateTime(2024, 1, 2, 3, 4, 5, 0, 3661.5))).toEqual({ $datetime: "2024-01-02T03:04:05+01:01:01.500000" });
    expect(toView(new PyTime(7, 8, 9, 10, 0))).toEqual({ $time: "07:08:09.000010+00:00" });
    expect(toView(new PyDate(2024, 2, 29))).toEqual({ $date: "2024-02-29" });
    expect(toView(new PyTimeDelta(1, 7200, 5))).toEqual({ $timedelta: 93600.000005 });
    expect(toView(new PyTimeDelta(-1, 86399, 0))).toEqual({ $timedelta: -1 });
  });

  it("timedelta seconds round once, as Python's total_seconds() (not seconds + microseconds / 1e6)", () => {
    // python3 -c "import datetime; print(datetime.timedelta(seconds=1, microseconds=94715).total_seconds())" → 1.094715
    expect(new PyTimeDelta(0, 1, 94715).totalSeconds).toBe(1.094715);
    expect(toView(new PyTimeDelta(0, 1, 94715))).toEqual({ $timedelta: 1.094715 });
  });

  it("dicts with non-string keys, sets, bytes, exceptions", () => {
    expect(toView(new PyDict([[1, "a"], [new PyTuple([2]), null]]))).toEqual({ $dict: [[1, "a"], [[2], null]] });
    expect(toView(new PySet(["x", 1], true))).toEqual({ $set: ["x", 1] });
    expect(toView([Uint8Array.of(0, 255), new PyByteArray(Uint8Array.of(104, 105))])).toEqual([{ $bytes: "AP8=" }, { $bytes: "aGk=" }]);
    expect(toView(new PyException("builtins.KeyError", ["k"]))).toEqual({ $exception: "builtins.KeyError", args: ["k"] });
  });
  it("uses $dict whenever any key is not a str, whatever the key type and position (tuple, None, True, bytes)", () => {
    expect(toView(new PyDict([[new PyTuple([2, 3]), "a"], ["s", 1]]))).toEqual({ $dict: [[[2, 3], "a"], ["s", 1]] });
    expect(toView(new PyDict([["s", 1], [new PyTuple([2, 3]), "a"]]))).toEqual({ $dict: [["s", 1], [[2, 3], "a"]] });
    expect(toView(new PyDict([["s", 1], [null, "n"]]))).toEqual({ $dict: [["s", 1], [null, "n"]] });
    expect(toView(new PyDict([[true, "t"], ["s", 2]]))).toEqual({ $dict: [[true, "t"], ["s", 2]] });
    expect(toView(new PyDict([[Uint8Array.of(107), "b"]]))).toEqual({ $dict: [[{ $bytes: "aw==" }, "b"]] });
    // the same dicts as CPython 3.11 pickles them: pickle.dumps([{(2, 3): "a", "s": 1}, {"s": 1, None: "n"},
    // {True: "t", "s": 2}, {b"k": "b"}], protocol=p) for p = 0 and 4
    const expected = [
      { $dict: [[[2, 3], "a"], ["s", 1]] }, { $dict: [["s", 1], [null, "n"]] }, { $dict: [[true, "t"], ["s", 2]] }, { $dict: [[{ $bytes: "aw==" }, "b"]] },
    ];
    for (const b64 of [
      "KGxwMAooZHAxCihJMgpJMwp0cDIKVmEKcDMKc1ZzCnA0CkkxCnNhKGRwNQpnNApJMQpzTlZuCnA2CnNhKGRwNwpJMDEKVnQKcDgKc2c0CkkyCnNhKGRwOQpjX2NvZGVjcwplbmNvZGUKcDEwCihWawpwMTEKVmxhdGluMQpwMTIKdHAxMwpScDE0ClZiCnAxNQpzYS4=",
      "gASVPgAAAAAAAABdlCh9lChLAksDhpSMAWGUjAFzlEsBdX2UKGgESwFOjAFulHV9lCiIjAF0lGgESwJ1fZRDAWuUjAFilHNlLg==",
    ]) {
      expect(toView(unpickle(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))))).toEqual(expected);
    }
  });

  it("objects: state, slot state merged, dict and list subclasses, bare globals", () => {
    const obj = new PyObject(new PyGlobal("m", "C"), [], true);
    expect(toView(obj)).toEqual({ $object: "m.C", state: {} });
    obj.state = new PyTuple([null, new PyDict([["slot", 1]])]);
    expect(toView(obj)).toEqual({ $object: "m.C", state: { slot: 1 } });
    const dictSub = new PyObject(new PyGlobal("m", "MyDict"), [], true);
    dictSub.dictItems = [["k", 1]];
    expect(toView(dictSub)).toEqual({ k: 1 });
    const listSub = new PyObject(new PyGlobal("m", "MyList"), [], true);
    listSub.listItems = [1, 2];
    expect(toView(listSub)).toEqual([1, 2]);
    expect(toView(new PyGlobal("os", "system"))).toEqual({ $global: "os.system" });
  });

  it("a __proto__ key becomes an own property and pollutes nothing", () => {
    const view = toView(new PyDict([["__proto__", new PyDict([["polluted", true]])], ["constructor", 1]])) as Record<string, unknown>;
    expect(Object.hasOwn(view, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(view)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(view)).toBe('{"__proto__":{"polluted":true},"constructor":1}');
  });

  it("view limits are PickleErrors", () => {
    const wide = Array.from({ length: 100 }, (_, i) => i);
    expect(() => toView(wide, { maxNodes: 50 })).toThrow(PickleError);
    expect(() => toView([[[[1]]]], { maxDepth: 3 })).toThrow(/maxDepth/);
    expect(toView([[[[1]]]], { maxDepth: 4 })).toEqual([[[[1]]]]);
  });
});
