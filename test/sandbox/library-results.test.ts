// The sandbox's simulated results of library tasks that return dataclasses: the same class and
// fields as the catalog says (so the JSON view reads like a real PingResult), still marked simulated.
import { describe, expect, it } from "vitest";
import { Pipeline } from "../../src/graph/index.js";
import { LibraryDispatcher, catalogEntry, libraryTask } from "../../src/library/index.js";
import { Node } from "../../src/model/node.js";
import { decodeDeploymentResult } from "../../src/pickle/index.js";
import { compactDataclasses } from "../../src/pickle/view-dataclass.js";
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
    expect(result).toMatchObject({ host: "1.1.1.1", packet_loss: 0, unit_rtt: "ms", raw_output: expect.stringMatching(/simulated/) });
    expect((result.packets as unknown[]).length).toBe(3);
    expect((result.packets as Record<string, unknown>[])[0]).toEqual({ $dataclass: "PacketResult", icmp_seq: 1, ttl: 64, time: expect.any(Number), unit: "ms" });
  });

  it("every shape has its catalog dataclass's class path and fields", () => {
    const task = { kind: "task", name: "t", className: "x", attributes: new Map(), args: [] } as never;
    for (const [name, shape] of Object.entries(LIBRARY_RESULT_SHAPES)) {
      const path = [
        "netunicorn.library.tasks.measurements.ping.", "netunicorn.library.tasks.measurements.cloudflare.speedtest.", "netunicorn.library.tasks.measurements.ookla_speedtest.",
      ].map((m) => m + name).find((p) => catalogEntry(p));
      const expected = fieldsOf(path!);
      const made = shape(task);
      expect(`${(made.callable as { module: string }).module}.${(made.callable as { name: string }).name}`).toBe(expected.class);
      expect([...(made.state as Map<string, unknown>).keys()]).toEqual(expected.fields);
    }
  });
});
