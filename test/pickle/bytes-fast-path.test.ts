/**
 * Bytes in protocols 0-2 are pickled as `_codecs.encode(text, "latin1")`; when the ops after the
 * text are exactly that call, the decoder reads the text's bytes straight into the Uint8Array
 * (src/pickle/read-bytes.ts) and makes the memoized text and argument tuple only when a GET reads
 * them. Property: every such pickle decodes exactly as the same pickle with a MARK + POP_MARK
 * after the text (no value, no memo entry: the general path, same ops otherwise), or both are
 * refused with the same message; limits included. Texts: latin-1, past it, surrogates, invalid
 * UTF-8, hostile escapes; memo: the text, the encoding and the tuple stored and read back, the
 * encoding read from a slot holding another string or the text itself.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PickleError } from "../../src/errors.js";
import { unpickle } from "../../src/pickle/read.js";
import type { PickleLimits } from "../../src/pickle/limits.js";
import { PyTuple } from "../../src/pickle/value.js";

type Form = "tuple2" | "mark-binunicode" | "mark-unicode";
type MemoOp = { op: "none" | "memoize" } | { op: "binput" | "longbinput" | "put"; i: number };
type Encoding = { op: "short" | "bin" | "unicode"; name: string } | { op: "binget" | "longbinget" | "get"; i: number } | { op: "get-text" };
interface Call {
  form: Form;
  /** The text's payload: UTF-8 (surrogatepass) for BINUNICODE, raw-unicode-escape for UNICODE. */
  payload: Uint8Array;
  puts: [MemoOp, MemoOp, MemoOp];
  encoding: Encoding;
}

/** Memo slots 0-3 hold these strings and 4-7 ints before the calls. */
const SLOT_STRINGS = ["latin1", "latin-1", "utf8", "LATIN1"];
const SPARSE = 300;
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];

/** Python's utf-8 with surrogatepass (how pickle writes str) of code points. */
function utf8(points: number[]): number[] {
  const out: number[] = [];
  for (const c of points) {
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

/** Protocol 0's UNICODE payload of code points, as pickle writes it (raw-unicode-escape plus its own escapes). */
function rawUnicodeEscape(points: number[]): number[] {
  const hex = (c: number, n: number): number[] => ascii(c.toString(16).padStart(n, "0"));
  return points.flatMap((c) =>
    c > 0xffff ? [0x5c, 0x55, ...hex(c, 8)] : c > 0xff || [0x5c, 0x0a, 0x0d, 0x00, 0x1a].includes(c) ? [0x5c, 0x75, ...hex(c, 4)] : [c],
  );
}

function memoOp(m: MemoOp): number[] {
  switch (m.op) {
    case "none": return [];
    case "memoize": return [0x94];
    case "binput": return [0x71, m.i];
    case "longbinput": return [0x72, ...le32(m.i)];
    case "put": return [0x70, ...ascii(`${m.i}\n`)];
  }
}

/** The memo index `m` stores at when `length` entries are dense (put() appends only at the end). */
function memoIndex(m: MemoOp, length: number): number | undefined {
  return "i" in m ? m.i : m.op === "memoize" ? length : undefined;
}

function encodingOp(e: Encoding, textSlot: number | undefined): number[] {
  switch (e.op) {
    case "short": return [0x8c, e.name.length, ...ascii(e.name)];
    case "bin": return [0x58, ...le32(e.name.length), ...ascii(e.name)];
    case "unicode": return [0x56, ...ascii(`${e.name}\n`)];
    case "binget": return [0x68, e.i];
    case "longbinget": return [0x6a, ...le32(e.i)];
    case "get": return [0x67, ...ascii(`${e.i}\n`)];
    case "get-text": return [0x68, textSlot ?? 0];
  }
}

/**
 * A protocol-2 pickle of a list: memo slots 0-7 filled, then each call, then a GET of every slot
 * a call stored. `general`: a MARK + POP_MARK after each text's memo op (the general path).
 */
function build(calls: Call[], general: boolean): Uint8Array {
  const out = [0x80, 2, 0x28];
  SLOT_STRINGS.forEach((s, i) => out.push(0x8c, s.length, ...ascii(s), 0x71, i, 0x30));
  for (let i = 4; i < 8; i++) out.push(0x4b, i, 0x71, i, 0x30);
  let length = 8;
  const stored = new Set<number>();
  const store = (m: MemoOp): number | undefined => {
    const i = memoIndex(m, length);
    if (i !== undefined) (stored.add(i), i === length && length++);
    return i;
  };
  for (const c of calls) {
    out.push(...ascii("c_codecs\nencode\n"));
    if (c.form !== "tuple2") out.push(0x28);
    if (c.form === "mark-unicode") out.push(0x56, ...c.payload, 0x0a);
    else out.push(0x58, ...le32(c.payload.length), ...c.payload);
    out.push(...memoOp(c.puts[0]));
    const textSlot = store(c.puts[0]);
    if (general) out.push(0x28, 0x31);
    out.push(...encodingOp(c.encoding, textSlot), ...memoOp(c.puts[1]));
    store(c.puts[1]);
    out.push(c.form === "tuple2" ? 0x86 : 0x74, ...memoOp(c.puts[2]));
    store(c.puts[2]);
    out.push(0x52);
  }
  for (const i of stored) out.push(0x6a, ...le32(i));
  return new Uint8Array([...out, 0x6c, 0x2e]);
}

/** What unpickle gives: the value, or the refusal without its offset (the general pickle is 2 bytes longer per call). */
function outcome(p: Uint8Array, limits?: Partial<PickleLimits>): unknown {
  try {
    return { value: unpickle(p, limits) };
  } catch (err) {
    expect(err).toBeInstanceOf(PickleError);
    return { refused: (err as Error).message.replace(/ at offset \d+/, "") };
  }
}

/** Every Uint8Array in the value owns its whole buffer, and no two share one. */
function expectOwnBuffers(v: unknown): void {
  if (!Array.isArray(v)) return;
  const buffers = v.filter((x): x is Uint8Array => x instanceof Uint8Array).map((b) => b.buffer);
  for (const b of v.filter((x): x is Uint8Array => x instanceof Uint8Array)) expect([b.byteOffset, b.buffer.byteLength]).toEqual([0, b.length]);
  expect(new Set(buffers).size).toBe(buffers.length);
}

const latin1Point = fc.integer({ min: 0, max: 0xff });
const point = fc.oneof(
  { weight: 8, arbitrary: latin1Point },
  { weight: 1, arbitrary: fc.constantFrom(0x100, 0x20ac, 0xfeff, 0xd800, 0xdfff, 0x10000, 0x1f600, 0x10ffff) },
  { weight: 1, arbitrary: fc.integer({ min: 0x100, max: 0x10ffff }) },
);
/** Payload bytes the hostile way: anything (no newline for UNICODE), with escapes and backslash runs spliced in. */
const hostileBytes = (unicode: boolean): fc.Arbitrary<number[]> =>
  fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xff }).map((b) => [unicode && b === 0x0a ? 0x0b : b]),
      fc.constantFrom("\\u00ff", "\\u0100", "\\U000000e9", "\\U00110000", "\\u12", "\\uzzzz", "\\\\u0041", "\\\\\\u005c", "\\", "\\U0000004").map(ascii),
      fc.constantFrom([0xc2, 0x80], [0xc3, 0xbf], [0xc3], [0xc1, 0xbf], [0xc4, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xe2, 0x82, 0xac]),
    ),
    { maxLength: 40 },
  ).map((parts) => parts.flat());

const form = fc.constantFrom<Form>("tuple2", "mark-binunicode", "mark-unicode");
const slot = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(SPARSE));
const memoOpArb: fc.Arbitrary<MemoOp> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<MemoOp>({ op: "none" }) },
  { weight: 2, arbitrary: fc.constant<MemoOp>({ op: "memoize" }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom("binput" as const, "longbinput" as const, "put" as const), i: slot }) },
);
const encodingArb: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom("short" as const, "bin" as const, "unicode" as const), name: fc.constantFrom("latin1", "latin1", "Latin1", "latin-1", "ascii", "utf8", "latin") }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom("binget" as const, "longbinget" as const, "get" as const), i: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 1, arbitrary: fc.constant<Encoding>({ op: "get-text" }) },
);
const call: fc.Arbitrary<Call> = form.chain((f) =>
  fc.record({
    form: fc.constant(f),
    payload: fc
      .oneof({ weight: 3, arbitrary: fc.array(point, { maxLength: 80 }).map((p) => (f === "mark-unicode" ? rawUnicodeEscape(p) : utf8(p))) }, { weight: 1, arbitrary: hostileBytes(f === "mark-unicode") })
      .map((b) => Uint8Array.from(b)),
    puts: fc.tuple(memoOpArb, memoOpArb, memoOpArb),
    encoding: encodingArb,
  }),
);

describe("bytes as _codecs.encode(text, 'latin1') read in one step", () => {
  it("decodes exactly as the general path, or is refused the same way", () => {
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 3 }), (calls) => {
        const fast = outcome(build(calls, false));
        expect(fast).toStrictEqual(outcome(build(calls, true)));
        if (fast && typeof fast === "object" && "value" in fast) expectOwnBuffers(fast.value);
      }),
      { numRuns: 3000 },
    );
  });

  it("hits the same limits (maxObjects, maxMemo) as the general path", () => {
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 2 }), fc.integer({ min: 8, max: 40 }), fc.integer({ min: 5, max: 12 }), (calls, maxObjects, maxMemo) => {
        expect(outcome(build(calls, false), { maxObjects, maxMemo })).toStrictEqual(outcome(build(calls, true), { maxObjects, maxMemo }));
      }),
      { numRuns: 1500 },
    );
  });

  it.each([
    ["two MARKs after the callable (REDUCE would pop past the last one)", "c_codecs\nencode\n((X\x01\x00\x00\x00aX\x06\x00\x00\x00latin1tR", /stack underflow .* \(REDUCE\)$/],
    ["TUPLE2 right after a MARK", "(c_codecs\nencode\n(X\x01\x00\x00\x00a\x86R", /stack underflow .* \(TUPLE2\)$/],
  ])("%s: refused as by the general path", (_, body, refusal) => {
    const p = Uint8Array.from(`\x80\x02${body}.`, (c) => c.charCodeAt(0));
    expect(() => unpickle(p)).toThrow(refusal);
  });

  it.each<[Form, number[]]>([
    ["tuple2", utf8([0x61, 0xe9, 0xff, 0x5c, 0x0a])],
    ["mark-binunicode", utf8([0xff, 0x00])],
    ["mark-unicode", rawUnicodeEscape([0x61, 0x5c, 0x0a, 0xe9, 0x00])],
  ])("%s: the memoized text and tuple read back as str and PyTuple, the tuple the same object each time", (f, payload) => {
    const c: Call = { form: f, payload: Uint8Array.from(payload), puts: [{ op: "binput", i: 20 }, { op: "none" }, { op: "binput", i: 21 }], encoding: { op: "binget", i: 0 } };
    const built = build([c, c], false);
    // the list ends with GETs of slots 20 and 21; one more GET of the tuple's slot 21
    const p = new Uint8Array([...built.subarray(0, -2), 0x6a, ...le32(21), 0x6c, 0x2e]);
    for (const q of [p, new Uint8Array([...build([c, c], true).subarray(0, -2), 0x6a, ...le32(21), 0x6c, 0x2e])]) {
      const [first, second, text, tuple, again] = unpickle(q) as unknown[];
      expect(first).toBeInstanceOf(Uint8Array);
      expect(second).toStrictEqual(first);
      expect(second).not.toBe(first);
      expect(typeof text).toBe("string");
      expect(Uint8Array.from(text as string, (ch) => ch.charCodeAt(0))).toStrictEqual(first);
      expect(tuple).toStrictEqual(new PyTuple([text as string, "latin1"]));
      expect(again).toBe(tuple);
    }
  });
});
