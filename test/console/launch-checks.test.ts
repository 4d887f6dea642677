// The console's checks before sending, on their own: experiment names in plain words, and flag
// integers outside what netunicorn stores (int64) or what a browser's number holds exactly.
import { describe, expect, it } from "vitest";
import { flagInteger } from "../../console/app/flags-panel.js";
import { nameProblem } from "../../console/app/launch-checks.js";

describe("nameProblem", () => {
  it("accepts plain names", () => {
    for (const name of ["lab-run", "run_2", "é-ü", "a.b", "x+y"]) expect(nameProblem(name), name).toBeNull();
  });
  it.each([
    ["", "Give the experiment a name."],
    ["my run", "The experiment name may not contain spaces: use letters, digits, - or _ instead."],
    ["tab\there", "The experiment name may not contain spaces: use letters, digits, - or _ instead."],
    ["lab/run", "The experiment name may not contain “/”: use letters, digits, - or _ instead."],
    ["lab\\run", "The experiment name may not contain “\\”: use letters, digits, - or _ instead."],
    ["..", "The experiment name may not be “.” or “..”."],
    ["bell\u0007", "The experiment name may not contain control characters."],
  ])("refuses %j in plain words", (name, message) => expect(nameProblem(name)).toBe(message));
});

describe("flagInteger", () => {
  it("reads whole numbers (empty: 0)", () => {
    expect([flagInteger(""), flagInteger(" 12 "), flagInteger("-3"), flagInteger("+7"), flagInteger("9007199254740991")]).toEqual([0, 12, -3, 7, 9007199254740991]);
  });
  it("refuses what is not whole", () => {
    for (const text of ["1.5", "1e20", "abc", "0x10"]) expect(String(flagInteger(text)), text).toMatch(/must be a whole number/);
  });
  it("refuses numbers outside int64, saying the range", () => {
    expect(String(flagInteger("99999999999999999999"))).toBe("Error: The integer value 99999999999999999999 is outside what netunicorn stores (a 64-bit integer, -9223372036854775808 to 9223372036854775807).");
    expect(String(flagInteger("-9223372036854775809"))).toMatch(/outside what netunicorn stores/);
  });
  it("refuses int64 numbers a browser cannot send exactly (never a silently rounded value)", () => {
    expect(String(flagInteger("9223372036854775807"))).toMatch(/cannot be sent exactly from a browser/);
    expect(String(flagInteger("9007199254740993"))).toMatch(/cannot be sent exactly/);
  });
});
