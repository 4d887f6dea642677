// Graph shapes (Pipeline, CyclePipeline), task references and their checks, requirements.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import {
  CyclePipeline, ExecutionGraph, Pipeline, TaskReference, dummy, shellCommand, sleep, task, type GraphNode, type TaskOptions,
} from "../../src/graph/index.js";
import { DockerImage, RuntimeContext, ShellExecution } from "../../src/model/environment.js";
import { PyDateTime, PyDict, PyGlobal, PyObject, PyTuple } from "../../src/pickle/value.js";

const key = (n: GraphNode) => (n instanceof TaskReference ? n.name : n);
const edges = (g: ExecutionGraph) => g.graph.edges().map((e) => [key(e.from), key(e.to), e.attributes]);

describe("Pipeline", () => {
  it("builds root → A → 1 → B → 2, 1 → C → 2 from stages [A], [B, C]", () => {
    const [a, b, c] = ["A", "B", "C"].map((name) => dummy({ name }));
    const p = new Pipeline([a!]).then([b!, c!]);
    expect(p.graph.nodes().map(key)).toEqual(["root", "A", 1, "B", "C", 2]);
    expect(edges(p)).toEqual([
      ["root", "A", {}], ["A", 1, {}], [1, "B", {}], [1, "C", {}], ["B", 2, {}], ["C", 2, {}],
    ]);
    expect(p.lastStage).toBe(2);
    expect(p.tasks.map((t) => t.name)).toEqual(["A", "B", "C"]);
  });

  it("shares one edge-attribute object between successors and predecessors (as networkx)", () => {
    const a = dummy();
    const p = new Pipeline([a]);
    expect(p.graph.succ.get("root")!.get(a)).toBe(p.graph.pred.get(a)!.get("root"));
  });

  it("refuses an empty stage or a stage holding something else than tasks", () => {
    expect(() => new Pipeline().then([])).toThrow(UsageError);
    expect(() => new Pipeline().then(["x" as unknown as TaskReference])).toThrow(/stage holds tasks/);
  });

  it("defaults: random UUID name, early stopping, results reported, a server-built DockerImage with a full Python version", () => {
    const p = new Pipeline();
    expect(p.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Pipeline().name).not.toBe(p.name);
    expect(p.earlyStopping).toBe(true);
    expect(p.reportResults).toBe(true);
    const env = p.environmentDefinition as DockerImage;
    expect(env).toBeInstanceOf(DockerImage);
    expect(env.image).toBeNull();
    expect(env.buildContext.pythonVersion).toMatch(/^3\.\d+\.\d+$/);
  });

  it("collects every task's requirements in graph order, duplicates kept like Python's Deployment", () => {
    const p = new Pipeline([
      task("labtasks.Probe", { requirements: ["apt-get install -y iperf3", "pip install scapy"] }),
      [sleep(1, { requirements: ["pip install scapy"] }), dummy()],
    ]);
    expect(p.requirements).toEqual(["apt-get install -y iperf3", "pip install scapy", "pip install scapy"]);
  });
});

describe("CyclePipeline", () => {
  it("adds weak edges with counter cycles - 1 from the last stage and root back to root", () => {
    const p = new CyclePipeline(4, [dummy({ name: "a" }), dummy({ name: "b" })]);
    const weak = { type: "weak", counter: 3 };
    expect(edges(p)).toEqual([["root", "a", {}], ["root", "root", weak], ["a", 1, {}], [1, "b", {}], ["b", 2, {}], [2, "root", weak]]);
    expect(p.edgeParams).toEqual(weak);
    expect(() => p.validate()).not.toThrow();
  });

  it("moves the edge back to root when a stage is added, and drops root → root when built empty (as Python)", () => {
    const p = new CyclePipeline();
    expect(edges(p)).toEqual([["root", "root", { type: "weak" }]]);
    p.then(dummy({ name: "a" })).then(dummy({ name: "b" }));
    expect(edges(p)).toEqual([["root", "a", {}], ["a", 1, {}], [1, "b", {}], ["b", 2, {}], [2, "root", { type: "weak" }]]);
  });

  it.each([2, 1, 0, 2.5, Number.NaN])("refuses cycles = %s (netunicorn needs more than 2)", (cycles) => {
    expect(() => new CyclePipeline(cycles)).toThrow(UsageError);
  });
});

describe("ExecutionGraph edges", () => {
  it("merge attributes into an existing edge, as networkx does", () => {
    const a = dummy({ name: "a" });
    const g = new ExecutionGraph().addEdge("root", a, { counter: 2 }).addEdge("root", a, { type: "weak" });
    expect(edges(g)).toEqual([["root", "a", { counter: 2, type: "weak" }]]);
    g.removeEdge("root", a);
    expect(edges(g)).toEqual([]);
    expect(g.graph.nodes().map(key)).toEqual(["root", "a"]);
  });

  it("refuse unknown attributes (Python's traverse_on is traverseOn here) and bad nodes", () => {
    const a = dummy();
    expect(() => new ExecutionGraph().addEdge("root", a, { traverse_on: "any" } as never)).toThrow(/write it "traverseOn"/);
    expect(() => new ExecutionGraph().addEdge("root", 1.5)).toThrow(/a task, a string or an integer/);
    expect(() => new ExecutionGraph().addNode(true as never)).toThrow(UsageError);
    expect(() => new ExecutionGraph().removeEdge("root", a)).toThrow(/no edge root → task/);
  });
});

describe("tasks", () => {
  it("reference a class by import path with arguments and a given name", () => {
    const t = task("netunicorn.library.tasks.basic.ShellCommand", { args: [["ping", "-c", "3", "h"]], name: "ping" });
    expect(t.module).toBe("netunicorn.library.tasks.basic");
    expect(t.qualifiedName).toBe("ShellCommand");
    expect(t.args).toEqual([["ping", "-c", "3", "h"]]);
    expect(t.name).toBe("ping");
  });

  it("get a unique generated name <ClassName>-<hex> when none is given", () => {
    const names = Array.from({ length: 200 }, () => shellCommand(["true"]).name);
    expect(names[0]).toMatch(/^ShellCommand-[0-9a-f]{8}$/);
    expect(new Set(names).size).toBe(200);
    expect(sleep(1).name).toMatch(/^SleepTask-/);
    expect(dummy().name).toMatch(/^DummyTask-/);
  });

  it("shortcuts target netunicorn-library's basic tasks", () => {
    expect(shellCommand(["echo", "x"]).className).toBe("netunicorn.library.tasks.basic.ShellCommand");
    expect(shellCommand("echo x | wc").args).toEqual(["echo x | wc"]);
    expect(sleep(2.5).args).toEqual([2.5]);
    expect(dummy().args).toEqual([]);
  });

  it.each<[string, () => unknown, RegExp]>([
    ["a bad class path", () => task("NoModule"), /class path/],
    ["a name keyword", () => task("a.B", { kwargs: { name: "x" } }), /"name" option/],
    ["a non-identifier keyword", () => task("a.B", { kwargs: { "bad key": 1 } }), /not a Python identifier/],
    ["a function argument", () => task("a.B", { args: [() => 1] as never }), /args\[0\] is a function/],
    ["a Date keyword argument", () => task("a.B", { kwargs: { when: new Date() as never } }), /kwargs\.when is a Date/],
    ["undefined in a list", () => task("a.B", { args: [[1, undefined]] as never }), /args\[0\]\[1\] is undefined/],
    [
      "a function inside a record's keyword arguments",
      () => {
        const record = new PyObject(new PyGlobal("m", "C"), []);
        record.kwargs = new PyDict([["hook", (() => 1) as never]]);
        return task("a.B", { args: [record] });
      },
      /args\[0\]\.kwargs\[hook\] is a function/,
    ],
    [
      "undefined among a record's list items",
      () => {
        const record = new PyObject(new PyGlobal("m", "C"), []);
        record.listItems = [1, undefined as never];
        return task("a.B", { args: [record] });
      },
      /args\[0\]\.listItems\[1\] is undefined/,
    ],
    ["an empty command", () => shellCommand([]), /non-empty/],
    ["negative seconds", () => sleep(-1), /seconds/],
    ["an empty name", () => dummy({ name: "" }), /non-empty string/],
  ])("refuse %s", (_, make, message) => {
    expect(make).toThrow(UsageError);
    expect(make).toThrow(message);
  });
});

describe("graph pickle bytes", () => {
  // sha256 prefixes of the pickles as written before the writer was made smaller (protocol 4
  // framed, protocol 5, unframed): any change to the written bytes shows here.
  const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const probe = (name: string, options: TaskOptions = {}) => task("labtasks.Probe", { name, ...options });
  it.each<[string, () => ExecutionGraph, string]>([
    ["an empty graph", () => new ExecutionGraph({ name: "g" }), "8e598ae0f605a3c4 2934069e90783c65 c0357d4fd3f6d573"],
    [
      "a Pipeline",
      () => new Pipeline([dummy({ name: "a" }), [sleep(2, { name: "b" }), shellCommand(["ls", "-l"], { name: "c" })]], { name: "p" }),
      "e0ea5672a7e61550 b11f612f3bd678ff 3fb115ed74f9c837",
    ],
    ["a CyclePipeline", () => new CyclePipeline(4, [dummy({ name: "a" }), dummy({ name: "b" })], { name: "cp" }), "c70bec45c1d30b15 718ca1951b41d442 3b05c773976ae643"],
    ["an empty CyclePipeline", () => new CyclePipeline(undefined, [], { name: "cp2" }), "e9170e8164e3c2d3 961948ee3c3426a5 4005f52c757fde3f"],
    [
      "a graph with arguments, edge attributes, sync points and a shell environment",
      () => {
        const a = probe("a", {
          args: [1, "x", [1, 2], { k: new PyTuple([1, 2]) }],
          kwargs: { host: "h", big: 2n ** 70n, f: 1.5, when: new PyDateTime(2024, 1, 2, 3, 4, 5, 6, 3600) },
        });
        const b = probe("b");
        const environmentDefinition = new ShellExecution({
          commands: ["echo"],
          runtimeContext: new RuntimeContext({ portsMapping: { "80": 8080 }, environmentVariables: { A: "b" }, network: "host", additionalArguments: ["--x"] }),
        });
        return new ExecutionGraph({ name: "x", earlyStopping: false, environmentDefinition })
          .addEdge("root", a).addEdge(a, b, { traverseOn: "success", counter: 3 }).addEdge(b, a, { type: "weak", counter: 2 })
          .addEdge(a, 7).addEdge(7, "end");
      },
      "e6ee35d43f1027ec f5719a9b54597fae 38af770a01574eed",
    ],
    [
      "a large Pipeline (several frames)",
      () => {
        const p = new Pipeline([], { name: "big" });
        for (let s = 0; s < 30; s++) p.then(Array.from({ length: 50 }, (_, i) => probe(`t${s}-${i}`, { args: ["x".repeat(i * 40)] })));
        return p;
      },
      "516dff6e9ca811de be188894c0fb15b9 fe77cc0d63a0a721",
    ],
  ])("%s", (_, make, expected) => {
    const graph = make();
    const hashes = [graph.toPickle(), graph.toPickle(undefined, { protocol: 5 }), graph.toPickle(undefined, { frames: false })].map(sha);
    expect(hashes.join(" ")).toBe(expected);
  });
});
