// Graphs go into an Experiment as netunicorn's Deployment does: validated, pickled, requirements
// appended to a copy of the environment's commands, refused on nodes that lack the environment.
import { afterAll, describe, expect, it } from "vitest";
import { GraphValidationError, NetunicornError } from "../../src/errors.js";
import { ExecutionGraph, Pipeline, shellCommand, task } from "../../src/graph/index.js";
import { ShellExecution } from "../../src/model/environment.js";
import { Experiment } from "../../src/model/experiment.js";
import { Node } from "../../src/model/node.js";
import { summarizeExecutionGraph } from "../../src/graph/summary.js";
import { hasPython, loadGraphInPython, removeStandIns } from "./python-harness.js";

afterAll(removeStandIns);

const linux = (name: string, environments?: string[]) =>
  new Node(name, environments === undefined ? {} : { "netunicorn-environments": environments }, "linux/amd64");

describe("graphs in an Experiment", () => {
  it("appends the tasks' requirements to each deployment's copy of the environment commands", () => {
    const graph = new Pipeline([
      task("labtasks.Probe", { name: "probe", requirements: ["pip install scapy"] }),
      shellCommand(["iperf3", "-c", "h"], { name: "iperf", requirements: ["apt-get install -y iperf3"] }),
    ]);
    const experiment = new Experiment().map(graph, [linux("a"), linux("b")]);
    const body = experiment.toJSON();
    expect(body.deployment_map).toHaveLength(2);
    for (const deployment of body.deployment_map) {
      expect(deployment.environment_definition_type).toBe("DockerImage");
      expect(deployment.environment_definition.commands).toEqual(["pip install scapy", "apt-get install -y iperf3"]);
      const summary = summarizeExecutionGraph(Uint8Array.from(atob(deployment.execution_graph), (c) => c.charCodeAt(0)));
      expect(summary.type).toBe("Pipeline");
      expect(summary.name).toBe(graph.name);
    }
    expect(graph.environmentDefinition.commands).toEqual([]); // the graph's own definition is untouched
  });

  it.skipIf(!hasPython)("puts a pickle in the deployment that python3 loads", () => {
    const graph = new ExecutionGraph({ environmentDefinition: new ShellExecution() }).addEdge("root", shellCommand(["true"], { name: "t" }));
    const [deployment] = new Experiment().append(linux("shell-only", ["ShellExecution"]), graph).toJSON().deployment_map;
    const loaded = loadGraphInPython(Uint8Array.from(atob(deployment!.execution_graph), (c) => c.charCodeAt(0)));
    expect(loaded.class).toBe("netunicorn.base.execution_graph.ExecutionGraph");
    expect(loaded.calls).toEqual([
      { class: "netunicorn.library.tasks.basic.ShellCommand", args: [["true"]], kwargs: { dict: [["name", "t"]], class: "dict" } },
    ]);
  });

  it("refuses an invalid graph and a node without the graph's environment", () => {
    const a = task("labtasks.Probe", { name: "a" });
    const cyclic = new ExecutionGraph().addEdge("root", a).addEdge(a, a);
    expect(() => new Experiment().append(linux("n"), cyclic)).toThrow(GraphValidationError);
    let error: unknown;
    try {
      new Experiment().append(linux("docker-only", ["DockerImage"]), new Pipeline([a], { environmentDefinition: new ShellExecution() }));
    } catch (e) {
      error = e;
    }
    expect(NetunicornError.is(error)).toBe(true);
    expect(String(error)).toMatch(/ShellExecution/);
  });
});
