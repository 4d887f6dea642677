/**
 * The simulated executor on graphs a hostile or careless user can send: huge cycle counters,
 * wide stages, more steps than the sandbox simulates. Each finishes promptly (the per-test timeout
 * is the hang guard) and says when it stopped early.
 */
import { describe, expect, it } from "vitest";
import { CyclePipeline, dummy, Pipeline } from "../../src/graph/index.js";
import { readGraph } from "../../src/sandbox/graph-read.js";
import { simulateExecution } from "../../src/sandbox/simulate.js";

const simulate = (graph: { toPickle(): Uint8Array }) => simulateExecution(readGraph(graph.toPickle()), "e-1", null);

describe("simulateExecution on big graphs", () => {
  it("a cycle with a counter of a million around a 2,000-task stage stops at the step bound and says so", () => {
    const run = simulate(new CyclePipeline(1_000_000, [Array.from({ length: 2_000 }, (_, i) => dummy({ name: `t${i}` }))]));
    expect(run.logs.some((line) => line.includes("simulation stopped after 10000 steps"))).toBe(true);
    expect(run.logs.at(-1)).toBe("Execution is finished, start reporting results.\n");
  });

  it("a 3,000-stage chain runs every task once, in order, without the bound", () => {
    const pipeline = new Pipeline();
    for (let i = 0; i < 3_000; i++) pipeline.then(dummy({ name: `s${i}` }));
    const run = simulate(pipeline);
    expect(run.runs.map((r) => r.task)).toEqual(Array.from({ length: 3_000 }, (_, i) => `s${i}`));
    expect(run.runs.every((r) => r.ok && r.value === true)).toBe(true);
    expect(run.logs.some((line) => line.includes("simulation stopped"))).toBe(false);
  });

  it("a small cycle runs each task as often as its counter allows", () => {
    const run = simulate(new CyclePipeline(3, [dummy({ name: "a" }), dummy({ name: "b" })]));
    expect(run.runs.map((r) => r.task)).toEqual(["a", "b", "a", "b", "a", "b"]);
  });
});
