/** Property: any mutation of a real pickle decodes to a value or fails with a PickleError, nothing else. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PickleError } from "../../src/errors.js";
import { unpickle } from "../../src/pickle/read.js";
import { toView } from "../../src/pickle/view.js";
import { fromBase64, pickleEntries } from "./helpers.js";

const seeds = pickleEntries()
  .filter(([, e]) => e.name !== "large_str")
  .map(([, e]) => fromBase64(e.pickle_b64));

type Mutation =
  | { kind: "flip"; at: number; value: number }
  | { kind: "insert"; at: number; data: Uint8Array }
  | { kind: "delete"; at: number; length: number }
  | { kind: "truncate"; at: number }
  | { kind: "duplicate"; at: number; length: number; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), data: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }), to: fc.nat() }),
);

function apply(input: Uint8Array, m: Mutation): Uint8Array {
  const at = input.length ? m.at % input.length : 0;
  const parts = (a: Uint8Array, ...rest: Uint8Array[]) => {
    const out = new Uint8Array(rest.reduce((n, r) => n + r.length, a.length));
    let p = 0;
    for (const r of [a, ...rest]) { out.set(r, p); p += r.length; }
    return out;
  };
  switch (m.kind) {
    case "flip": { const out = input.slice(); if (out.length) out[at] = m.value; return out; }
    case "insert": return parts(input.subarray(0, at), m.data, input.subarray(at));
    case "delete": return parts(input.subarray(0, at), input.subarray(at + m.length));
    case "truncate": return input.slice(0, at);
    case "duplicate": {
      const chunk = input.subarray(at, at + m.length);
      const to = input.length ? m.to % input.length : 0;
      return parts(input.subarray(0, to), chunk, input.subarray(to));
    }
  }
}

const LIMITS = { maxObjects: 100_000, maxDepth: 200, maxMemo: 100_000, maxBigIntDigits: 2000 };

function outcome(bytes: Uint8Array): "value" | "error" {
  try {
    const value = unpickle(bytes, LIMITS);
    toView(value, { maxNodes: 200_000, maxDepth: 200 });
    return "value";
  } catch (err) {
    if (!(err instanceof PickleError)) throw err;
    expect(typeof err.offset).toBe("number");
    expect(err.offset).toBeGreaterThanOrEqual(0);
    expect(err.message).toMatch(/^(unpickle|toView): /);
    return "error";
  }
}

describe("mutated fixture pickles", () => {
  it("decode to a value or a PickleError (10,000 single and stacked mutations)", () => {
    const seen = { value: 0, error: 0 };
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, muts) => {
        seen[outcome(muts.reduce(apply, seeds[i]!))]++;
      }),
      { numRuns: 10_000 },
    );
    // both outcomes really happen: the property is not vacuous
    expect(seen.value).toBeGreaterThan(100);
    expect(seen.error).toBeGreaterThan(100);
  });

  it("random bytes after a PROTO header decode to a value or a PickleError", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.uint8Array({ maxLength: 64 }), (proto, body) => {
        const bytes = new Uint8Array([0x80, proto, ...body]);
        outcome(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});
