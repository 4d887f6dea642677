/**
 * Protocol-0 argument lines read by hand: INT / LONG / PUT / GET lines of up to 30 plain digits
 * are parsed in one pass with no newline search (past 2^53 as a bigint from two 15-digit halves,
 * no string made); UNICODE finds its first backslash with a search shared by the strings before
 * it, and its \u escapes are read without a regex. Properties: each line gives what the general
 * parser (parseDecimalInt: trim, underscores, BigInt of the text) gives, or the same refusal,
 * under any maxBigIntDigits; UNICODE gives Python's raw-unicode-escape (a small model below) or
 * is refused, alone or between other lines.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PickleError } from "../../src/errors.js";
import { unpickle } from "../../src/pickle/read.js";
import { DecodeFailure, parseDecimalInt } from "../../src/pickle/read-text.js";

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

const outcome = (f: () => unknown): unknown => {
  try {
    return { value: f() };
  } catch (err) {
    if (err instanceof PickleError || err instanceof DecodeFailure) return { refused: err.message.replace(/^unpickle: /, "").replace(/ at offset.*/, "") };
    throw err;
  }
};

/** Integer line text: signs, leading zeros, 0-40 digits, and now and then what only the general parser accepts or refuses. */
const intText = fc
  .tuple(
    fc.constantFrom("", "", "-", "+"),
    fc.constantFrom("", "", "0", "000"),
    fc.oneof(fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: 40 }), fc.bigInt({ min: 0n, max: 2n ** 100n }).map(String)),
    fc.constantFrom("", "", "", " ", "_0", "x", "L", "5L", "-"),
  )
  .map((parts) => parts.join(""));

describe("protocol-0 integer lines", () => {
  it("INT, LONG and a PUT/GET index read as the general parser reads them, under any digit limit", () => {
    fc.assert(
      fc.property(intText, fc.integer({ min: 1, max: 45 }), (text, maxBigIntDigits) => {
        const general = outcome(() => parseDecimalInt(text, maxBigIntDigits));
        // protocol 0 writes booleans as I01 / I00
        const asInt = text === "01" || text === "00" ? { value: text === "01" } : general;
        expect(outcome(() => unpickle(latin1(`I${text}\n.`), { maxBigIntDigits }))).toStrictEqual(asInt);
        const long = outcome(() => unpickle(latin1(`L${text}L\n.`), { maxBigIntDigits }));
        expect(long).toStrictEqual(general);
        if (typeof (general as { value?: unknown }).value === "number" && (general as { value: number }).value >= 0 && (general as { value: number }).value <= 5) {
          // an index read from a PUT and a GET line
          expect(unpickle(latin1(`(I7\np${text}\n0g${text}\nl.`), { maxBigIntDigits })).toStrictEqual([7]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ["9007199254740991", 9007199254740991],
    ["9007199254740992", 9007199254740992n],
    ["-9007199254740992", -9007199254740992n],
    ["123456789012345678901234567890", 123456789012345678901234567890n],
    ["000000000000000000000000000001", 1],
    ["1234567890123456789012345678901", 1234567890123456789012345678901n],
  ])("%s", (text, expected) => {
    expect(unpickle(latin1(`L${text}L\n.`))).toBe(expected);
    expect(unpickle(latin1(`I${text}\n.`))).toBe(expected);
  });
});

/** Python's raw-unicode-escape decoding of latin-1 text: \\uXXXX / \\UXXXXXXXX after an odd run of backslashes, others kept. */
function decodeModel(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; ) {
    if (text[i] !== "\\") {
      out += text[i++];
      continue;
    }
    let j = i;
    while (text[j] === "\\") j++;
    const u = text[j];
    if ((j - i) % 2 === 1 && (u === "u" || u === "U")) {
      out += "\\".repeat(j - i - 1);
      const n = u === "u" ? 4 : 8;
      const hex = text.slice(j + 1, j + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new PickleError("unpickle: truncated \\uXXXX escape in UNICODE", { offset: 0 });
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new PickleError("unpickle: \\U escape beyond U+10FFFF in UNICODE", { offset: 0 });
      out += String.fromCodePoint(cp);
      i = j + 1 + n;
    } else {
      out += "\\".repeat(j - i);
      i = j;
    }
  }
  return out;
}

const unicodeLine = fc
  .array(
    fc.oneof(
      fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c === 0x0a ? 0x20 : c)), maxLength: 20 }),
      fc.constantFrom("\\u000a", "\\u00e9", "\\uD800", "\\U0001F984", "\\U00110000", "\\u12", "\\uzzzz", "\\\\u0041", "\\\\\\u005c", "\\", "\\U0000004", "\\u00Ff"),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

describe("protocol-0 UNICODE lines", () => {
  it("decode as Python's raw-unicode-escape, alone and between other lines", () => {
    fc.assert(
      fc.property(fc.array(unicodeLine, { minLength: 1, maxLength: 4 }), (lines) => {
        const expected = outcome(() => lines.map(decodeModel));
        const got = outcome(() => unpickle(latin1(`(${lines.map((l, i) => `V${l}\np${i}\n`).join("")}l.`)));
        expect(got).toStrictEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("finds the first backslash of each line when the next one is lines away", () => {
    const lines = ["plain", "a\\u0041b", "none here", "also none", "x\\\\y", "\\U0001F984"];
    expect(unpickle(latin1(`(${lines.map((l) => `V${l}\n`).join("")}l.`))).toStrictEqual(lines.map(decodeModel));
  });
});

describe("APPEND and SETITEM one item at a time (how protocol 0 fills lists and dicts)", () => {
  const targets = { list: "(l", dict: "(d", set: "\x8f", object: "cnetlab\nProbe\n)R", none: "N", int: "I3\n" };
  const item = fc.oneof(fc.integer({ min: -5, max: 99 }).map((n) => `I${n}\n`), fc.constantFrom("Vx\n", "Vy\n", "N", "(l"));
  it("give what APPENDS and SETITEMS give (or the same refusal)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(targets)), fc.array(item, { maxLength: 6 }), fc.boolean(), (target, items, dict) => {
        const pairs = dict ? items.slice(0, items.length & ~1) : items;
        fc.pre(pairs.length > 0); // an empty APPENDS / SETITEMS still checks its target
        const step = dict ? pairs.map((x, i) => x + (i % 2 ? "s" : "")).join("") : pairs.map((x) => `${x}a`).join("");
        const batch = `(${pairs.join("")}${dict ? "u" : "e"}`;
        const one = outcome(() => unpickle(latin1(`${target}${step}.`)));
        expect(one).toStrictEqual(outcome(() => unpickle(latin1(`${target}${batch}.`))));
      }),
      { numRuns: 1500 },
    );
  });
  it.each(["(la.", "(lI1\n(a.", "(dI1\ns.", "(dI1\n(I2\ns."])("%j is refused as before (underflow)", (text) => {
    expect(() => unpickle(latin1(text))).toThrow(/stack underflow/);
  });
});
