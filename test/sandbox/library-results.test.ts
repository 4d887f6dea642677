// The sandbox's simulated results of library tasks that return dataclasses: the same class and
// fields as the catalog says (so the JSON view reads like a real PingResult), still marked simulated.
import { describe, expect, it } from "vitest";
import { Pipeline } from "../../src/graph/index.js";
import { LibraryDispatcher, catalogEntry, libraryTask } from "../../src/library/index.js";
import { Node } from "../../src/model/node.js";
import { decodeDeploymentResult } from "../../src/pickle/index.js";
import { compactDataclasses } from "../../src/pickle/view-dataclass.js";
import { toView } from "../../src/pickle/view.js";
import { readGraph } from "../../src/sandbox/graph-read.js";
import { LIBRARY_RESULT_SHAPES } from "../../src/sandbox/library-results.js";
import { encodeResult } from "../../src/sandbox/results.js";
import { simulateExecution } from "../../src/sandbox/simulate.js";

const amd64 = Node.fromJSON({ name: "n1", properties: { "netunicorn-environments": ["DockerImage"] }, additional_properties: {}, architecture: "linux/amd64" });
const fieldsOf = (className: string) =>
  catalogEntry(className)!.results!.map((r) => ({ class: r.class, fields: r.fields.map(([name]) => name) }))[0]!;

describe("simulated library results", () => {
  it("a dispatched Ping returns a PingResult with count PacketResults, marked simulated", () => {
    const pipeline = new Pipeline([libraryTask("Ping", { address: "1.1.1.1", count: 3 }, { name: "ping" }) as LibraryDispatcher]);
    const graph = pipeline.dispatchFor(amd64);
    const run = simulateExecution(readGraph(graph.toPickle()), "e-1", null);
    const decoded = decodeDeploymentResult({ node: amd64, result: Uint8Array.from(atob(encodeResult(run)), (c) => c.charCodeAt(0)), error: null });
    const view = compactDataclasses(decoded.view().result) as { $ok: Record<string, { $ok: Record<string, unknown> }[]> };
    const [only] = Object.values(view.$ok);
    const result = only![0]!.$ok;
    const expected = fieldsOf("netunicorn.library.tasks.measurements.ping.PingLinuxImplementation");
    expect(result.$dataclass).toBe("PingResult");
    expect(Object.keys(result).slice(1)).toEqual(expected.fields);
    expect(result).toMatchObject({ host: "1.1.1.1", packet_loss: expect.any(Number), unit_rtt: "ms", raw_output: expect.stringMatching(/simulated/) });
    const packets = result.packets as Record<string, number>[];
    // lost packets have no line: packet_loss is the lost share of count, in percent
    expect(result.packet_loss).toBeCloseTo((100 * (3 - packets.length)) / 3, 2);
    expect(packets[0]).toEqual({ $dataclass: "PacketResult", icmp_seq: 1, ttl: expect.any(Number), time: expect.any(Number), unit: "ms" });
    const times = packets.map((p) => p.time!);
    expect(result.min_rtt).toBe(Math.min(...times));
    expect(result.max_rtt).toBe(Math.max(...times));
    expect(result.avg_rtt).toBeCloseTo(times.reduce((a, b) => a + b, 0) / times.length, 2);
  });

  it("every shape has its catalog dataclass's class path and fields", () => {
    const task = { kind: "task", name: "t", className: "x", attributes: new Map(), args: [] } as never;
    for (const [name, shape] of Object.entries(LIBRARY_RESULT_SHAPES)) {
      const path = [
        "netunicorn.library.tasks.measurements.ping.", "netunicorn.library.tasks.measurements.cloudflare.speedtest.", "netunicorn.library.tasks.measurements.ookla_speedtest.",
      ].map((m) => m + name).find((p) => catalogEntry(p));
      const expected = fieldsOf(path!);
      const made = shape(task, { node: "n1", experiment: "e" });
      expect(`${(made.callable as { module: string }).module}.${(made.callable as { name: string }).name}`).toBe(expected.class);
      expect([...(made.state as Map<string, unknown>).keys()]).toEqual(expected.fields);
    }
  });

  it("Ping values vary per node, stay plausible, and are the same for the same node and experiment", () => {
    const pipeline = new Pipeline([libraryTask("Ping", { address: "1.1.1.1", count: 10 }, { name: "ping" }) as LibraryDispatcher]);
    const graph = readGraph(pipeline.dispatchFor(amd64).toPickle());
    const pingOf = (node: string, experiment: string): Record<string, unknown> => {
      const run = simulateExecution(graph, "e-1", null, { node, experiment });
      expect(run.runs.map((r) => r.ok)).toEqual([true]);
      return compactDataclasses(toView(run.runs[0]!.value)) as Record<string, unknown>;
    };
    const nodes = Array.from({ length: 60 }, (_, i) => `node-${i}`);
    const results = nodes.map((n) => pingOf(n, "exp-a"));
    const averages = results.map((r) => r.avg_rtt as number);
    expect(new Set(averages).size).toBeGreaterThan(50);
    expect(Math.min(...averages)).toBeGreaterThan(1);
    expect(Math.max(...averages)).toBeLessThan(300);
    const lossy = results.filter((r) => (r.packet_loss as number) > 0).length;
    expect(lossy).toBeGreaterThan(0);
    expect(lossy).toBeLessThan(30);
    for (const r of results) expect(r.raw_output).toMatch(/simulated/);
    expect(pingOf("node-7", "exp-a")).toEqual(results[7]);
    expect(pingOf("node-7", "exp-b")).not.toEqual(results[7]);
  });
});
