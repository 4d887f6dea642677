import { describe, expect, it } from "vitest";
import { summarizeExecutionGraph } from "../../src/graph/summary.js";
import { decodeDeploymentResult } from "../../src/pickle/results.js";
import { unpickle } from "../../src/pickle/read.js";
import { toView } from "../../src/pickle/view.js";
import { fixtureFiles, fromBase64, pickleEntries, readFixture } from "./helpers.js";

interface WireDeployment {
  node: { name: string };
  error: string | null;
  result: string | null;
}
interface StatusFixture {
  body: { execution_result: WireDeployment[] | string | null } | null;
  expected_results?: unknown[];
}
interface ExperimentFixture {
  body: { deployment_map: { execution_graph: string }[] };
  expected_graphs: { deployment_index: number; expected_graph: unknown }[];
}

describe("pickle fixtures: the view of every protocol's pickle equals the recorded view", () => {
  const entries = pickleEntries();
  it("covers all fixture files", () => {
    expect(new Set(entries.map(([f]) => f)).size).toBe(fixtureFiles("pickles").length);
    expect(entries.length).toBeGreaterThan(150);
  });
  it.each(entries.map(([f, e]) => [`${e.name} protocol ${e.protocol}`, f, e] as const))("%s", (_label, _f, e) => {
    expect(toView(unpickle(fromBase64(e.pickle_b64)))).toEqual(e.view);
  });
});

describe("status fixtures: decodeDeploymentResult(...).view() equals expected_results", () => {
  const files = fixtureFiles("status").filter((f) => readFixture<StatusFixture>(`status/${f}`).expected_results);
  it("finds the FINISHED fixtures", () => expect(files.length).toBeGreaterThanOrEqual(3));
  it.each(files)("%s", (f) => {
    const fx = readFixture<StatusFixture>(`status/${f}`);
    const deployments = fx.body!.execution_result as WireDeployment[];
    const views = deployments.map((d) =>
      decodeDeploymentResult({ node: d.node, error: d.error, result: d.result === null ? null : fromBase64(d.result) }).view(),
    );
    expect(views).toEqual(fx.expected_results);
  });
});

describe("experiment fixtures: summarizeExecutionGraph equals expected_graphs", () => {
  const cases = fixtureFiles("experiments").flatMap((f) =>
    readFixture<ExperimentFixture>(`experiments/${f}`).expected_graphs.map((g) => [f, g.deployment_index] as const),
  );
  it("covers every deployment", () => expect(cases.length).toBeGreaterThanOrEqual(12));
  it.each(cases)("%s deployment %i", (f, index) => {
    const fx = readFixture<ExperimentFixture>(`experiments/${f}`);
    const expected = fx.expected_graphs.find((g) => g.deployment_index === index)!.expected_graph;
    expect(summarizeExecutionGraph(fromBase64(fx.body.deployment_map[index]!.execution_graph))).toEqual(expected);
  });
});
