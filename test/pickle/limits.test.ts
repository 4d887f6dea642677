/** Hostile input: every limit trips with a PickleError naming the offset and opcode, quickly. */
import { describe, expect, it } from "vitest";
import { PickleError } from "../../src/errors.js";
import { DEFAULT_PICKLE_LIMITS } from "../../src/pickle/limits.js";
import { OP } from "../../src/pickle/opcodes.js";
import { unpickle } from "../../src/pickle/read.js";
import { toView } from "../../src/pickle/view.js";
import type { PyValue } from "../../src/pickle/value.js";
import { bytes, failure, fromBase64, pickleEntries, u32, u64 } from "./helpers.js";


/** [[[...]]] nested `depth` deep with constant stack, through the memo: ] MEMOIZE APPEND POP LONG_BINGET i. */
function deepListViaMemo(depth: number): Uint8Array {
  const out = new Uint8Array(4 + depth * 9 + 4);
  out.set([0x80, 4, 0x5d, 0x94]);
  let p = 4;
  for (let i = 1; i <= depth; i++, p += 9) out.set([0x5d, 0x94, 0x61, 0x30, 0x6a, ...u32(i)], p);
  out.set([0x30, 0x68, 0, 0x2e], p);
  return out;
}

/** Level i is a list holding `fanout` references to level i-1: 2 KB of pickle, fanout^levels values when shown. */
function billionLaughs(levels: number, fanout: number): Uint8Array {
  const p = [0x80, 4, 0x8c, 3, 0x6c, 0x6f, 0x6c, 0x94];
  for (let l = 1; l <= levels; l++) {
    p.push(0x28);
    for (let i = 0; i < fanout; i++) p.push(0x68, l - 1);
    p.push(0x6c, 0x94);
  }
  p.push(0x2e);
  return Uint8Array.from(p);
}

// Hostile inputs must fail fast; a generous per-test timeout (not a timed assert) guards hangs.
const HANG_GUARD_MS = 10_000;

describe("limits", () => {
  it("has safe defaults", () => {
    expect(DEFAULT_PICKLE_LIMITS).toMatchObject({ maxDepth: 1000, maxBigIntDigits: 10_000 });
    expect(DEFAULT_PICKLE_LIMITS.maxInputBytes).toBeLessThanOrEqual(256 * 1024 * 1024);
  });

  it("maxInputBytes refuses before decoding", () => {
    const err = failure(() => unpickle(bytes(0x80, 4, "N."), { maxInputBytes: 3 }));
    expect(err.message).toMatch(/maxInputBytes/);
    expect(err.offset).toBe(0);
  });

  it("deep MARK nesting trips maxDepth", () => {
    const bomb = new Uint8Array(200_002).fill(0x28);
    bomb.set([0x80, 2]);
    const err = failure(() => unpickle(bomb));
    expect(err.message).toMatch(/maxDepth/);
    expect(err.opcode).toBe("MARK");
    expect(err.offset).toBe(1002);
  });

  it("deeply nested lists built through the memo decode, and the view refuses past maxDepth", () => {
    const value = unpickle(deepListViaMemo(200_000));
    expect(Array.isArray(value)).toBe(true);
    expect(failure(() => toView(value)).message).toMatch(/maxDepth/);
    expect(toView(unpickle(deepListViaMemo(500)))).toBeTruthy();
  });

  it("a memo 'billion laughs' decodes to shared references and the view stops at maxNodes", () => {
    const pickle = billionLaughs(30, 10);
    expect(pickle.length).toBeLessThan(1000);
    const value = unpickle(pickle) as PyValue[];
    expect(value[0]).toBe(value[9]);
    expect(failure(() => toView(value)).message).toMatch(/maxNodes/);
    expect(failure(() => toView(value, { maxNodes: 1000 })).message).toMatch(/1000/);
    // a small one is shown in full, shared references repeated
    expect(JSON.stringify(toView(unpickle(billionLaughs(3, 2))))).toBe(JSON.stringify([[["lol", "lol"], ["lol", "lol"]], [["lol", "lol"], ["lol", "lol"]]]));
  }, HANG_GUARD_MS);

  it("self-referencing levels of a memo bomb are still shown in bounded time", () => {
    // level i = [level i-1 (x10), level i itself]: every level has its own cycle
    const p = [0x80, 4, 0x8c, 3, 0x6c, 0x6f, 0x6c, 0x94];
    for (let l = 1; l <= 30; l++) {
      p.push(0x5d, 0x94, 0x28);
      for (let i = 0; i < 10; i++) p.push(0x68, l - 1);
      p.push(0x68, l, 0x65);
    }
    p.push(0x2e);
    const top = unpickle(Uint8Array.from(p)) as PyValue[];
    expect(top[10]).toBe(top);
    expect(failure(() => toView(top)).message).toMatch(/maxNodes/);
  }, HANG_GUARD_MS);

  it("maxObjects counts every value pushed", () => {
    const many = bytes(0x80, 4, "]", "(", ...Array.from({ length: 100 }, () => 0x4e), "e", ".");
    expect(failure(() => unpickle(many, { maxObjects: 50 })).message).toMatch(/maxObjects/);
    expect((unpickle(many, { maxObjects: 200 }) as unknown[]).length).toBe(100);
  });

  it("maxMemo refuses huge memo indexes", () => {
    const err = failure(() => unpickle(bytes(0x80, 4, "N", "r", u32(0x7fffffff), ".")));
    expect(err.message).toMatch(/maxMemo/);
    expect(err.opcode).toBe("LONG_BINPUT");
  });

  it("giant big ints trip maxBigIntDigits before conversion", () => {
    const long4 = new Uint8Array(3 + 4 + 1_000_000 + 1);
    long4.set([0x80, 2, OP.LONG4, ...u32(1_000_000)]);
    long4[long4.length - 1] = 0x2e;
    expect(failure(() => unpickle(long4)).message).toMatch(/maxBigIntDigits/);
    const text = bytes("L", "9".repeat(100_000), "L\n.");
    expect(failure(() => unpickle(text)).opcode).toBe("LONG");
    expect(failure(() => unpickle(bytes("I", "1".repeat(20_000), "\n."))).opcode).toBe("INT");
    // within the limit: 255 bytes of LONG1 is fine
    expect(typeof unpickle(bytes(0x80, 2, OP.LONG1, 255, new Uint8Array(255).fill(0x11), "."))).toBe("bigint");
  }, HANG_GUARD_MS);

  it.each([
    ["BINUNICODE", bytes(0x80, 2, "X", u32(0x7fffffff), "A.")],
    ["BINBYTES", bytes(0x80, 3, "B", u32(0xffffffff), ".")],
    ["BINBYTES8", bytes(0x80, 4, OP.BINBYTES8, u64(2 ** 40), ".")],
    ["BINUNICODE8", bytes(0x80, 4, OP.BINUNICODE8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ".")],
    ["BYTEARRAY8", bytes(0x80, 5, OP.BYTEARRAY8, u64(2 ** 33), ".")],
    ["BINSTRING", bytes(0x80, 2, "T", u32(0xfffffff0), ".")],
    ["LONG4", bytes(0x80, 2, OP.LONG4, u32(1000), 1, ".")],
    ["FRAME", bytes(0x80, 4, OP.FRAME, u64(1_000_000), "N.")],
  ])("oversized length prefix in %s fails at once", (name, pickle) => {
    const err = failure(() => unpickle(pickle));
    expect(err.opcode).toBe(name);
    expect(err.offset).toBe(2);
  });

  it("every truncation of a real pickle fails with a PickleError", () => {
    const entry = pickleEntries().find(([, e]) => e.name === "datetimes" && e.protocol === 5)!;
    const full = fromBase64(entry[1].pickle_b64);
    for (let n = 0; n < full.length; n++) {
      const err = failure(() => unpickle(full.subarray(0, n)));
      expect(err.offset).toBeLessThanOrEqual(n);
    }
  });

  it.each([
    ["unknown opcode", bytes(0x80, 4, 0xff, "."), /unknown opcode byte 0xff/],
    ["missing STOP", bytes(0x80, 4, "N"), /ended before STOP/],
    ["stack underflow", bytes(0x80, 4, "a."), /underflow/],
    ["APPEND to a non-list", bytes(0x80, 4, "N", "N", "a."), /not a list/],
    ["SETITEMS outside a MARK", bytes(0x80, 4, "}", "u."), /no MARK/],
    ["STACK_GLOBAL of non-strings", bytes(0x80, 4, "K", 1, "K", 2, OP.STACK_GLOBAL, "."), /two strings/],
    ["invalid UTF-8", bytes(0x80, 4, OP.SHORT_BINUNICODE, 1, 0xff, "."), /UTF-8/],
    ["bad INT text", bytes("Iabc\n."), /not an integer/],
    ["FLOAT text naming an Object.prototype property", bytes("Fconstructor\n."), /not a float/],
  ])("%s is a PickleError", (_name, pickle, message) => {
    expect(failure(() => unpickle(pickle)).message).toMatch(message);
  });

  it("rejects non-Uint8Array input with a PickleError", () => {
    expect(failure(() => unpickle("abc" as unknown as Uint8Array)).offset).toBe(0);
  });
});
