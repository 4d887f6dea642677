// Experiment.map validates the graph once and pickles each distinct dispatched graph once: every
// deployment still holds exactly what netunicorn's per-node Deployment steps give (the graph
// dispatched for that node, its requirements, its pickle), on plain graphs, cycles, weak edges,
// library dispatchers (DockerImage and ShellExecution) and the golden files' dispatcher stages.
import { afterEach, describe, expect, it, vi } from "vitest";
import { CyclePipeline, ExecutionGraph, Pipeline, type Stage, TaskDispatcher, TaskReference, shellCommand, task } from "../../src/graph/index.js";
import { libraryTask, task as libTask } from "../../src/library/index.js";
import { BuildContext, DockerImage, Experiment, LIBRARY_INSTALL_COMMAND, Node, RuntimeContext, ShellExecution } from "../../src/model/index.js";

const node = (name: string, architecture: string) =>
  Node.fromJSON({ name, properties: { "netunicorn-environments": ["DockerImage", "ShellExecution"] }, additional_properties: {}, architecture });
const NODES = Array.from({ length: 12 }, (_, i) => node(`n${i}`, i % 3 === 2 ? "linux/arm64" : "linux/amd64"));
const T = "netunicorn.library.tasks.";

/** The golden dispatcher files' stages (test/library/equivalence.test.ts), plus RandomSleepTask (a new draw per node). */
function goldenStages(draws: boolean): Stage[] {
  return [
    libraryTask("Ping", ["127.0.0.1", 3]),
    libTask(`${T}capture.tcpdump.StartCapture`, { args: ["/tmp/capture.pcap"], kwargs: { arguments: ["-i", "any"] }, name: "capture" }),
    [libraryTask("NDT7SpeedTest", { flags: ["-x"], source_ip: "10.0.0.1" }), libraryTask("OoklaSpeedtest", { timeout: 60 }, { name: "ookla" })],
    [libraryTask("StopNamedCapture", ["capture"], { name: "stop-capture" }), ...(draws ? [libraryTask("RandomSleepTask", [1, 3])] : [])],
    [libraryTask("UploadToWebDav", [["/tmp/a"], "https://dav.example.org/"]), libraryTask("SleepTask", [1], { requirements: ["echo more"] })],
  ];
}

const GRAPHS: Record<string, () => ExecutionGraph> = {
  "plain pipeline": () => new Pipeline([task("labtasks.Probe", { kwargs: { x: 1 }, requirements: ["r1", "r1"] }), [shellCommand(["echo", "x"]), task("labtasks.Tick")]]),
  "cycle pipeline": () => new CyclePipeline(4, [task("labtasks.Probe"), task("labtasks.Tick", { requirements: ["r2"] })]),
  "weak edges": () => {
    const g = new ExecutionGraph({ earlyStopping: false, environmentDefinition: new ShellExecution({ commands: ["apt-get update"] }) });
    const a = task("labtasks.Probe");
    const b = task("labtasks.Tick");
    return g.addEdge("root", a).addEdge(a, b, { traverseOn: "failure" }).addEdge(b, "root", { type: "weak", counter: 3 });
  },
  "library, DockerImage": () =>
    new Pipeline(goldenStages(false), {
      environmentDefinition: new DockerImage({ buildContext: new BuildContext({ pythonVersion: "3.11.2" }), runtimeContext: new RuntimeContext({ portsMapping: { 80: 8080 } }) }),
    }),
  "library, ShellExecution": () => new Pipeline(goldenStages(false), { environmentDefinition: new ShellExecution({ commands: ["echo first"] }) }),
  "library with draws, ShellExecution": () => new Pipeline(goldenStages(true), { environmentDefinition: new ShellExecution() }),
};

afterEach(() => vi.restoreAllMocks());

describe("Experiment.map deploys each distinct dispatched graph once", () => {
  for (const [label, make] of Object.entries(GRAPHS)) {
    it(`${label}: every deployment equals the per-node steps (dispatch, requirements, pickle)`, () => {
      const graph = make();
      const experiment = new Experiment().map(graph, NODES);
      expect(experiment.length).toBe(NODES.length);
      experiment.deploymentMap.forEach((deployment, i) => {
        const n = NODES[i]!;
        // The targets the map drew for this node (RandomSleepTask draws anew in each dispatch call).
        const resolved = graph.dispatchFor(n);
        const expectedCommands = [...graph.environmentDefinition.commands, ...resolved.requirements];
        if (graph.environmentDefinition.type === "ShellExecution" && resolved.usesLibrary) expectedCommands.push(LIBRARY_INSTALL_COMMAND);
        expect(deployment.node).toBe(n);
        expect(deployment.environmentDefinition.commands).toEqual(expectedCommands);
        if (!label.includes("draws")) expect(deployment.executionGraph).toEqual(resolved.toPickle(n));
      });
    });
  }

  it("gives the same bytes as deploying node by node (Deployment.forGraph), draws aside", () => {
    for (const make of Object.values(GRAPHS)) {
      const graph = make();
      const mapped = new Experiment().map(graph, NODES);
      const appended = new Experiment();
      for (const n of NODES) appended.append(n, graph);
      const stable = (e: Experiment) => JSON.stringify(e.toJSON(), (key, value: unknown) => (key === "execution_graph" ? undefined : value));
      expect(stable(mapped)).toBe(stable(appended));
      // Without RandomSleepTask (the only per-dispatch draw) the pickles are the same bytes too.
      if (!graph.tasks.some((t) => t.className.endsWith("RandomSleepTask"))) {
        expect(mapped.deploymentMap.map((d) => d.toJSON().execution_graph)).toEqual(appended.deploymentMap.map((d) => d.toJSON().execution_graph));
      }
    }
  });

  it("validates the graph once and pickles once per distinct dispatch, however many nodes", () => {
    const validate = vi.spyOn(ExecutionGraph.prototype, "validate");
    const toPickle = vi.spyOn(ExecutionGraph.prototype, "toPickle");
    const stages: Stage[] = [libraryTask("Ping", ["127.0.0.1"]), libraryTask("NDT7SpeedTest"), task("labtasks.Probe")];
    const many = Array.from({ length: 300 }, (_, i) => node(`m${i}`, i % 2 ? "linux/arm64" : "linux/amd64"));
    new Experiment().map(new Pipeline(stages), many);
    // NDT7SpeedTest has one implementation per architecture: two distinct dispatched graphs.
    expect(toPickle).toHaveBeenCalledTimes(2);
    expect(validate).toHaveBeenCalledTimes(1 + 2); // the graph, then each dispatched copy inside toPickle
    validate.mockClear();
    toPickle.mockClear();
    new Experiment().map(new Pipeline([task("labtasks.Probe")]), many);
    expect(toPickle).toHaveBeenCalledTimes(1);
    expect(validate).toHaveBeenCalledTimes(2);
  });

  it("pickles per node when a dispatcher returns a new task each time (RandomSleepTask, own dispatchers)", () => {
    let made = 0;
    class Fresh extends TaskDispatcher {
      dispatch(n: Node): TaskReference {
        made++;
        return new TaskReference("labtasks.Probe", { name: "fresh", kwargs: { on: n.name } });
      }
    }
    const graph = new Pipeline([new Fresh("labtasks.Dispatcher", { name: "fresh" })]);
    const experiment = new Experiment().map(graph, NODES);
    expect(made).toBe(NODES.length); // dispatch(node) once per node, as netunicorn
    const pickles = new Set(experiment.deploymentMap.map((d) => d.toJSON().execution_graph));
    expect(pickles.size).toBe(NODES.length); // each node's kwargs are in its own pickle
  });

  it("hands every deployment bytes of its own", () => {
    const experiment = new Experiment().map(new Pipeline([task("labtasks.Probe")]), NODES.slice(0, 2));
    const [a, b] = experiment.deploymentMap;
    const before = Uint8Array.from(b!.executionGraph);
    a!.executionGraph[0] = 0;
    expect(b!.executionGraph).toEqual(before);
    expect(a!.executionGraph).not.toBe(b!.executionGraph);
  });

  it("refuses as before: the first node's error, in netunicorn's order", () => {
    const bad = new ExecutionGraph();
    bad.addNode(task("labtasks.Probe", { name: "alone" }));
    expect(() => new Experiment().map(bad, NODES)).toThrow(/not connected to root: task "alone"/);
    const windows = [...NODES.slice(0, 3), node("w", "win/amd64")];
    expect(() => new Experiment().map(new Pipeline([libraryTask("Ping", ["1.1.1.1"])]), windows)).toThrow(/cannot be dispatched for node w \(win\/amd64\)/);
  });
});
