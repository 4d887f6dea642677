/**
 * The files a status gives are the same wherever they are made: these committed CSV / JSON Lines
 * files are what Node makes from the real status fixtures, and test/deno/results_test.ts checks
 * that Deno makes the very same bytes. After an intended format change:
 * `UPDATE_RESULTS_GOLDEN=1 npx vitest run test/results/golden.test.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resultRows, rowsToCSV, rowsToJSONLines, summarizeRows } from "../../src/results/index.js";
import { statusInfo } from "./helpers.js";

const GOLDEN = join(import.meta.dirname, "golden");
const FIXTURES = ["finished_success", "finished_with_failures", "finished_by_value_result", "running"];

describe("committed result files", () => {
  it.each(FIXTURES)("%s: CSV, JSON Lines and summary are the committed bytes", (name) => {
    const rows = resultRows(statusInfo(name), { experiment: name });
    const files: Record<string, string> = {
      [`${name}.csv`]: rowsToCSV(rows),
      [`${name}.jsonl`]: rowsToJSONLines(rows),
      [`${name}.summary.json`]: JSON.stringify(summarizeRows(rows), null, 1) + "\n",
    };
    for (const [file, text] of Object.entries(files)) {
      if (process.env.UPDATE_RESULTS_GOLDEN === "1") writeFileSync(join(GOLDEN, file), text);
      expect(text, file).toBe(readFileSync(join(GOLDEN, file), "utf8"));
    }
  });
});
