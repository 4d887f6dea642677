/** summarizeExecutionGraph beyond the fixtures: refusals are PickleErrors, nothing is executed. */
import { describe, expect, it } from "vitest";
import { PickleError } from "../../src/errors.js";
import { ExecutionGraph, Pipeline, shellCommand, task } from "../../src/graph/index.js";
import { summarizeExecutionGraph } from "../../src/graph/summary.js";
import { bytes } from "./helpers.js";

describe("summarizeExecutionGraph", () => {
  it("refuses a pickle that is not an ExecutionGraph", () => {
    expect(() => summarizeExecutionGraph(bytes(0x80, 4, "]."))).toThrow(PickleError);
    expect(() => summarizeExecutionGraph(bytes(0x80, 4, "\x8c\x01m\x8c\x01C\x93)\x81}b."))).toThrow(/no networkx graph/);
  });
  it("refuses corrupt bytes with a PickleError", () => {
    expect(() => summarizeExecutionGraph(bytes(0x80, 4, 0x95))).toThrow(PickleError);
  });

  it("summarizes graphs this library writes (tasks as functools.partial calls)", () => {
    const probe = task("labtasks.Probe", { name: "probe", kwargs: { host: "h" } });
    const graph = new ExecutionGraph().addEdge("root", probe).addEdge(probe, "done");
    const summary = summarizeExecutionGraph(graph.toPickle());
    expect(summary.type).toBe("ExecutionGraph");
    expect(summary.nodes.map((n) => [n.kind, n.key])).toEqual([["root", "root"], ["task", "probe"], ["sync", "done"]]);
    expect(summary.nodes[1]).toMatchObject({ task_class: "labtasks.Probe", task_name: "probe", attributes: { host: "h", name: "probe" } });
    expect(summary.edges.map((e) => [e.from, e.to])).toEqual([["root", "probe"], ["probe", "done"]]);
    const pipe = summarizeExecutionGraph(new Pipeline().then(shellCommand(["echo", "hi"], { name: "hi" })).toPickle());
    expect(pipe.type).toBe("Pipeline");
    expect(pipe.nodes.find((n) => n.key === "hi")).toMatchObject({ task_class: "netunicorn.library.tasks.basic.ShellCommand" });
  });
});
