// parseServerJson / stringifyForServer: Python's bare Infinity/NaN tokens, outside strings only.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors.js";
import { parseServerJson, stringifyForServer } from "../../src/json.js";
import { validationFailure } from "./helpers.js";

/** The ValidationError parseServerJson throws for `text`. */
function failure(text: string): ValidationError {
  return validationFailure(() => parseServerJson(text));
}

describe("parseServerJson", () => {
  it("reads strict JSON as JSON.parse does", () => {
    expect(parseServerJson('{"a": [1, 2.5e3, "x", null, true, false, {}]}')).toEqual({ a: [1, 2500, "x", null, true, false, {}] });
    expect(parseServerJson('"OK"')).toBe("OK");
  });

  it("reads the bare tokens Python writes", () => {
    expect(parseServerJson('{"m": Infinity, "n": -Infinity, "o": NaN}')).toEqual({ m: Infinity, n: -Infinity, o: NaN });
    expect(parseServerJson("[Infinity,-Infinity,NaN]")).toEqual([Infinity, -Infinity, NaN]);
    expect(parseServerJson(" Infinity ")).toBe(Infinity);
  });

  it("leaves the tokens inside strings alone, escapes included", () => {
    const text = String.raw`{"s": "Infinity NaN \" Infinity \\", "t": ["-Infinity\\\"NaN"], "k\"Infinity": Infinity}`;
    expect(parseServerJson(text)).toEqual({ s: 'Infinity NaN " Infinity \\', t: ['-Infinity\\"NaN'], 'k"Infinity': Infinity });
  });

  it("keeps a __proto__ key as data", () => {
    const value = parseServerJson('{"__proto__": {"x": 1}, "y": Infinity}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "y"]);
  });

  it.each([
    ['{"a": Infinity', /end of the text/],
    ['{"a": 1,', /end of the text/],
    ['{"a": "unterminated', /unterminated string.*end of the text/],
    ['{"a": Inf}', /unexpected character at offset 6/],
    ["[1, 2] 3", /after the value at offset 7/],
    ["{a: 1}", /expected a string key at offset 1/],
    ['{"a" 1}', /expected ":"/],
    ['["\\x"]', /invalid string literal at offset 1/],
    ["", /end of the text/],
    ["<html>502 Bad Gateway</html>", /offset 0/],
    ["[-]", /unexpected character/],
    ["[01]", /expected "]"/],
    ["[+Infinity]", /unexpected character/],
  ])("refuses %j with a ValidationError at path \"\"", (text, message) => {
    const error = failure(text);
    expect(error.path).toBe("");
    expect(error.message).toMatch(/^parseServerJson: the response body is not valid JSON/);
    expect(error.message).toMatch(message);
  });

  it("does not overflow the stack on deep nesting", () => {
    expect(failure(`${"[".repeat(20_000)}NaN${"]".repeat(20_000)}`).message).toMatch(/nesting deeper/);
    expect(parseServerJson(`${"[".repeat(500)}NaN${"]".repeat(500)}`)).toBeDefined();
  });

  it("agrees with JSON.parse on any JSON text, also when the fallback reader runs", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        // A trailing NaN makes JSON.parse fail, so the fallback reader reads the text.
        const parsed = parseServerJson(`[${text}, NaN]`) as unknown[];
        expect(parsed[0]).toEqual(JSON.parse(text));
        expect(parsed[1]).toBeNaN();
      }),
      { numRuns: 300 },
    );
  });
});

describe("stringifyForServer", () => {
  it("writes non-finite numbers as Python's tokens and reads back", () => {
    const value = { a: Infinity, b: [-Infinity, NaN, 1.5], c: "Infinity", d: undefined, e: null };
    const text = stringifyForServer(value);
    expect(text).toBe('{"a":Infinity,"b":[-Infinity,NaN,1.5],"c":"Infinity","e":null}');
    expect(parseServerJson(text)).toEqual({ a: Infinity, b: [-Infinity, NaN, 1.5], c: "Infinity", e: null });
  });

  it("matches JSON.stringify on JSON values and honours toJSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stringifyForServer(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
    expect(stringifyForServer({ toJSON: () => ({ x: Infinity }) })).toBe('{"x":Infinity}');
    expect(stringifyForServer([undefined, () => 1])).toBe("[null,null]");
    expect(stringifyForServer(undefined)).toBe("null");
  });
});
