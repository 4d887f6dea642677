/** Each opcode, from hand-built byte sequences (protocol 0 text forms and binary forms). */
import { describe, expect, it } from "vitest";
import { PickleError } from "../../src/errors.js";
import { OP } from "../../src/pickle/opcodes.js";
import { unpickle } from "../../src/pickle/read.js";
import { toView } from "../../src/pickle/view.js";
import {
  PyByteArray, PyComplex, PyDict, PyException, PyGlobal, PyObject, PyResult, PySet, PyTuple, PyUUID,
} from "../../src/pickle/value.js";
import { bytes, failure, sbu, u32, u64, utf8 } from "./helpers.js";

const P4 = [0x80, 4];
const load = (...parts: Parameters<typeof bytes>) => unpickle(bytes(...parts));
const STOP = ".";


describe("scalar opcodes", () => {
  it("NONE, NEWTRUE, NEWFALSE", () => {
    expect(load(P4, "N", STOP)).toBeNull();
    expect(load(P4, OP.NEWTRUE, STOP)).toBe(true);
    expect(load(P4, OP.NEWFALSE, STOP)).toBe(false);
  });
  it("BININT (signed 32), BININT1, BININT2", () => {
    expect(load("J", u32(0xfffffffe), STOP)).toBe(-2);
    expect(load("K", 0xff, STOP)).toBe(255);
    expect(load("M", 0x34, 0x12, STOP)).toBe(0x1234);
  });
  it("INT text, including the I01/I00 booleans of protocol 0", () => {
    expect(load("I-42\n.")).toBe(-42);
    expect(load("I01\n.")).toBe(true);
    expect(load("I00\n.")).toBe(false);
    expect(load("I123456789012345678901234567890\n.")).toBe(123456789012345678901234567890n);
  });
  it("LONG text with and without the trailing L", () => {
    expect(load("L18446744073709551616L\n.")).toBe(18446744073709551616n);
    expect(load("L-5\n.")).toBe(-5);
  });
  it("LONG1 and LONG4: little-endian two's complement", () => {
    expect(load(P4, OP.LONG1, 0, STOP)).toBe(0);
    expect(load(P4, OP.LONG1, 2, 0xff, 0x7f, STOP)).toBe(32767);
    expect(load(P4, OP.LONG1, 1, 0xff, STOP)).toBe(-1);
    expect(load(P4, OP.LONG1, 9, 1, 0, 0, 0, 0, 0, 0, 0, 1, STOP)).toBe(2n ** 64n + 1n);
    expect(load(P4, OP.LONG4, u32(9), 0, 0, 0, 0, 0, 0, 0, 0, 0xff, STOP)).toBe(-(2n ** 64n));
    expect(load(P4, OP.LONG1, 7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, STOP)).toBe(2 ** 53 - 1);
  });
  it("BINFLOAT (big-endian double) and FLOAT text", () => {
    expect(load(P4, "G", 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, STOP)).toBe(1.5);
    expect(load("F-2.25\n.")).toBe(-2.25);
    expect(load("Fnan\n.")).toBeNaN();
    expect(load("F-inf\n.")).toBe(-Infinity);
    expect(load("F1e-300\n.")).toBe(1e-300);
  });
});

describe("string and bytes opcodes", () => {
  it("STRING with Python escapes (protocol 0 bytes literal)", () => {
    expect(load("S'a\\'b\\n\\x41\\101\\\\'\n.")).toBe("a'b\nAA\\");
    expect(load('S"dq"\n.')).toBe("dq");
    expect(load("S'\\_\\q'\n.")).toBe("\\_\\q"); // unknown escapes keep their backslash
  });
  it("BINSTRING and SHORT_BINSTRING", () => {
    expect(load("T", u32(3), "abc", STOP)).toBe("abc");
    expect(load("U", 2, "hi", STOP)).toBe("hi");
  });
  it("UNICODE: raw-unicode-escape", () => {
    expect(load("Vcaf\\u00e9 \\U0001f984 x\\\\u0041\n.")).toBe("café 🦄 x\\\\u0041");
    expect(load("Vback\\u005cslash\n.")).toBe("back\\slash");
  });
  it("BINUNICODE, SHORT_BINUNICODE, BINUNICODE8 (UTF-8, lone surrogates allowed)", () => {
    const s = "héllo 日本";
    expect(load(P4, "X", u32(utf8(s).length), utf8(s), STOP)).toBe(s);
    expect(load(P4, sbu(s), STOP)).toBe(s);
    expect(load(P4, OP.BINUNICODE8, u64(utf8(s).length), utf8(s), STOP)).toBe(s);
    expect(load(P4, OP.SHORT_BINUNICODE, 3, 0xed, 0xa0, 0x80, STOP)).toBe("\ud800");
    // a surrogate pair written as two lone surrogates, between ordinary text
    const pair = [0x61, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, ...utf8("é")];
    expect(load(P4, OP.SHORT_BINUNICODE, pair.length, ...pair, STOP)).toBe("a\ud83d\ude00é");
    // a leading U+FEFF is part of the string (Python keeps it), not a byte order mark to drop
    expect(load(P4, sbu("\ufeffbom"), STOP)).toBe("\ufeffbom");
    expect(load(P4, "X", u32(utf8("\ufeff").length), utf8("\ufeff"), STOP)).toBe("\ufeff");
    expect(failure(() => load(P4, OP.SHORT_BINUNICODE, 3, 0xed, 0xa0, 0x41, STOP)).message).toMatch(/UTF-8/);
  });
  it("BINBYTES, SHORT_BINBYTES, BINBYTES8, BYTEARRAY8", () => {
    expect(load(P4, "B", u32(2), 0, 0xff, STOP)).toEqual(Uint8Array.of(0, 0xff));
    expect(load(P4, "C", 1, 7, STOP)).toEqual(Uint8Array.of(7));
    expect(load(P4, OP.BINBYTES8, u64(1), 9, STOP)).toEqual(Uint8Array.of(9));
    const ba = load(0x80, 5, OP.BYTEARRAY8, u64(2), 1, 2, STOP);
    expect(ba).toBeInstanceOf(PyByteArray);
    expect((ba as PyByteArray).bytes).toEqual(Uint8Array.of(1, 2));
  });
});

describe("container opcodes", () => {
  it("EMPTY_LIST, APPEND, APPENDS, LIST", () => {
    expect(load(P4, "]", "K", 1, "a", "(", "K", 2, "K", 3, "e", STOP)).toEqual([1, 2, 3]);
    expect(load("(I1\nI2\nl.")).toEqual([1, 2]);
  });
  it("EMPTY_TUPLE, TUPLE, TUPLE1, TUPLE2, TUPLE3", () => {
    expect(load(P4, ")", STOP)).toEqual(new PyTuple([]));
    expect(load("(I1\nt.")).toEqual(new PyTuple([1]));
    expect(load(P4, "K", 1, OP.TUPLE1, STOP)).toEqual(new PyTuple([1]));
    expect(load(P4, "K", 1, "K", 2, OP.TUPLE2, STOP)).toEqual(new PyTuple([1, 2]));
    expect(load(P4, "K", 1, "K", 2, "K", 3, OP.TUPLE3, STOP)).toEqual(new PyTuple([1, 2, 3]));
  });
  it("EMPTY_DICT, SETITEM, SETITEMS, DICT", () => {
    const d = load(P4, "}", sbu("a"), "K", 1, "s", "(", sbu("b"), "K", 2, "K", 3, "K", 4, "u", STOP) as PyDict;
    expect([...d]).toEqual([["a", 1], ["b", 2], [3, 4]]);
    expect([...(load("(Vk\nI5\nd.") as PyDict)]).toEqual([["k", 5]]);
  });
  it("EMPTY_SET, ADDITEMS, FROZENSET", () => {
    const s = load(P4, OP.EMPTY_SET, "(", "K", 3, "K", 1, OP.ADDITEMS, STOP) as PySet;
    expect([...s]).toEqual([3, 1]);
    expect(s.frozen).toBe(false);
    const f = load(P4, "(", "K", 1, OP.FROZENSET, STOP) as PySet;
    expect(f.frozen).toBe(true);
  });
  it("dict keys such as __proto__ and constructor are plain keys", () => {
    const d = load(P4, "}", sbu("__proto__"), "}", sbu("x"), OP.NEWTRUE, "s", "s", sbu("constructor"), "K", 1, "s", STOP);
    const view = toView(d) as Record<string, unknown>;
    expect(Object.keys(view)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(view)).toBe(Object.prototype);
    expect(view).toEqual(JSON.parse('{"__proto__": {"x": true}, "constructor": 1}'));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("stack and memo opcodes", () => {
  it("MARK, POP, POP_MARK, DUP", () => {
    expect(load(P4, "K", 1, "K", 2, "0", STOP)).toBe(1);
    expect(load(P4, "K", 1, "(", "K", 2, "K", 3, "1", STOP)).toBe(1);
    expect(load(P4, "K", 1, "(", "0", STOP)).toBe(1); // POP with only a MARK above pops the MARK
    const [a, b] = (load(P4, "]", "2", OP.TUPLE2, STOP) as PyTuple).items;
    expect(a).toBe(b);
  });
  it("PUT/GET, BINPUT/BINGET, LONG_BINPUT/LONG_BINGET, MEMOIZE share one object", () => {
    const pairs: [Uint8Array, Uint8Array][] = [
      [bytes("p0\n"), bytes("g0\n")],
      [bytes("q", 3), bytes("h", 3)],
      [bytes("r", u32(70000)), bytes("j", u32(70000))],
      [bytes(OP.MEMOIZE), bytes("h", 0)],
    ];
    for (const [put, get] of pairs) {
      const t = load(P4, "]", put, get, OP.TUPLE2, STOP) as PyTuple;
      expect(t.items[0]).toBe(t.items[1]);
    }
  });
  it("memo indexes that were never stored fail", () => {
    expect(failure(() => load(P4, "h", 5, STOP)).message).toMatch(/memo index 5/);
  });
});

describe("globals and objects", () => {
  it("GLOBAL with protocol-0 renames, STACK_GLOBAL without", () => {
    expect(load("c__builtin__\nlong\n.")).toEqual(new PyGlobal("builtins", "int"));
    expect(load("cexceptions\nValueError\n.")).toEqual(new PyGlobal("builtins", "ValueError"));
    expect(load(P4, sbu("os"), sbu("system"), OP.STACK_GLOBAL, STOP)).toEqual(new PyGlobal("os", "system"));
  });
  it("REDUCE of an unknown callable is an inert record (nothing is called)", () => {
    const v = load("cos\nsystem\n(S'rm -rf /'\ntR.") as PyObject;
    expect(v).toBeInstanceOf(PyObject);
    expect(v.callable).toEqual(new PyGlobal("os", "system"));
    expect(v.args).toEqual(["rm -rf /"]);
    expect(toView(v)).toEqual({ $object: "os.system", args: ["rm -rf /"], state: {} });
  });
  it("NEWOBJ + BUILD keeps class, args and state", () => {
    const v = load(P4, sbu("m"), sbu("C"), OP.STACK_GLOBAL, "K", 7, OP.TUPLE1, OP.NEWOBJ, "}", sbu("a"), "K", 1, "s", "b", STOP) as PyObject;
    expect(v.viaNew).toBe(true);
    expect(v.args).toEqual([7]);
    expect(toView(v)).toEqual({ $object: "m.C", args: [7], state: { a: 1 } });
  });
  it("a class named like an exception built with NEWOBJ stays an object with its state", () => {
    const v = load(P4, sbu("lab"), sbu("MeasurementError"), OP.STACK_GLOBAL, ")", OP.NEWOBJ, "}", sbu("rtt"), "K", 3, "s", "b", STOP);
    expect(toView(v)).toEqual({ $object: "lab.MeasurementError", state: { rtt: 3 } });
  });
  it("NEWOBJ_EX keeps keyword arguments", () => {
    const v = load(P4, sbu("m"), sbu("C"), OP.STACK_GLOBAL, ")", "}", sbu("k"), "K", 2, "s", OP.NEWOBJ_EX, STOP) as PyObject;
    expect([...v.kwargs!]).toEqual([["k", 2]]);
  });
  it("INST and OBJ (old protocol 0/1 instance opcodes)", () => {
    const inst = load("(I1\nimymod\nKlass\n.") as PyObject;
    expect(inst.callable).toEqual(new PyGlobal("mymod", "Klass"));
    expect(inst.args).toEqual([1]);
    const obj = load("(cmymod\nKlass\nI2\no.") as PyObject;
    expect(obj.args).toEqual([2]);
  });
  it("known types: set, frozenset, bytearray, bytes via _codecs.encode, complex, Decimal, UUID, OrderedDict, exceptions, Success", () => {
    const red = (mod: string, name: string, ...args: Parameters<typeof bytes>) => load(P4, sbu(mod), sbu(name), OP.STACK_GLOBAL, "(", ...args, "t", "R", STOP);
    expect([...(red("builtins", "set", "]", "(", "K", 1, "K", 2, "e") as PySet)]).toEqual([1, 2]);
    expect((red("builtins", "frozenset", "]") as PySet).frozen).toBe(true);
    expect((red("builtins", "bytearray", "C", 2, 1, 2) as PyByteArray).bytes).toEqual(Uint8Array.of(1, 2));
    expect(red("_codecs", "encode", sbu("\u00ff\u0001"), sbu("latin1"))).toEqual(Uint8Array.of(0xff, 1));
    expect(red("builtins", "complex", "G", 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, "K", 2)).toEqual(new PyComplex(1.5, 2));
    expect(toView(red("decimal", "Decimal", sbu("1.50")))).toEqual({ $decimal: "1.50" });
    expect(toView(red("builtins", "OSError", "K", 13, sbu("denied")))).toEqual({ $exception: "builtins.PermissionError", args: [13, "denied"] });
    expect(red("netlab", "ProbeError", sbu("x"))).toEqual(new PyException("netlab.ProbeError", ["x"]));
    const od = red("collections", "OrderedDict", "]", "(", sbu("z"), "K", 1, OP.TUPLE2, "e") as PyDict;
    expect(od.className).toBe("collections.OrderedDict");
    expect([...od]).toEqual([["z", 1]]);
    const uuid = load(P4, sbu("uuid"), sbu("UUID"), OP.STACK_GLOBAL, ")", OP.NEWOBJ, OP.MEMOIZE, "}", sbu("int"), "K", 255, "s", "b", "h", 0, OP.TUPLE2, STOP) as PyTuple;
    expect(uuid.items[0]).toEqual(new PyUUID("00000000-0000-0000-0000-0000000000ff"));
    expect(uuid.items[1]).toBe(uuid.items[0]); // the memo sees the rebuilt value
    const ok = load(P4, sbu("returns.result"), sbu("Success"), OP.STACK_GLOBAL, ")", OP.NEWOBJ, "}", sbu("container_value"), "N", "s", "b", STOP);
    expect(ok).toEqual(new PyResult(true, null));
  });
  it("datetime types from their state bytes, with a timezone", () => {
    const dt = load(P4, sbu("datetime"), sbu("datetime"), OP.STACK_GLOBAL, "C", 10, 0x07, 0xe8, 1, 2, 3, 4, 5, 0, 0, 7,
      sbu("datetime"), sbu("timezone"), OP.STACK_GLOBAL, sbu("datetime"), sbu("timedelta"), OP.STACK_GLOBAL,
      "J", u32(0xffffffff), "J", u32(86400 - 19800), "K", 0, OP.TUPLE3, "R", OP.TUPLE1, "R", OP.TUPLE2, "R", STOP);
    expect(toView(dt)).toEqual({ $datetime: "2024-01-02T03:04:05.000007-05:30" });
    const t = load(P4, sbu("datetime"), sbu("time"), OP.STACK_GLOBAL, "C", 6, 23, 0, 1, 0, 0, 0, OP.TUPLE1, "R", STOP);
    expect(toView(t)).toEqual({ $time: "23:00:01" });
  });
  it("cloudpickle skeleton classes are named from their recorded state", () => {
    const cls = [sbu("cloudpickle.cloudpickle"), sbu("_make_skeleton_class"), OP.STACK_GLOBAL,
      "(", sbu("builtins"), sbu("type"), OP.STACK_GLOBAL, sbu("Reading"), sbu("builtins"), sbu("object"), OP.STACK_GLOBAL, OP.TUPLE1, "}", sbu("id"), "N", "t", "R", OP.MEMOIZE,
      sbu("cloudpickle.cloudpickle"), sbu("_class_setstate"), OP.STACK_GLOBAL, "h", 0, "}", sbu("__module__"), sbu("__main__"), "s", "}", OP.TUPLE2, OP.TUPLE2, "R", "0"].flat();
    const v = load(P4, ...cls, ")", OP.NEWOBJ, "}", sbu("x"), "K", 1, "s", "b", STOP);
    expect(toView(v)).toEqual({ $object: "__main__.Reading", state: { x: 1 } });
  });
  it("an exception class pickled by value is recognised from its bases", () => {
    const v = load(P4, sbu("cloudpickle.cloudpickle"), sbu("_make_skeleton_class"), OP.STACK_GLOBAL,
      "(", sbu("builtins"), sbu("type"), OP.STACK_GLOBAL, sbu("Boom"), sbu("builtins"), sbu("RuntimeError"), OP.STACK_GLOBAL, OP.TUPLE1, "}", sbu("id"), "N", "t", "R",
      sbu("x"), OP.TUPLE1, "R", STOP);
    expect(toView(v)).toEqual({ $exception: "__main__.Boom", args: ["x"] });
  });
  it("PROTO and FRAME", () => {
    expect(load(P4, OP.FRAME, u64(2), "K", 1, STOP)).toBe(1);
    expect(failure(() => load(0x80, 9, "N", STOP)).message).toMatch(/protocol 9/);
  });
});

describe("dispatch table", () => {
  it.each(Object.entries(OP))("%s (0x%s) has a handler", (_name, code) => {
    // with nothing on the stack most opcodes fail, but never as an unknown opcode
    try {
      unpickle(bytes(0x80, 5, code, "."));
    } catch (err) {
      expect(err).toBeInstanceOf(PickleError);
      expect((err as PickleError).message).not.toMatch(/unknown opcode/);
    }
  });
  it("bytes that are no opcode are refused by name", () => {
    for (const code of [0x00, 0x20, 0x99, 0xff]) {
      expect(failure(() => unpickle(bytes(0x80, 5, code, "."))).message).toMatch(/unknown opcode/);
    }
  });
});

describe("refused opcodes", () => {
  it.each([
    ["PERSID", bytes("Pkey\n.")],
    ["BINPERSID", bytes(P4, "N", "Q", STOP)],
    ["NEXT_BUFFER", bytes(0x80, 5, OP.NEXT_BUFFER, STOP)],
    ["READONLY_BUFFER", bytes(0x80, 5, "N", OP.READONLY_BUFFER, STOP)],
    ["EXT1", bytes(0x80, 2, OP.EXT1, 1, STOP)],
    ["EXT2", bytes(0x80, 2, OP.EXT2, 1, 0, STOP)],
    ["EXT4", bytes(0x80, 2, OP.EXT4, ...u32(1), STOP)],
  ])("%s is refused with a PickleError naming it", (name, pickle) => {
    const err = failure(() => unpickle(pickle));
    expect(err.opcode).toBe(name);
    expect(err.message).toMatch(/not supported/);
    expect(err.offset).toBeGreaterThanOrEqual(0);
  });
});
