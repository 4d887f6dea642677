// Deno: netunicorn/results makes from the real status fixtures the very same CSV, JSON Lines and
// summary bytes as Node (test/results/golden, checked under Node by test/results/golden.test.ts).
import { equal, ok } from "node:assert/strict";
import { ExperimentExecutionInformation } from "../../src/index.ts";
import { resultRows, resultsChartSVG, rowsToCSV, rowsToJSONLines, summarizeRows } from "../../src/results/index.ts";

const fixtures = new URL("../fixtures/status/", import.meta.url);
const golden = new URL("../results/golden/", import.meta.url);

for (const name of ["finished_success", "finished_with_failures", "finished_by_value_result", "running"]) {
  Deno.test(`results files of ${name} are Node's bytes`, async () => {
    const fixture = JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, fixtures))) as { body: unknown };
    const rows = resultRows(ExperimentExecutionInformation.fromJSON(fixture.body), { experiment: name });
    ok(rows.length > 0);
    equal(rowsToCSV(rows), await Deno.readTextFile(new URL(`${name}.csv`, golden)));
    equal(rowsToJSONLines(rows), await Deno.readTextFile(new URL(`${name}.jsonl`, golden)));
    equal(JSON.stringify(summarizeRows(rows), null, 1) + "\n", await Deno.readTextFile(new URL(`${name}.summary.json`, golden)));
    ok(resultsChartSVG(rows).startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  });
}
