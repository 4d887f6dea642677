// Invalid graphs are refused before any request, with messages naming the offending node or edge.
import { describe, expect, it } from "vitest";
import { GraphValidationError, NetunicornError } from "../../src/errors.js";
import { ExecutionGraph, Pipeline, dummy, task } from "../../src/graph/index.js";
import type { EdgeAttributes } from "../../src/graph/digraph.js";

const t = (name: string) => task("labtasks.Probe", { name });

function refusal(graph: ExecutionGraph): GraphValidationError {
  try {
    graph.validate();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphValidationError);
    expect(NetunicornError.is(error)).toBe(true);
    return error as GraphValidationError;
  }
  throw new Error("the graph was accepted");
}

describe("graph validation (netunicorn's is_execution_graph_valid)", () => {
  it("accepts valid graphs, including weak cycles and a root self-loop", () => {
    const a = t("a");
    const b = t("b");
    const graph = new ExecutionGraph().addEdge("root", a).addEdge(a, b).addEdge(b, a, { type: "weak", counter: 3 });
    graph.addEdge("root", "root", { type: "weak" });
    expect(() => graph.validate()).not.toThrow();
    expect(() => new Pipeline([a, [b, dummy()]]).validate()).not.toThrow();
  });

  it("refuses a cycle through strong edges, naming the cycle", () => {
    const a = t("a");
    const b = t("b");
    const c = t("c");
    const graph = new ExecutionGraph({ name: "g" }).addEdge("root", a).addEdge(a, b).addEdge(b, c).addEdge(c, a);
    const error = refusal(graph);
    expect(error.message).toContain("acyclic");
    expect(error.message).toMatch(/task "a" → task "b" → task "c" → task "a"|task "b" → task "c" → task "a" → task "b"|task "c" → task "a" → task "b" → task "c"/);
    expect(() => graph.toPickle()).toThrow(GraphValidationError);
  });

  it("refuses a strong self-loop", () => {
    const a = t("a");
    expect(refusal(new ExecutionGraph().addEdge("root", a).addEdge(a, a)).message).toContain('task "a" → task "a"');
  });

  it("refuses a node not connected to root, and one only reachable backwards", () => {
    const lonely = new ExecutionGraph({ name: "g" }).addEdge("root", t("a")).addNode(t("island"));
    const e1 = refusal(lonely);
    expect(e1.message).toContain("weakly connected");
    expect(e1.message).toContain('task "island"');
    const backwards = new ExecutionGraph().addEdge("root", t("a")).addEdge("upstream", "root");
    const e2 = refusal(backwards);
    expect(e2.message).toContain("reachable from root");
    expect(e2.message).toContain('synchronisation point "upstream"');
  });

  it("refuses a node reachable only through weak edges", () => {
    const a = t("a");
    const error = refusal(new ExecutionGraph().addEdge("root", a).addEdge(a, 7, { type: "weak" }));
    expect(error.message).toContain("strong edges");
    expect(error.message).toContain("synchronisation point 7");
  });

  it.each<[string, EdgeAttributes, string]>([
    ["zero counter", { counter: 0 }, "positive integer"],
    ["negative counter", { counter: -2 }, "positive integer"],
    ["fractional counter", { counter: 1.5 }, "positive integer"],
    ["string counter", { counter: "3" as unknown as number }, "positive integer"],
    ["bad type", { type: "soft" as "weak" }, '"strong" or "weak"'],
    ["bad traverse_on", { traverseOn: "sometimes" as "any" }, '"success", "failure" or "any"'],
  ])("refuses an edge with a %s", (_, attributes, wording) => {
    const a = t("a");
    const error = refusal(new ExecutionGraph().addEdge("root", a).addEdge(a, "end", attributes));
    expect(error.message).toContain('edge task "a" → synchronisation point "end"');
    expect(error.message).toContain(wording);
  });

  it("refuses traverse_on on an edge leaving a synchronisation point or root", () => {
    const a = t("a");
    const fromSync = new ExecutionGraph().addEdge("root", "sync").addEdge("sync", a, { traverseOn: "success" });
    const error = refusal(fromSync);
    expect(error.message).toContain('edge synchronisation point "sync" → task "a"');
    expect(error.message).toContain("only allowed on edges leaving a task");
    expect(refusal(new ExecutionGraph().addEdge("root", a, { traverseOn: "any" })).message).toContain("edge root → task");
    expect(() => new ExecutionGraph().addEdge("root", a).addEdge(a, "x", { traverseOn: "failure" }).validate()).not.toThrow();
  });

  it("refuses two different tasks with the same name, but not one task used twice", () => {
    const a = t("same");
    expect(refusal(new ExecutionGraph().addEdge("root", a).addEdge(a, t("same"))).message).toContain('named "same"');
    expect(() => new Pipeline([a, a]).validate()).toThrow(/acyclic/); // same object: a real cycle a → 1 → a
  });

  it("skips the rules when overrideGraphValidation is set, as Python does", () => {
    const a = t("a");
    const graph = new ExecutionGraph().addEdge("root", a).addEdge(a, a);
    graph.overrideGraphValidation = true;
    expect(() => graph.validate()).not.toThrow();
    expect(graph.toPickle().length).toBeGreaterThan(0);
  });
});
