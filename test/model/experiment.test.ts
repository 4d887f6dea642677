// Experiment.append / map with netunicorn's checks, against a fake DeployableGraph.
import { describe, expect, it } from "vitest";
import { decodeBase64 } from "../../src/base64.js";
import { GraphValidationError, UsageError } from "../../src/errors.js";
import {
  Architecture,
  BuildContext,
  CountableNodePool,
  DEFAULT_PYTHON_VERSION,
  type DeployableGraph,
  Deployment,
  DockerImage,
  type EnvironmentDefinition,
  Experiment,
  Node,
  RuntimeContext,
  ShellExecution,
  UncountableNodePool,
} from "../../src/model/index.js";
import { readFixture } from "./fixtures.js";

class FakeGraph implements DeployableGraph {
  validated = 0;
  pickled: Array<Node | undefined> = [];
  constructor(
    readonly environmentDefinition: EnvironmentDefinition,
    readonly requirements: readonly string[] = [],
    private readonly pickle: Uint8Array = new Uint8Array([0x80, 4, 0x2e]),
    private readonly invalid = false,
  ) {}
  validate(): void {
    this.validated++;
    if (this.invalid) throw new GraphValidationError("graph has no root");
  }
  toPickle(node?: Node): Uint8Array {
    this.pickled.push(node);
    return this.pickle;
  }
}

const node = (name: string, environments?: string[]): Node =>
  new Node(name, environments === undefined ? {} : { "netunicorn-environments": environments }, Architecture.LINUX_AMD64);

describe("Experiment.append", () => {
  it("refuses a node that does not support the graph's environment, naming both", () => {
    const graph = new FakeGraph(new DockerImage());
    expect(() => new Experiment().append(node("pi-1", ["ShellExecution"]), graph)).toThrow(UsageError);
    expect(() => new Experiment().append(node("pi-1", ["ShellExecution"]), graph)).toThrow(/pi-1 does not support environment DockerImage/);
    expect(graph.validated).toBe(0);
    expect(() => new Experiment().append(node("pi-2", []), new FakeGraph(new ShellExecution()))).toThrow(/pi-2 .*ShellExecution/);
  });

  it("accepts any environment on a node without the property", () => {
    const experiment = new Experiment().append(node("a"), new FakeGraph(new DockerImage())).append(node("b"), new FakeGraph(new ShellExecution()));
    expect(experiment.length).toBe(2);
  });

  it("validates the graph and lets its error through", () => {
    const graph = new FakeGraph(new ShellExecution(), [], undefined, true);
    expect(() => new Experiment().append(node("a"), graph)).toThrow(GraphValidationError);
    expect(graph.validated).toBe(1);
  });

  it("deep-copies the environment per deployment and appends the requirements", () => {
    const environment = new DockerImage({ commands: ["echo base"], runtimeContext: new RuntimeContext({ environmentVariables: { A: "1" } }) });
    const graph = new FakeGraph(environment, ["apt-get install -y iperf3"]);
    const experiment = new Experiment().map(graph, [node("a"), node("b")]);
    const [first, second] = experiment.deploymentMap;
    expect(first!.environmentDefinition.commands).toEqual(["echo base", "apt-get install -y iperf3"]);
    expect(environment.commands).toEqual(["echo base"]);
    first!.environmentDefinition.runtimeContext.environmentVariables.A = "changed";
    expect(second!.environmentDefinition.runtimeContext.environmentVariables.A).toBe("1");
    expect(environment.runtimeContext.environmentVariables.A).toBe("1");
    expect(first!.environmentDefinition).not.toBe(second!.environmentDefinition);
    expect(graph.pickled.map(String)).toEqual(["a", "b"]);
  });

  it("uses per-node requirements when the graph offers them (dispatchers)", () => {
    const graph = Object.assign(new FakeGraph(new ShellExecution(), ["generic"]), {
      requirementsFor: (n: Node) => [`for ${n.name}`],
    });
    const experiment = new Experiment().append(node("a"), graph);
    expect(experiment.at(0)!.environmentDefinition.commands).toEqual(["for a"]);
  });

  it("builds the deployment netunicorn built for mixed_deployments.json", () => {
    const body = readFixture<{ body: { deployment_map: any[]; deployment_context: any } }>("experiments", "mixed_deployments.json").body;
    const wire = body.deployment_map[3];
    const graph = new FakeGraph(
      new DockerImage({ buildContext: new BuildContext({ pythonVersion: "3.11.2", cloudpickleVersion: "2.2.0" }) }),
      ["sudo apt-get install -y iputils-ping"],
      decodeBase64(wire.execution_graph),
    );
    const experiment = new Experiment(body.deployment_context).append(Node.fromJSON(wire.node), graph);
    expect(experiment.toJSON().deployment_map[0]).toEqual(wire);
  });
});

describe("Experiment.map", () => {
  const graph = () => new FakeGraph(new ShellExecution());

  it("refuses a node pool itself, and any item that is not a node", () => {
    const pool = new CountableNodePool([node("a")]);
    expect(() => new Experiment().map(graph(), pool)).toThrow(/got a node pool/);
    const nested = new CountableNodePool([node("a"), new CountableNodePool([new CountableNodePool([node("z")])])]);
    expect(() => new Experiment().map(graph(), [...nested] as Node[])).toThrow(/got a node pool \(CountableNodePool\)/);
    expect(() => new Experiment().map(graph(), [{ name: "fake" } as unknown as Node])).toThrow(UsageError);
    expect(() => new Experiment().map(graph(), 3 as unknown as Node[])).toThrow(/got a number/);
    expect(() => new Experiment().append(node("a"), new FakeGraph({ commands: [] } as unknown as ShellExecution))).toThrow(UsageError);
  });

  it("deploys on nodes taken from pools, generated ones included", () => {
    const pool = new CountableNodePool([node("a"), new UncountableNodePool([node("vm-")], 3)]);
    const experiment = new Experiment({ kubernetes: { namespace: "x" } }).map(graph(), pool.take(3));
    expect(experiment.deploymentMap.map((d) => d.node.name)).toEqual(["a", "vm-1", "vm-2"]);
    const round = Experiment.fromJSON(JSON.parse(JSON.stringify(experiment)));
    expect(round.toJSON()).toEqual(experiment.toJSON());
    expect(round.deploymentContext).toEqual({ kubernetes: { namespace: "x" } });
    expect([...round].map((d) => d.executionGraph)).toEqual([...experiment].map((d) => d.executionGraph));
  });

  it("concat joins deployments and merges contexts (Python's +)", () => {
    const a = new Experiment({ k8s: { ns: "a" } }).append(node("a"), graph());
    const b = new Experiment({ salt: { x: "1" } }).append(node("b"), graph());
    const c = a.concat(b);
    expect(c.deploymentMap.map((d) => d.node.name)).toEqual(["a", "b"]);
    expect(c.deploymentContext).toEqual({ k8s: { ns: "a" }, salt: { x: "1" } });
    expect(a.length).toBe(1);
  });
});

describe("environment definitions", () => {
  it("defaults as netunicorn's dataclasses, with a full Python version", () => {
    expect(DEFAULT_PYTHON_VERSION).toMatch(/^3\.\d+\.\d+$/);
    expect(new DockerImage().toJSON()).toEqual({
      image: null,
      build_context: { python_version: DEFAULT_PYTHON_VERSION, cloudpickle_version: null },
      runtime_context: { ports_mapping: {}, environment_variables: {}, additional_arguments: [], network: null },
      commands: [],
    });
    expect(new ShellExecution().toJSON()).toEqual({
      commands: [],
      runtime_context: { ports_mapping: {}, environment_variables: {}, additional_arguments: [], network: null },
    });
  });

  it("a new Deployment has the wire defaults", () => {
    const deployment = new Deployment({ node: node("a"), environmentDefinition: new ShellExecution(), executionGraph: new Uint8Array([1, 2, 3]) });
    expect(deployment.toJSON()).toMatchObject({ prepared: false, executor_id: "", error: null, execution_graph: "AQID", keep_alive_timeout_minutes: 10, cleanup: true, environment_definition_type: "ShellExecution" });
  });
});
