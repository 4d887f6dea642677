// python3's standard pickle.loads rebuilds our graph pickles: classes, attributes, networkx
// internals with their identity sharing, and every task built by calling its class.
import { afterAll, describe, expect, it } from "vitest";
import { CyclePipeline, ExecutionGraph, Pipeline, dummy, shellCommand, sleep, task } from "../../src/graph/index.js";
import { BuildContext, DockerImage, RuntimeContext, ShellExecution } from "../../src/model/environment.js";
import { PyTuple } from "../../src/pickle/value.js";
import { hasPython, loadGraphInPython, removeStandIns } from "./python-harness.js";

afterAll(removeStandIns);
const int = (n: number | bigint) => ({ int: String(n) });

describe.skipIf(!hasPython)("python3 pickle.loads of graph pickles", () => {
  it("rebuilds a Pipeline of stages with its tasks, attributes and networkx internals", () => {
    const env = new DockerImage({
      image: "example/probe:1.4",
      runtimeContext: new RuntimeContext({
        portsMapping: { "8080": 80 },
        environmentVariables: { MODE: "probe" },
        network: "lab",
        additionalArguments: ["--cap-add=NET_ADMIN"],
      }),
      buildContext: new BuildContext({ pythonVersion: "3.11.9", cloudpickleVersion: "2.2.0" }),
    });
    const echo = shellCommand(["echo", "hello"], { name: "echo" });
    const nap = sleep(0.5, { name: "nap" });
    const noop = dummy({ name: "noop" });
    const graph = new Pipeline([echo, [nap, noop]], { name: "pipe-1", earlyStopping: false, environmentDefinition: env });
    const loaded = loadGraphInPython(graph.toPickle());

    expect(loaded.class).toBe("netunicorn.base.pipeline.Pipeline");
    expect(loaded.graph_class).toBe("networkx.classes.digraph.DiGraph");
    expect(loaded.graph_keys).toEqual(["__networkx_cache__", "_adj", "_node", "_pred", "_succ", "graph"]);
    expect(loaded.attrs).toEqual({
      name: "pipe-1",
      early_stopping: false,
      report_results: true,
      override_graph_validation: false,
      last_stage: int(2),
      environment_definition: {
        class: "netunicorn.base.environment_definitions.DockerImage",
        attrs: {
          commands: [],
          image: "example/probe:1.4",
          runtime_context: {
            class: "netunicorn.base.environment_definitions.RuntimeContext",
            attrs: {
              ports_mapping: { dict: [[int(8080), int(80)]], class: "dict" },
              environment_variables: { dict: [["MODE", "probe"]], class: "dict" },
              network: "lab",
              additional_arguments: ["--cap-add=NET_ADMIN"],
            },
          },
          build_context: {
            class: "netunicorn.base.environment_definitions.BuildContext",
            attrs: { python_version: "3.11.9", cloudpickle_version: "2.2.0" },
          },
        },
      },
    });
    expect(loaded.nodes).toEqual(["root", { task: "echo" }, int(1), { task: "nap" }, { task: "noop" }, int(2)]);
    expect(loaded.node_data).toEqual(loaded.nodes.map(() => ({ dict: [], class: "dict" })));
    const empty = { dict: [], class: "dict" };
    expect(loaded.edges).toEqual([
      ["root", { task: "echo" }, empty],
      [{ task: "echo" }, int(1), empty],
      [int(1), { task: "nap" }, empty],
      [int(1), { task: "noop" }, empty],
      [{ task: "nap" }, int(2), empty],
      [{ task: "noop" }, int(2), empty],
    ]);
    expect(loaded.adj_is_succ).toBe(true);
    expect(loaded.edge_dicts_shared).toBe(true);
    expect(loaded.pred_matches_succ).toBe(true);
    expect(loaded.same_nodes).toBe(true);
    expect(loaded.tasks_are_single_objects).toBe(true);
    expect(loaded.calls).toEqual([
      { class: "netunicorn.library.tasks.basic.ShellCommand", args: [["echo", "hello"]], kwargs: { dict: [["name", "echo"]], class: "dict" } },
      { class: "netunicorn.library.tasks.basic.SleepTask", args: [{ float: "0.5" }], kwargs: { dict: [["name", "nap"]], class: "dict" } },
      { class: "netunicorn.library.tasks.basic.DummyTask", args: [], kwargs: { dict: [["name", "noop"]], class: "dict" } },
    ]);
  });

  it("passes JSON-like, bigint and bytes arguments to task constructors unchanged", () => {
    const probe = task("labtasks.Probe", {
      name: "probe",
      args: [null, true, 3, 2.5, 2n ** 80n, "naïve ✓", new Uint8Array([0, 255]), [1, [2]], { nested: { k: -1 } }, new PyTuple([1, "a"])],
      kwargs: { host: "8.8.8.8", count: 3, big: -(2n ** 64n), raw: new Uint8Array([7]) },
    });
    const graph = new ExecutionGraph({ name: "args" }).addEdge("root", probe);
    const [call] = loadGraphInPython(graph.toPickle()).calls;
    expect(call).toEqual({
      class: "labtasks.Probe",
      args: [
        null, true, int(3), { float: "2.5" }, int(2n ** 80n), "naïve ✓", { bytes: "00ff" }, [int(1), [int(2)]],
        { dict: [["nested", { dict: [["k", int(-1)]], class: "dict" }]], class: "dict" },
        { tuple: [int(1), "a"] },
      ],
      kwargs: {
        dict: [["host", "8.8.8.8"], ["count", int(3)], ["big", int(-(2n ** 64n))], ["raw", { bytes: "07" }], ["name", "probe"]],
        class: "dict",
      },
    });
  });

  it("rebuilds a CyclePipeline in a ShellExecution with weak counted edges back to root", () => {
    const tick = task("labtasks.Tick", { name: "tick" });
    const graph = new CyclePipeline(3, [tick, [dummy({ name: "dummy" }), task("labtasks.Probe", { name: "probe" })]], {
      name: "cycle",
      environmentDefinition: new ShellExecution({ commands: ["apt-get update"], runtimeContext: new RuntimeContext({ environmentVariables: { RUN: "cycle" } }) }),
    });
    const loaded = loadGraphInPython(graph.toPickle());
    expect(loaded.class).toBe("netunicorn.base.pipeline.CyclePipeline");
    expect(loaded.attrs.edge_params).toEqual({ dict: [["type", "weak"], ["counter", int(2)]], class: "dict" });
    expect(loaded.attrs.last_stage).toEqual(int(2));
    const env = loaded.attrs.environment_definition as { class: string; attrs: Record<string, unknown> };
    expect(env.class).toBe("netunicorn.base.environment_definitions.ShellExecution");
    expect(Object.keys(env.attrs)).toEqual(["commands", "runtime_context"]);
    const weak = { dict: [["type", "weak"], ["counter", int(2)]], class: "dict" };
    expect(loaded.edges.filter(([, to]) => to === "root")).toEqual([["root", "root", weak], [int(2), "root", weak]]);
    expect(loaded.edge_dicts_shared).toBe(true);
    expect(loaded.tasks_are_single_objects).toBe(true);
    expect(loaded.calls.map((c) => c.class)).toEqual(["labtasks.Tick", "netunicorn.library.tasks.basic.DummyTask", "labtasks.Probe"]);
  });

  it("keeps edge attributes, string sync points and a task used on many edges as one object", () => {
    const a = task("labtasks.Probe", { name: "a" });
    const b = task("labtasks.Probe", { name: "b" });
    const c = task("labtasks.Tick", { name: "c" });
    const graph = new ExecutionGraph({ name: "custom" })
      .addEdge("root", a)
      .addEdge(a, b, { traverseOn: "failure" })
      .addEdge(a, "barrier", { traverseOn: "any" })
      .addEdge(b, "barrier")
      .addEdge("barrier", c, { type: "strong" })
      .addEdge(c, a, { type: "weak", counter: 2 });
    const loaded = loadGraphInPython(graph.toPickle(undefined, { protocol: 5 }));
    expect(loaded.class).toBe("netunicorn.base.execution_graph.ExecutionGraph");
    expect(loaded.attrs).not.toHaveProperty("last_stage");
    expect(loaded.edges).toEqual([
      ["root", { task: "a" }, { dict: [], class: "dict" }],
      [{ task: "a" }, { task: "b" }, { dict: [["traverse_on", "failure"]], class: "dict" }],
      [{ task: "a" }, "barrier", { dict: [["traverse_on", "any"]], class: "dict" }],
      [{ task: "b" }, "barrier", { dict: [], class: "dict" }],
      ["barrier", { task: "c" }, { dict: [["type", "strong"]], class: "dict" }],
      [{ task: "c" }, { task: "a" }, { dict: [["type", "weak"], ["counter", int(2)]], class: "dict" }],
    ]);
    expect(loaded.calls).toHaveLength(3);
    expect(loaded.tasks_are_single_objects).toBe(true);
    expect(loaded.edge_dicts_shared).toBe(true);
  });

  it("loads a large multi-frame graph (3,000 tasks, LONG_BINGET references)", () => {
    const graph = new Pipeline();
    for (let stage = 0; stage < 50; stage++) {
      graph.then(Array.from({ length: 60 }, (_, i) => shellCommand(["echo", `${stage}-${i}`], { name: `t-${stage}-${i}` })));
    }
    const bytes = graph.toPickle();
    expect(bytes.length).toBeGreaterThan(3 * 64 * 1024);
    const loaded = loadGraphInPython(bytes);
    expect(loaded.calls).toHaveLength(3000);
    expect(loaded.nodes).toHaveLength(1 + 3000 + 50);
    expect(loaded.edges).toHaveLength(2 * 3000);
    expect(loaded.tasks_are_single_objects).toBe(true);
    expect(loaded.edge_dicts_shared).toBe(true);
    expect(loaded.calls[2999]).toEqual({
      class: "netunicorn.library.tasks.basic.ShellCommand",
      args: [["echo", "49-59"]],
      kwargs: { dict: [["name", "t-49-59"]], class: "dict" },
    });
  });
});

