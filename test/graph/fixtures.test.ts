// Graphs built in TypeScript summarize like the expected_graph of the fixture Python built the
// same way (same class, flags, environment type, attributes, nodes in networkx order, edges);
// graph names are random on both sides and left aside.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { summarizeExecutionGraph, type ExecutionGraphSummary } from "../../src/graph/summary.js";
import { CyclePipeline, ExecutionGraph, Pipeline, TaskReference, shellCommand, sleep, dummy, task } from "../../src/graph/index.js";
import { Experiment } from "../../src/model/experiment.js";
import { Node } from "../../src/model/node.js";
import { BuildContext, DockerImage, RuntimeContext, ShellExecution } from "../../src/model/environment.js";
import { unpickle } from "../../src/pickle/read.js";
import { PyDict, PyObject, type PyValue } from "../../src/pickle/value.js";
import { readTaskCall } from "../../src/graph/task-call.js";

interface Fixture {
  body: { deployment_map: ({ execution_graph: string } & Record<string, unknown>)[]; deployment_context: unknown };
  expected_graphs: { expected_graph: ExecutionGraphSummary }[];
}

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/experiments/${name}.json`, import.meta.url), "utf8")) as Fixture;
}

// Parameter names of the library tasks' positional arguments (their constructors store them).
const POSITIONAL: Record<string, string[]> = {
  "netunicorn.library.tasks.basic.SleepTask": ["seconds"],
  "netunicorn.library.tasks.basic.ShellCommand": ["command"],
};

/**
 * Class, name and the attributes the Python constructor would set (named arguments, name, and
 * Task's requirements list) of a task written as functools.partial(cls, **kwargs)(*args).
 */
function taskCall(
  node: PyValue,
  requirements: ReadonlyMap<string, readonly string[]> = new Map(),
): { taskClass: string; name: string; attributes: Record<string, unknown> } | undefined {
  const call = readTaskCall(node);
  if (call === undefined || call.name === undefined) return undefined;
  const attributes: Record<string, unknown> = {};
  (POSITIONAL[call.className] ?? []).forEach((param, i) => (attributes[param] = call.args[i]));
  for (const [k, v] of call.kwargs) attributes[String(k)] = v;
  attributes.requirements = requirements.get(call.name) ?? []; // a class attribute in Python
  return { taskClass: call.className, name: call.name, attributes };
}

/**
 * The summary of our pickle (summarizeExecutionGraph names our partial-call tasks), with each
 * task's attributes completed as its Python constructor would (see taskCall).
 */
function summarizeOurs(bytes: Uint8Array, tasks: readonly TaskReference[]): ExecutionGraphSummary {
  const requirements = new Map(tasks.map((t) => [t.name, t.requirements]));
  const summary = summarizeExecutionGraph(bytes);
  const nx = ((unpickle(bytes) as PyObject).state as PyDict).get("graph") as PyObject;
  const state = nx.state as PyDict;
  const nodes = [...(state.get("_node") as PyDict).keys()];
  summary.nodes = summary.nodes.map((s, i) => {
    const call = taskCall(nodes[i]!, requirements);
    if (s.kind !== "task" || call === undefined) return s;
    // The summary shows the keyword arguments; Python's constructor also stores the named
    // positional arguments and Task's requirements, which taskCall adds.
    return { ...s, attributes: { ...s.attributes, ...(call.attributes as typeof s.attributes) } };
  });
  return summary;
}

/** Graph names aside (random on both sides). */
function comparable(summary: ExecutionGraphSummary): unknown {
  return { ...summary, name: "<random>" };
}

/** `build(deployment node name, its architecture)` must give each deployment's expected graph. */
function expectSameGraph(name: string, build: (node: string, arch: string) => ExecutionGraph): void {
  const f = fixture(name);
  f.expected_graphs.forEach(({ expected_graph }, i) => {
    const node = f.body.deployment_map[i]!.node as { name: string; architecture: string };
    const graph = build(node.name, node.architecture);
    const ours = summarizeOurs(graph.toPickle(), graph.tasks);
    expect(comparable(ours)).toEqual(comparable(expected_graph));
  });
}

/** The fixtures' hand-built graph; Greeting stands for their TaskDispatcher, which dispatched a task per node. */
function customGraph(node: string, arch: string, environmentDefinition: DockerImage): ExecutionGraph {
  const greet = main("Greeting", "greet", { node_name: node, arch });
  const explode = main("Explode", "explode");
  const recover = main("ExplicitFailure", "recover");
  const tick = main("Tick", "tick");
  return new ExecutionGraph({ environmentDefinition })
    .addEdge("root", greet)
    .addEdge(greet, explode)
    .addEdge(explode, recover, { traverseOn: "failure" })
    .addEdge(explode, main("SummarizePrevious", "never-runs"), { traverseOn: "success" })
    .addEdge(recover, "barrier", { traverseOn: "any" })
    .addEdge("barrier", tick, { type: "weak", counter: 2 })
    .addEdge("barrier", main("SummarizePrevious", "final"), { type: "strong" })
    .addEdge(tick, "barrier")
    .addEdge("root", tick);
}

const main = (cls: string, name: string, kwargs?: Record<string, string>) => task(`__main__.${cls}`, { name, kwargs });

describe("graphs built in TypeScript equal the fixtures' expected graphs", () => {
  it("pipeline_docker_map: a Pipeline with parallel stages and library tasks in a DockerImage", () => {
    expectSameGraph("pipeline_docker_map", () => new Pipeline(
      [
        [main("CollectStats", "collect", { host: "8.8.8.8" }), main("ContainerZoo", "containers")],
        main("NumberZoo", "numbers"),
        [main("OddKeys", "odd-keys"), main("Timestamp", "timestamp")],
        sleep(0, { name: "library-sleep" }),
        shellCommand(["echo", "hello from shell"], { name: "library-shell" }),
        main("Chatty", "chatty"),
        main("AlwaysFalse", "always-false"),
        main("SummarizePrevious", "summary"),
      ],
      { environmentDefinition: new DockerImage({ buildContext: new BuildContext({ pythonVersion: "3.11.2", cloudpickleVersion: "2.2.0" }) }) },
    ));
  });

  it("cycle_pipeline_shell: a CyclePipeline(cycles=3) in a ShellExecution", () => {
    expectSameGraph("cycle_pipeline_shell", () => new CyclePipeline(3, [main("Tick", "tick"), [dummy({ name: "dummy" }), main("Chatty", "chatty-cycle")]], {
      environmentDefinition: new ShellExecution({ runtimeContext: new RuntimeContext({ environmentVariables: { LOG_LEVEL: "debug", RUN: "cycle" } }) }),
    }));
  });

  it("execution_graph_custom: a hand-built ExecutionGraph with traverse_on, a sync point and a weak counted edge", () => {
    expectSameGraph("execution_graph_custom", (node, arch) =>
      customGraph(node, arch, new DockerImage({ image: "example/netunicorn-probe:1.4" })),
    );
  });

  it("the real fixture pickles summarize to their expected graphs (the summary itself is sound)", () => {
    const f = fixture("cycle_pipeline_shell");
    const bytes = Uint8Array.from(atob(f.body.deployment_map[0]!.execution_graph), (c) => c.charCodeAt(0));
    expect(summarizeExecutionGraph(bytes)).toEqual(f.expected_graphs[0]!.expected_graph);
  });

  it("mixed_deployments: Experiment.append with a graph and environment per node, requirements in the commands", () => {
    const f = fixture("mixed_deployments");
    const nodes = f.body.deployment_map.map((d) => Node.fromJSON(d.node));
    const built = new BuildContext({ pythonVersion: "3.11.2", cloudpickleVersion: "2.2.0" });
    const graphs: ExecutionGraph[] = [
      new Pipeline(
        [main("Explode", "explode"), main("ExplicitFailure", "explicit-failure"), shellCommand("exit 3", { name: "legacy-shell" }), main("Chatty", "chatty")],
        { earlyStopping: false, environmentDefinition: new ShellExecution() },
      ),
      customGraph("rpi-arm64-07", "linux/arm64", DockerImage.fromJSON(f.body.deployment_map[1]!.environment_definition)),
      new Pipeline([dummy({ name: "dummy" })], { environmentDefinition: new DockerImage({ buildContext: built }) }),
      new Pipeline(
        [
          task("netunicorn.library.tasks.measurements.ping.PingLinuxImplementation", {
            name: "1292dece-2525-4cd6-ab3e-743ede07e34d",
            kwargs: { address: "127.0.0.1", count: 2 },
            requirements: ["sudo apt-get install -y iputils-ping"],
          }),
          sleep(1, { name: "sleep" }),
        ],
        { environmentDefinition: new DockerImage({ buildContext: built }) },
      ),
    ];
    const experiment = new Experiment(f.body.deployment_context as never);
    // installLibrary: false: Python's commands exactly (by default a ShellExecution deployment
    // using library tasks also gets the library installed, which Python ships by value instead).
    graphs.forEach((graph, i) => experiment.append(nodes[i]!, graph, { installLibrary: false }));
    const body = experiment.toJSON();
    const withoutGraphs = (b: { deployment_map: unknown[]; deployment_context: unknown }) => ({
      ...b,
      deployment_map: b.deployment_map.map((d) => ({ ...(d as object), execution_graph: "<graph>" })),
    });
    expect(withoutGraphs(JSON.parse(JSON.stringify(body)))).toEqual(withoutGraphs(f.body));
    body.deployment_map.forEach((deployment, i) => {
      const bytes = Uint8Array.from(atob(deployment.execution_graph), (c) => c.charCodeAt(0));
      expect(comparable(summarizeOurs(bytes, graphs[i]!.tasks))).toEqual(comparable(f.expected_graphs[i]!.expected_graph));
    });
  });
});
