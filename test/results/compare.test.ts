import { describe, expect, it } from "vitest";
import { compareExperiments, resultRows, type ResultRow } from "../../src/results/index.js";
import { nodeName, runPingExperiments } from "./ping-experiment.js";

describe("compareExperiments", () => {
  it("puts two sandbox Ping experiments side by side per node, matching the unnamed Ping by display name, with last − first", async () => {
    const runs = await runPingExperiments({ nodes: 6, experiments: ["before", "after"], failExecute: [nodeName(2)] });
    const sets = runs.map(({ name, info }) => ({ experiment: name, rows: resultRows(info, { experiment: name }) }));
    // the two experiments' Ping tasks have different UUIDs but the same display name
    expect(sets[0]!.rows[0]!.taskId).not.toBe(sets[1]!.rows[0]!.taskId);
    const comparison = compareExperiments(sets, "Ping #1", "avg_rtt");
    expect(comparison).toMatchObject({ task: "Ping #1", field: "avg_rtt", unit: "ms", experiments: ["before", "after"] });
    expect(comparison.rows.map((r) => r.node)).toEqual([0, 1, 2, 3, 4, 5].map(nodeName));
    for (const row of comparison.rows) {
      const [before, after] = sets.map((s) => s.rows.find((r) => r.node === row.node)!);
      if (row.node === nodeName(2)) {
        expect(row).toEqual({ node: row.node, values: [null, null], states: ["failed", "failed"], difference: null });
        continue;
      }
      expect(row.values).toEqual([before!.fields.avg_rtt, after!.fields.avg_rtt]);
      expect(row.difference).toBeCloseTo((after!.fields.avg_rtt as number) - (before!.fields.avg_rtt as number), 10);
      expect(row.states).toEqual(["ok", "ok"]);
    }
    // the simulated values differ per experiment (deterministically), so differences are not all zero
    expect(comparison.rows.some((r) => r.difference !== null && r.difference !== 0)).toBe(true);
  });

  it("takes the mean of several ok runs, keeps nodes missing from one experiment, and gives no difference for one experiment", () => {
    const row = (node: string, run: number, v: number | null, state: ResultRow["state"] = "ok"): ResultRow => ({
      experiment: "", node, architecture: "", task: "t", taskId: "t", taskClass: null, run, state, error: null, fields: v === null ? {} : { x: v }, units: {}, value: null,
    });
    const a = [row("n1", 0, 1), row("n1", 1, 3), row("n2", 0, null, "not finished")];
    const b = [row("n1", 0, 10), row("n3", 0, 5)];
    const c = compareExperiments([{ experiment: "a", rows: a }, { experiment: "b", rows: b }], "t", "x");
    expect(c.rows).toEqual([
      { node: "n1", values: [2, 10], states: ["ok", "ok"], difference: 8 },
      { node: "n2", values: [null, null], states: ["not finished", null], difference: null },
      { node: "n3", values: [null, 5], states: [null, "ok"], difference: null },
    ]);
    expect(compareExperiments([{ experiment: "a", rows: a }], "t", "x").rows[0]!.difference).toBeNull();
  });
});
