/**
 * The decoder's exactly sized lists: a list filled right after its EMPTY_LIST (one MARK ...
 * APPENDS, or one APPEND) is replaced, in the stack and its memo slot, by a copy of its items,
 * unless something else may hold it (a GET or DUP of it). Property: every pickle of nested lists
 * with shared and recursive references decodes to the same graph (same sharing, same cycles) as
 * the same pickle with a DUP POP after each EMPTY_LIST, which keeps every list on the general path.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/read.js";
import type { PyTuple, PyValue } from "../../src/pickle/value.js";
import { bytes, sbu } from "./helpers.js";

type Item =
  | { kind: "int"; v: number }
  | { kind: "str"; v: string }
  /** A BINGET of one of the lists memoized so far (ancestors being filled included), by position mod their count. */
  | { kind: "ref"; back: number }
  | { kind: "list"; items: Item[]; fill: "appends" | "append" | "split"; memo: "none" | "memoize" | "binput" | "twice" };

const item: fc.Arbitrary<Item> = fc.letrec<{ item: Item }>((tie) => ({
  item: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ kind: fc.constant("int" as const), v: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant("str" as const), v: fc.string({ maxLength: 4 }) }),
    fc.record({ kind: fc.constant("ref" as const), back: fc.nat(50) }),
    fc.record({
      kind: fc.constant("list" as const),
      items: fc.array(tie("item"), { maxLength: 5 }),
      fill: fc.constantFrom("appends" as const, "append" as const, "split" as const),
      memo: fc.constantFrom("none" as const, "memoize" as const, "binput" as const, "twice" as const),
    }),
  ),
})).item;

/** Protocol-4 bytes of a root list of `items`; `general` adds DUP POP after every EMPTY_LIST. */
function assemble(items: Item[], general: boolean): Uint8Array {
  const out: number[] = [];
  const memoized: number[] = [];
  let next = 0;
  const emit = (x: Item): void => {
    if (x.kind === "int") out.push(0x4b, x.v);
    else if (x.kind === "str") out.push(...sbu(x.v));
    else if (x.kind === "ref") out.push(...(memoized.length ? [0x68, memoized[x.back % memoized.length]!] : [0x4e]));
    else {
      out.push(0x5d);
      if (x.memo === "memoize") memoized.push(next++), out.push(0x94);
      if (x.memo === "binput" || x.memo === "twice") memoized.push(next), out.push(0x71, next++);
      if (x.memo === "twice") memoized.push(next), out.push(0x71, next++);
      if (general) out.push(0x32, 0x30);
      if (x.fill === "append") {
        for (const i of x.items) emit(i), out.push(0x61);
      } else if (x.fill === "appends") {
        out.push(0x28), x.items.forEach(emit), out.push(0x65);
      } else {
        const half = x.items.length >> 1;
        out.push(0x28), x.items.slice(0, half).forEach(emit), out.push(0x65);
        out.push(0x28), x.items.slice(half).forEach(emit), out.push(0x65);
      }
    }
  };
  emit({ kind: "list", items, fill: "appends", memo: "memoize" });
  return bytes(0x80, 4, out, 0x2e);
}

/** The value as text, each list numbered at its first visit and named by number after it (sharing and cycles show). */
function graph(v: PyValue): string {
  const seen = new Map<PyValue[], number>();
  const walk = (x: PyValue): string => {
    if (!Array.isArray(x)) return JSON.stringify(x);
    const id = seen.get(x);
    if (id !== undefined) return `@${id}`;
    seen.set(x, seen.size);
    return `#${seen.size - 1}[${x.map(walk).join(",")}]`;
  };
  return walk(v);
}

describe("exactly sized lists", () => {
  it("decode to the same graph as the general path (shared and recursive lists included)", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        expect(graph(unpickle(assemble(items, false)))).toBe(graph(unpickle(assemble(items, true))));
      }),
      { numRuns: 2000 },
    );
  });

  it("keep a list that holds itself, and one fetched from the memo while it is filled", () => {
    // l = [l]: EMPTY_LIST MEMOIZE MARK BINGET 0 APPENDS
    const self = unpickle(bytes(0x80, 4, 0x5d, 0x94, 0x28, 0x68, 0, 0x65, 0x2e)) as PyValue[];
    expect(self[0]).toBe(self);
    // l = [[l], 7]: l is fetched into its first item before its own APPENDS
    const nested = unpickle(bytes(0x80, 4, 0x5d, 0x94, 0x28, 0x5d, 0x94, 0x68, 0, 0x61, 0x4b, 7, 0x65, 0x2e)) as PyValue[][];
    expect(nested[0]![0]).toBe(nested);
    expect(nested[1]).toBe(7);
  });

  it("keeps a list that DUP put twice on the stack", () => {
    // (l, l) with l = [1]: EMPTY_LIST DUP, then filled by APPENDS or APPEND, then TUPLE2
    for (const fill of [[0x28, 0x4b, 1, 0x65], [0x4b, 1, 0x61]]) {
      const pair = unpickle(bytes(0x80, 4, 0x5d, 0x32, fill, 0x86, 0x2e)) as PyTuple;
      expect(pair.items).toEqual([[1], [1]]);
      expect(pair.items[0]).toBe(pair.items[1]);
    }
  });

  it("updates the memo slot, unless a later PUT reused it", () => {
    // a = [1, 2]; [a, a] through BINGET after the fill
    const shared = unpickle(bytes(0x80, 4, 0x5d, 0x94, 0x28, 0x5d, 0x94, 0x28, 0x4b, 1, 0x4b, 2, 0x65, 0x68, 1, 0x65, 0x2e)) as PyValue[][];
    expect(shared).toEqual([[1, 2], [1, 2]]);
    expect(shared[0]).toBe(shared[1]);
    // slot 1 holds the list, then "x" is put into slot 1 during the fill: the GET sees "x"
    const reused = unpickle(bytes(0x80, 4, 0x5d, 0x94, 0x28, 0x5d, 0x71, 1, 0x28, sbu("x"), 0x71, 1, 0x65, 0x68, 1, 0x65, 0x2e));
    expect(reused).toEqual([["x"], "x"]);
  });
});
