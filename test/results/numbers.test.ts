/**
 * Numbers as Python writes them: test/results/python-floats.json is the repr() of assorted floats
 * (random bit patterns too) as CPython printed them; each, read as the JS number with the same
 * bits, must print the same text (a whole float below 2**53 as an integer, which reads back equal).
 * With python3 present, python3 also reads our text back with float() and gets the same bits.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pythonFloatRepr } from "../../src/results/index.js";
import { numberText } from "../../src/results/numbers.js";
import { hasPython } from "../graph/python-harness.js";

const reprs = JSON.parse(readFileSync(join(import.meta.dirname, "python-floats.json"), "utf8")) as string[];
const fromRepr = (text: string): number => ({ nan: NaN, inf: Infinity, "-inf": -Infinity })[text] ?? Number(text);

describe("numbers written as Python wrote them", () => {
  it("pythonFloatRepr gives CPython's repr() for every float of the committed list", () => {
    expect(reprs.length).toBeGreaterThan(100);
    expect(reprs.filter((text) => pythonFloatRepr(fromRepr(text)) !== text)).toEqual([]);
  });

  it("numberText writes whole numbers below 2**53 as integers, everything else as repr", () => {
    expect([3, -7, 0, 9007199254740991].map(numberText)).toEqual(["3", "-7", "0", "9007199254740991"]);
    expect([2 ** 53, 1e21, 1e-7, 0.1, -0, NaN, -Infinity].map(numberText)).toEqual(["9007199254740992.0", "1e+21", "1e-07", "0.1", "-0.0", "nan", "-inf"]);
  });

  it.runIf(hasPython)("python3 float() of our text gives back the same bits", () => {
    const ours = reprs.map((text) => numberText(fromRepr(text)));
    const script = "import json,sys,struct\nfor a, b in json.load(sys.stdin):\n    x, y = float(a), float(b)\n    if struct.pack('<d', x) != struct.pack('<d', y) and not (x != x and y != y): print(a, b)\n";
    const run = spawnSync("python3", ["-c", script], { input: JSON.stringify(reprs.map((r, i) => [r, ours[i]])), encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
  });
});
