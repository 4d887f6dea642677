/** get_experiment_status reads a status model in place: the same summary and rows as its wire copy gives. */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { statusFacts } from "../../mcp/answers/status-facts.js";
import { deploymentRows, summarizeStatus } from "../../mcp/answers/status-view.js";
import { type WireStatus, wireOf } from "../../mcp/answers/wire-view.js";
import { ExperimentExecutionInformation } from "../../src/model/index.js";

const dir = new URL("../fixtures/status/", import.meta.url);
// Every status body of the fixtures (the list of experiments is another shape).
const fixtures = readdirSync(dir).filter((name) => name.endsWith(".json") && name !== "experiments_list.json");

function bodyOf(name: string): WireStatus {
  return (JSON.parse(readFileSync(new URL(name, dir), "utf8")) as { body: WireStatus }).body;
}

describe("status facts", () => {
  it("has fixtures to compare", () => {
    expect(fixtures).toContain("finished_with_failures.json");
  });

  it.each(fixtures)("of the model of %s give the wire copy's summary and rows", (name) => {
    const model = ExperimentExecutionInformation.fromJSON(bodyOf(name));
    const wire = wireOf<WireStatus>(model);
    const facts = statusFacts(model);
    expect(facts).not.toBe(wire);
    expect(summarizeStatus("x", facts)).toEqual(summarizeStatus("x", wire));
    expect(deploymentRows(facts)).toEqual(deploymentRows(wire));
  });

  it("tell two deployments on one node apart by graph when read in place", () => {
    const body = bodyOf("finished_with_failures.json");
    const [lab, , mystery] = body.experiment!.deployment_map;
    const results = body.execution_result as Exclude<WireStatus["execution_result"], string | null>;
    // The second deployment on lab's node has the failed mystery deployment's graph; results come in the other order.
    body.experiment!.deployment_map = [lab!, { ...mystery!, node: lab!.node }];
    body.execution_result = [{ ...results[2]!, node: lab!.node }, results[0]!];
    const rows = deploymentRows(statusFacts(ExperimentExecutionInformation.fromJSON(body)));
    expect(rows.map((r) => [r.node, r.has_result, r.result_error !== null])).toEqual([
      [lab!.node.name, true, false],
      [lab!.node.name, false, true],
    ]);
  });

  it("of a plain wire body are its wire copy", () => {
    const body = bodyOf("finished_with_failures.json");
    expect(statusFacts(body)).toEqual(wireOf<WireStatus>(body));
  });
});
