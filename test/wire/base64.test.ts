import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64, isBase64 } from "../../src/base64.js";
import { ValidationError } from "../../src/errors.js";

describe("base64", () => {
  it("encodes like btoa and decodes back, any length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(btoa(String.fromCharCode(...bytes)));
        expect(isBase64(text)).toBe(true);
        expect(decodeBase64(text)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses text that is not padded base64", () => {
    for (const text of ["abc", "ab=c", "a===", "ab$d", "abcd\n", "ab==ab==", "é"]) {
      expect(isBase64(text), text).toBe(false);
      expect(() => decodeBase64(text)).toThrow(ValidationError);
    }
    expect(decodeBase64("")).toEqual(new Uint8Array(0));
  });

  // Speed is measured by the benchmarks, not here (shared machines make timed tests flaky).
  it("round-trips ten megabytes", () => {
    const bytes = new Uint8Array(10 * 1024 * 1024).map((_, i) => (i * 31) & 255);
    const text = encodeBase64(bytes);
    expect(text.length).toBe(Math.ceil(bytes.length / 3) * 4);
    const back = decodeBase64(text);
    expect(back.length).toBe(bytes.length);
    expect(back.every((b, i) => b === bytes[i])).toBe(true);
  });
});
