// Every golden body of ../shared/library/experiments (copied to test/fixtures/library), built in
// TypeScript with netunicorn/library: the same nodes, environment definitions (same commands in
// the same order) and graphs whose summaries equal expected_graphs up to the README's random
// fields; the two expected errors match Python's exception class, message and leftovers.
import { describe, expect, it } from "vitest";
import { DispatchError } from "../../src/library/index.js";
import { Pipeline, type Stage, type TaskReference } from "../../src/graph/index.js";
import { libraryTask, task } from "../../src/library/index.js";
import { BuildContext, DockerImage, ShellExecution } from "../../src/model/environment.js";
import { Experiment } from "../../src/model/experiment.js";
import { LIBRARY_INSTALL_COMMAND } from "../../src/model/deployment.js";
import { Node } from "../../src/model/node.js";
import { PyDict, PyGlobal, PyObject } from "../../src/pickle/value.js";
import { comparable, GOLDEN_FILES, golden, graphBytes, summarizeOurs, withoutGraphs } from "./golden.js";

const docker = () => new DockerImage({ buildContext: new BuildContext({ pythonVersion: "3.11.2", cloudpickleVersion: "2.2.0" }) });
const T = "netunicorn.library.tasks.";

/** Ping → tcpdump StartCapture → [NDT7SpeedTest, OoklaSpeedtest] → StopNamedCapture, as the two dispatcher goldens. */
function dispatcherStages(): Stage[] {
  return [
    libraryTask("Ping", ["127.0.0.1", 3]),
    task(`${T}capture.tcpdump.StartCapture`, { args: ["/tmp/capture.pcap"], kwargs: { arguments: ["-i", "any"] }, name: "capture" }),
    [libraryTask("NDT7SpeedTest"), libraryTask("OoklaSpeedtest", { timeout: 60 }, { name: "ookla" })],
    libraryTask("StopNamedCapture", ["capture"], { name: "stop-capture" }),
  ];
}

/** A pydantic FlagValues stand-in (a non-JSON attribute, as in Python). */
const flagValues = (): PyObject => {
  const o = new PyObject(new PyGlobal("netunicorn.base.types", "FlagValues"), [], true);
  o.state = new PyDict([["text_value", "yes"], ["int_value", 0]]);
  return o;
};

function plainStages(): Stage[] {
  return [
    [libraryTask("Iperf3ServerStart", { flags: ["-p", "5201"] }, { name: "iperf-server" }), libraryTask("SetFlagTask", ["server-ready", flagValues()], { name: "flag-ready" })],
    libraryTask("Iperf3Client", [["-c", "127.0.0.1", "-p", "5201", "-t", "2"]], { name: "iperf-client" }),
    [
      libraryTask("tcpdump.StartCaptureLinuxImplementation", ["/tmp/capture.pcap"], { name: "tcpdump-start" }),
      libraryTask("TsharkCommand", [["tshark", "-r", "/tmp/capture.pcap"]], { name: "tshark-read" }),
      libraryTask("Get5Tuples", ["/tmp/capture.pcap"], { name: "five-tuples" }),
    ],
    libraryTask("SleepTask", [1], { name: "pause", requirements: ["echo instance-level requirement"] }),
    [libraryTask("Iperf3ServerStop", ["iperf-server"], { name: "iperf-stop" }), libraryTask("StopNamedCaptureLinuxImplementation", ["tcpdump-start"], { name: "tcpdump-stop" })],
  ];
}

function nameStages(): Stage[] {
  return [
    [libraryTask("SleepTask", [1]), libraryTask("SleepTask", [2], { name: "sleep-named" })],
    [libraryTask("ShellCommand", [["echo", "hello"]]), libraryTask("DummyTask", [], { name: "dummy-named" })],
    [libraryTask("Ping", ["127.0.0.1", 3]), libraryTask("tcpdump.StartCapture", ["/tmp/capture.pcap"], { name: "capture-named" })],
    [libraryTask("OoklaSpeedtestAnalysis", ["ookla"], { name: "analysis-named" }), libraryTask("RandomSleepTask", [1, 3])],
  ];
}

/** Builds the golden's experiment with Experiment.map and checks body and graphs; returns the experiment. */
function expectGolden(file: string, stages: Stage[], environment: DockerImage | ShellExecution, randomSecondsAt: number[] = []): Experiment {
  const g = golden(file);
  const nodes = g.body!.deployment_map.map((d) => Node.fromJSON(d.node));
  const pipeline = new Pipeline(stages, { environmentDefinition: environment });
  const experiment = new Experiment().map(pipeline, nodes, { installLibrary: false });
  const body = JSON.parse(JSON.stringify(experiment.toJSON())) as typeof g.body & object;
  expect(withoutGraphs(body)).toEqual(withoutGraphs(g.body!));
  body.deployment_map.forEach((deployment, i) => {
    const resolved = pipeline.dispatchFor(nodes[i]!).tasks as TaskReference[];
    const ours = summarizeOurs(graphBytes(deployment.execution_graph), resolved);
    expect(comparable(ours, g.notes, randomSecondsAt)).toEqual(comparable(g.expected_graphs![i]!.expected_graph, g.notes, randomSecondsAt));
  });
  return experiment;
}

const node = (name: string, architecture: string, environments = ["DockerImage", "ShellExecution"]) =>
  Node.fromJSON({ name, properties: { "netunicorn-environments": environments }, additional_properties: {}, architecture });

describe("library golden bodies: TypeScript builds the same prepare body as Python", () => {
  it("covers every golden file", () => {
    expect(GOLDEN_FILES.map((f) => golden(f).experiment_name)).toHaveLength(6);
  });

  it("dispatchers_docker_map: dispatch per architecture (NDT7 per-arch class) and requirements in graph order", () => {
    const experiment = expectGolden("dispatchers_docker_map", dispatcherStages(), docker());
    // Ping's implementation is made once in Ping.__init__: the same random name on both nodes.
    const names = [...experiment].map((d) => summarizeOurs(d.executionGraph, []).nodes[1]!.key);
    expect(names[0]).toBe(names[1]);
  });

  it("dispatchers_shell_map: the same in ShellExecution (installLibrary: false gives Python's commands exactly)", () => {
    expectGolden("dispatchers_shell_map", dispatcherStages(), new ShellExecution());
  });

  it("dispatchers_shell_map by default: Python's commands, then the library installation last", () => {
    const g = golden("dispatchers_shell_map");
    const nodes = g.body!.deployment_map.map((d) => Node.fromJSON(d.node));
    const experiment = new Experiment().map(new Pipeline(dispatcherStages(), { environmentDefinition: new ShellExecution() }), nodes);
    [...experiment].forEach((d, i) => {
      const python = (g.body!.deployment_map[i]!.environment_definition as { commands: string[] }).commands;
      expect(d.environmentDefinition.commands).toEqual([...python, LIBRARY_INSTALL_COMMAND]);
    });
  });

  it("plain_tasks_requirements: class requirements per task in node order, duplicates and add_requirement kept", () => {
    expectGolden("plain_tasks_requirements", plainStages(), docker());
  });

  it("task_names: explicit names kept, dispatcher names passed on or not as each class does", () => {
    const experiment = expectGolden("task_names", nameStages(), docker(), [11]);
    const [a, b] = [...experiment].map((d) => summarizeOurs(d.executionGraph, []).nodes);
    expect(a![7]!.key).toBe(b![7]!.key); // Ping: one implementation for every node
    expect(a![11]!.key).not.toBe(b![11]!.key); // RandomSleepTask: a new SleepTask per dispatch
    for (const seconds of [a![11], b![11]].map((n) => (n as unknown as { attributes: { seconds: number } }).attributes.seconds)) {
      expect([1, 2, 3]).toContain(seconds);
    }
  });

  it("dispatch_unsupported_windows: NotImplementedError naming the node; the first node's deployment stays", () => {
    const g = golden("dispatch_unsupported_windows");
    const experiment = new Experiment();
    const nodes = [node("edge-amd64-01", "linux/amd64"), node("lab-win-b", "win/amd64")];
    const pipeline = new Pipeline([libraryTask("Ping", ["127.0.0.1", 3])], { environmentDefinition: docker() });
    const error = captureError(() => experiment.map(pipeline, nodes));
    expect(error).toBeInstanceOf(DispatchError);
    expect(error).toMatchObject({ pythonException: g.expected_error!.exception, pythonMessage: g.expected_error!.message, node: "lab-win-b" });
    expect((error as Error).message).toContain("lab-win-b");
    expect([...experiment].map((d) => d.node.name)).toEqual(g.expected_error!.deployments_appended_before_error);
  });

  it("dispatch_unsupported_unknown_arch: NDT7SpeedTest raises a plain Exception, nothing appended", () => {
    const g = golden("dispatch_unsupported_unknown_arch");
    const experiment = new Experiment();
    const pipeline = new Pipeline([libraryTask("NDT7SpeedTest")], { environmentDefinition: new ShellExecution() });
    const error = captureError(() => experiment.map(pipeline, [node("mystery-box", "unknown")]));
    expect(error).toMatchObject({ name: "DispatchError", pythonException: g.expected_error!.exception, pythonMessage: g.expected_error!.message });
    expect([...experiment].map((d) => d.node.name)).toEqual(g.expected_error!.deployments_appended_before_error);
  });

  it("the environment check runs before dispatch (a node without the environment fails on that first)", () => {
    const pipeline = new Pipeline([libraryTask("Ping", ["127.0.0.1"])], { environmentDefinition: docker() });
    const error = captureError(() => new Experiment().append(node("lab-win-b", "win/amd64", ["ShellExecution"]), pipeline));
    expect(error).not.toBeInstanceOf(DispatchError);
    expect((error as Error).message).toMatch(/does not support environment DockerImage/);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
