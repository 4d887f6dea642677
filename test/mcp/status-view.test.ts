/** Deployment rows pair each deployment with its own result, also when a node hosts several. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deploymentRows, resultsByDeployment } from "../../mcp/answers/status-view.js";
import type { WireStatus } from "../../mcp/answers/wire-view.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/status/finished_with_failures.json", import.meta.url), "utf8")) as { body: WireStatus };

/** The fixture's status with deployments/results replaced (deep copies of the fixture's own). */
function statusWith(deployments: (typeof deploymentMap)[number][], results: typeof executionResults): WireStatus {
  const body = structuredClone(fixture.body);
  body.experiment!.deployment_map = structuredClone(deployments);
  body.execution_result = structuredClone(results);
  return body;
}
const deploymentMap = fixture.body.experiment!.deployment_map;
const executionResults = fixture.body.execution_result as Exclude<WireStatus["execution_result"], string | null>;

describe("deployment rows", () => {
  it("match the fixture's results one to one (each result has its deployment's graph)", () => {
    const pairs = resultsByDeployment(fixture.body);
    expect(pairs.map((r) => r?.node.name)).toEqual(deploymentMap.map((d) => d.node.name));
    expect(pairs.map((r) => r?.execution_graph === undefined ? false : deploymentMap.some((d) => d.execution_graph === r.execution_graph))).toEqual([true, true, true, true]);
  });

  it("give two deployments on one node their own results, by graph, whatever the results' order", () => {
    // Two deployments on lab-amd64-a: the first with its own graph, the second with the graph of
    // the failed mystery-box deployment (whose result has an error and no result bytes).
    const [lab, , mystery] = deploymentMap;
    const second = { ...structuredClone(mystery!), node: structuredClone(lab!.node) };
    const failedResult = { ...structuredClone(executionResults[2]!), node: structuredClone(lab!.node) };
    const rows = deploymentRows(statusWith([lab!, second], [failedResult, executionResults[0]!]));
    expect(rows.map((r) => [r.node, r.has_result, r.result_error !== null])).toEqual([
      ["lab-amd64-a", true, false],
      ["lab-amd64-a", false, true],
    ]);
  });

  it("fall back to the node's next unused result when no graph matches, never reusing one", () => {
    const [lab] = deploymentMap;
    const other = { ...structuredClone(lab!), execution_graph: "AAAA" };
    const rows = deploymentRows(statusWith([lab!, other, other], [executionResults[0]!, { ...structuredClone(executionResults[0]!), execution_graph: "BBBB" }]));
    expect(rows.map((r) => r.has_result)).toEqual([true, true, false]);
  });
});
