/**
 * The decoder's exactly sized lists (src/pickle/read-lists.ts): a list filled right after its
 * EMPTY_LIST (one MARK ... APPENDS, or one APPEND) is replaced, in the stack and its memo slot, by a
 * copy of its items, unless something else may hold it (a GET or DUP of it, a second memo slot).
 * Property: every pickle of nested lists with shared and recursive references, list-like records,
 * sets, DUP'd and BUILT lists decodes to the same graph (same sharing, same cycles) as the same
 * pickle with a DUP POP after each EMPTY_LIST, which keeps every list on the general path.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/read.js";
import { PyObject, PySet, PyTuple, type PyValue } from "../../src/pickle/value.js";
import { bytes, sbu } from "./helpers.js";

type Fill = "appends" | "append" | "split";
type Item =
  | { kind: "int"; v: number }
  | { kind: "str"; v: string }
  /** A GET (BINGET, or protocol 0's text GET) of one of the lists memoized so far (ancestors being filled included), by position mod their count. */
  | { kind: "ref"; back: number; text: boolean }
  | {
      kind: "list"; items: Item[]; fill: Fill;
      /** Memo ops before the fill (MEMOIZE, BINPUT, two BINPUTs, a text PUT), or one BINPUT after it. */
      memo: "none" | "memoize" | "binput" | "twice" | "text" | "after";
      /** dup: DUP before the fill, the item is then the tuple (l, l); build: EMPTY_DICT BUILD before the fill (BUILD gives the list back). */
      wrap: "none" | "dup" | "build";
    }
  /** A list-like record (NEWOBJ of a class) filled through its listItems. */
  | { kind: "record"; items: Item[]; fill: Fill }
  /** A set filled by ADDITEMS. */
  | { kind: "set"; items: Item[] };

const fill = fc.constantFrom<Fill>("appends", "append", "split");
const item: fc.Arbitrary<Item> = fc.letrec<{ item: Item }>((tie) => ({
  item: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ kind: fc.constant("int" as const), v: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant("str" as const), v: fc.string({ maxLength: 4 }) }),
    fc.record({ kind: fc.constant("ref" as const), back: fc.nat(50), text: fc.boolean() }),
    fc.record({
      kind: fc.constant("list" as const),
      items: fc.array(tie("item"), { maxLength: 5 }),
      fill,
      memo: fc.constantFrom("none" as const, "memoize" as const, "binput" as const, "twice" as const, "text" as const, "after" as const),
      wrap: fc.constantFrom("none" as const, "none" as const, "dup" as const, "build" as const),
    }),
    fc.record({ kind: fc.constant("record" as const), items: fc.array(tie("item"), { maxLength: 4 }), fill }),
    fc.record({ kind: fc.constant("set" as const), items: fc.array(tie("item"), { maxLength: 3 }) }),
  ),
})).item;

const textIndex = (i: number): number[] => [...`${i}\n`].map((c) => c.charCodeAt(0));

/** Protocol-4 bytes of a root list of `items`; `general` adds DUP POP after every EMPTY_LIST. */
function assemble(items: Item[], general: boolean): Uint8Array {
  const out: number[] = [];
  const memoized: number[] = [];
  let next = 0;
  const fillWith = (f: Fill, xs: Item[], end: number): void => {
    if (f === "append") for (const x of xs) emit(x), out.push(end === 0x65 ? 0x61 : end);
    else if (f === "appends") out.push(0x28), xs.forEach(emit), out.push(end);
    else {
      const half = xs.length >> 1;
      out.push(0x28), xs.slice(0, half).forEach(emit), out.push(end);
      out.push(0x28), xs.slice(half).forEach(emit), out.push(end);
    }
  };
  const emit = (x: Item): void => {
    if (x.kind === "int") out.push(0x4b, x.v);
    else if (x.kind === "str") out.push(...sbu(x.v));
    else if (x.kind === "ref") {
      const i = memoized[x.back % memoized.length];
      out.push(...(i === undefined ? [0x4e] : x.text ? [0x67, ...textIndex(i)] : [0x68, i]));
    } else if (x.kind === "record") {
      out.push(0x8c, 1, 0x6d, 0x8c, 1, 0x43, 0x93, 0x29, 0x81);
      fillWith(x.fill, x.items, 0x65);
    } else if (x.kind === "set") {
      out.push(0x8f);
      fillWith("appends", x.items, 0x90);
    } else {
      out.push(0x5d);
      if (general) out.push(0x32, 0x30);
      if (x.memo === "memoize") memoized.push(next++), out.push(0x94);
      if (x.memo === "binput" || x.memo === "twice") memoized.push(next), out.push(0x71, next++);
      if (x.memo === "twice") memoized.push(next), out.push(0x71, next++);
      if (x.memo === "text") memoized.push(next), out.push(0x70, ...textIndex(next++));
      if (x.wrap === "dup") out.push(0x32);
      if (x.wrap === "build") out.push(0x7d, 0x62);
      fillWith(x.fill, x.items, 0x65);
      if (x.memo === "after") memoized.push(next), out.push(0x71, next++);
      if (x.wrap === "dup") out.push(0x86);
    }
  };
  emit({ kind: "list", items, fill: "appends", memo: "memoize", wrap: "none" });
  return bytes(0x80, 4, out, 0x2e);
}

/** The value as text, each list numbered at its first visit and named by number after it (sharing and cycles show). */
function graph(v: PyValue): string {
  const seen = new Map<PyValue[], number>();
  const walk = (x: PyValue): string => {
    if (x instanceof PyTuple) return `(${x.items.map(walk).join(",")})`;
    if (x instanceof PySet) return `{${[...x].map(walk).join(",")}}`;
    if (x instanceof PyObject) return `R${x.listItems ? walk(x.listItems) : "-"}`;
    if (!Array.isArray(x)) return JSON.stringify(x);
    const id = seen.get(x);
    if (id !== undefined) return `@${id}`;
    seen.set(x, seen.size);
    return `#${seen.size - 1}[${x.map(walk).join(",")}]`;
  };
  return walk(v);
}

describe("exactly sized lists", () => {
  it("decode to the same graph as the general path (shared, recursive, DUP'd and BUILT lists, records, sets)", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        expect(graph(unpickle(assemble(items, false)))).toBe(graph(unpickle(assemble(items, true))));
      }),
      { numRuns: 2000 },
    );
  });

  it("are taken for lists filled by one MARK ... APPENDS or by their first APPEND (the fast path is not lost)", () => {
    // [[1, 2], [3], [4, 5]]: the inner lists by APPENDS, APPEND, APPEND then APPEND; no LIST or TUPLE here, so
    // every splice is an exact copy of APPENDS' items, and a push on a result list is an APPEND in place
    // hand-made counters (a vitest spy on push records its calls with push itself)
    const { push, splice } = Array.prototype;
    const pushedTo = new Map<unknown, number>();
    let splices = 0;
    Array.prototype.push = function (this: unknown[], ...xs: unknown[]) {
      pushedTo.set(this, (pushedTo.get(this) ?? 0) + 1);
      return Reflect.apply(push, this, xs) as number;
    };
    Array.prototype.splice = function (this: unknown[], ...args: unknown[]) {
      splices++;
      return Reflect.apply(splice, this, args) as unknown[];
    } as typeof splice;
    let out: PyValue[][];
    try {
      const ops = [0x5d, 0x94, 0x28, 0x5d, 0x94, 0x28, 0x4b, 1, 0x4b, 2, 0x65, 0x5d, 0x94, 0x4b, 3, 0x61, 0x5d, 0x94, 0x4b, 4, 0x61, 0x4b, 5, 0x61, 0x65];
      out = unpickle(bytes(0x80, 4, ops, 0x2e)) as PyValue[][];
    } finally {
      Object.assign(Array.prototype, { push, splice });
    }
    expect(out).toEqual([[1, 2], [3], [4, 5]]);
    expect(splices).toBe(2);
    // [3] got no push; [4, 5] only the one for 5 (its first APPEND made [4])
    expect(pushedTo.get(out[1])).toBeUndefined();
    expect(pushedTo.get(out[2])).toBe(1);
  });

  it("keep a list that holds itself, and one fetched from the memo while it is filled", () => {
    // l = [l]: EMPTY_LIST MEMOIZE MARK BINGET 0 APPENDS
    const self = unpickle(bytes(0x80, 4, 0x5d, 0x94, 0x28, 0x68, 0, 0x65, 0x2e)) as PyValue[];
    expect(self[0]).toBe(self);
    // the same with one APPEND
    const one = unpickle(bytes(0x80, 4, 0x5d, 0x94, 0x68, 0, 0x61, 0x2e)) as PyValue[];
    expect(one[0]).toBe(one);
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

  it("keeps one list through APPEND after APPEND (the first makes it [x], the next ones push in place)", () => {
    // a = [1, 2, 3] by three APPENDs, memoized before; then [a, a] through BINGET
    const a = [0x5d, 0x71, 1, 0x4b, 1, 0x61, 0x4b, 2, 0x61, 0x4b, 3, 0x61];
    const out = unpickle(bytes(0x80, 2, 0x5d, 0x28, a, 0x68, 1, 0x65, 0x2e)) as PyValue[][];
    expect(out).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(out[0]).toBe(out[1]);
    // the one list both in slot 1 and in slot 2 (a second PUT: it keeps its identity)
    const two = unpickle(bytes(0x80, 2, 0x5d, 0x28, 0x5d, 0x71, 1, 0x71, 2, 0x4b, 1, 0x61, 0x68, 1, 0x68, 2, 0x65, 0x2e)) as PyValue[][];
    expect(two).toEqual([[1], [1], [1]]);
    expect(two[0]).toBe(two[1]);
    expect(two[0]).toBe(two[2]);
  });
});
