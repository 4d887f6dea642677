// Graphs built in TypeScript summarize like the expected_graph of the fixture Python built the
// same way (same class, flags, environment type, attributes, nodes in networkx order, edges);
// graph names are random on both sides and left aside.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { summarizeExecutionGraph, type ExecutionGraphSummary } from "../../src/graph/summary.js";
import { CyclePipeline, ExecutionGraph, Pipeline, shellCommand, sleep, dummy, task } from "../../src/graph/index.js";
import { BuildContext, DockerImage, RuntimeContext, ShellExecution } from "../../src/model/environment.js";
import { unpickle } from "../../src/pickle/read.js";
import { PyDict, PyGlobal, PyObject, PyTuple, type PyValue } from "../../src/pickle/value.js";

interface Fixture {
  body: { deployment_map: { execution_graph: string }[] };
  expected_graphs: { expected_graph: ExecutionGraphSummary }[];
}

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/experiments/${name}.json`, import.meta.url), "utf8")) as Fixture;
}

/** Class and name of a task written as functools.partial(cls, name=...)(*args), as decoded. */
function taskCall(node: PyValue): { taskClass: string; name: string } | undefined {
  if (!(node instanceof PyObject) || !(node.callable instanceof PyObject)) return undefined;
  const partial = node.callable;
  if (!(partial.callable instanceof PyGlobal) || partial.callable.qualifiedName !== "functools.partial") return undefined;
  const state = partial.state;
  if (!(state instanceof PyTuple) || !(state.items[0] instanceof PyGlobal) || !(state.items[2] instanceof PyDict)) return undefined;
  return { taskClass: state.items[0].qualifiedName, name: String(state.items[2].get("name")) };
}

/**
 * The summary of our pickle, with task nodes (and the edge ends that are tasks) read from the
 * partial calls when the summarizer reports them without class or name (it reads the state of
 * instances, and our tasks are only built when Python loads the pickle).
 */
function summarizeOurs(bytes: Uint8Array): ExecutionGraphSummary {
  const summary = summarizeExecutionGraph(bytes);
  const nx = ((unpickle(bytes) as PyObject).state as PyDict).get("graph") as PyObject;
  const state = nx.state as PyDict;
  const keyOf = (n: PyValue): string => taskCall(n)?.name ?? String(n);
  const nodes = [...(state.get("_node") as PyDict).keys()];
  summary.nodes = summary.nodes.map((s, i) => {
    const call = taskCall(nodes[i]!);
    if (s.kind !== "task" || s.task_class !== "?" || call === undefined) return s;
    return { ...s, key: call.name, task_class: call.taskClass, task_name: call.name };
  });
  const ends = [...(state.get("_adj") as PyDict)].flatMap(([from, targets]) =>
    [...(targets as PyDict).keys()].map((to) => [keyOf(from), keyOf(to)] as const),
  );
  summary.edges = summary.edges.map((e, i) => ({ ...e, from: ends[i]![0], to: ends[i]![1] }));
  return summary;
}

/** Names aside; task nodes compared by kind, key, class and name (attributes come from Python constructors). */
function comparable(summary: ExecutionGraphSummary): unknown {
  return {
    ...summary,
    name: "<random>",
    nodes: summary.nodes.map((n) =>
      n.kind === "task" ? { kind: n.kind, key: n.key, task_class: n.task_class, task_name: n.task_name } : n,
    ),
  };
}

function expectSameGraph(name: string, graph: ExecutionGraph): void {
  const ours = summarizeOurs(graph.toPickle());
  for (const { expected_graph } of fixture(name).expected_graphs) {
    expect(comparable(ours)).toEqual(comparable(expected_graph));
  }
}

const main = (cls: string, name: string, kwargs?: Record<string, string>) => task(`__main__.${cls}`, { name, kwargs });

describe("graphs built in TypeScript equal the fixtures' expected graphs", () => {
  it("pipeline_docker_map: a Pipeline with parallel stages and library tasks in a DockerImage", () => {
    const graph = new Pipeline(
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
    );
    expectSameGraph("pipeline_docker_map", graph);
  });

  it("cycle_pipeline_shell: a CyclePipeline(cycles=3) in a ShellExecution", () => {
    const graph = new CyclePipeline(3, [main("Tick", "tick"), [dummy({ name: "dummy" }), main("Chatty", "chatty-cycle")]], {
      environmentDefinition: new ShellExecution({ runtimeContext: new RuntimeContext({ environmentVariables: { LOG_LEVEL: "debug", RUN: "cycle" } }) }),
    });
    expectSameGraph("cycle_pipeline_shell", graph);
  });

  it("execution_graph_custom: a hand-built ExecutionGraph with traverse_on, a sync point and a weak counted edge", () => {
    const greet = main("Greeting", "greet");
    const explode = main("Explode", "explode");
    const recover = main("ExplicitFailure", "recover");
    const tick = main("Tick", "tick");
    const graph = new ExecutionGraph({
      environmentDefinition: new DockerImage({ image: "example/netunicorn-probe:1.4" }),
    })
      .addEdge("root", greet)
      .addEdge(greet, explode)
      .addEdge(explode, recover, { traverseOn: "failure" })
      .addEdge(explode, main("SummarizePrevious", "never-runs"), { traverseOn: "success" })
      .addEdge(recover, "barrier", { traverseOn: "any" })
      .addEdge("barrier", tick, { type: "weak", counter: 2 })
      .addEdge("barrier", main("SummarizePrevious", "final"), { type: "strong" })
      .addEdge(tick, "barrier")
      .addEdge("root", tick);
    expectSameGraph("execution_graph_custom", graph);
  });

  it("the real fixture pickles summarize to their expected graphs (the summary itself is sound)", () => {
    const f = fixture("cycle_pipeline_shell");
    const bytes = Uint8Array.from(atob(f.body.deployment_map[0]!.execution_graph), (c) => c.charCodeAt(0));
    expect(summarizeExecutionGraph(bytes)).toEqual(f.expected_graphs[0]!.expected_graph);
  });
});
