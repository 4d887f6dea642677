// Audit of issue 4's remaining promises: everything exported from the package root, experiments
// handed straight to RemoteClient.prepareExperiment (the request body carries our pickles), unique
// generated task names at scale, and hostile input refused with library errors only.
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import { UsageError } from "../../src/errors.js";
import {
  CyclePipeline, DockerImage, Experiment, ExecutionGraph, GraphValidationError, Node, NetunicornError, Pipeline,
  RemoteClient, ShellExecution, dummy, pickle, shellCommand, sleep, summarizeExecutionGraph, task, toView, unpickle,
} from "../../src/index.js";

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

describe("the package root", () => {
  it("exports the graph builder, the models and pickle()", () => {
    for (const name of [
      "ExecutionGraph", "Pipeline", "CyclePipeline", "task", "shellCommand", "sleep", "dummy",
      "Experiment", "DockerImage", "ShellExecution", "pickle",
    ]) {
      expect(typeof (root as Record<string, unknown>)[name], name).toBe("function");
    }
    expect(toView(unpickle(pickle({ a: [1, 2n ** 70n, "x"] })))).toEqual({ a: [1, { $int: String(2n ** 70n) }, "x"] });
  });
});

describe("prepareExperiment takes a built experiment directly", () => {
  it("sends each deployment's pickle, environment and requirements in the prepare body", async () => {
    const requests: { url: string; method: string; body: string }[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      requests.push({ url: request.url, method: request.method, body: await request.text() });
      if (request.url.endsWith("/token")) {
        return new Response(JSON.stringify({ access_token: "t0k3n", token_type: "bearer" }), { headers: { "content-type": "application/json" } });
      }
      return new Response(JSON.stringify("ping-exp"), { headers: { "content-type": "application/json" } });
    };
    const client = new RemoteClient({ endpoint: "http://127.0.0.1:9", login: "u", password: "p", fetch, retry: false });
    const pipeline = new Pipeline([shellCommand(["ping", "-c", "1", "h"], { name: "ping", requirements: ["apt-get install -y iputils-ping"] })])
      .then([sleep(1, { name: "nap" }), dummy({ name: "noop" })]);
    const nodes = [new Node("n1", {}, "linux/amd64"), new Node("n2", {}, "linux/arm64")];
    const experiment = new Experiment({ lab: { region: "eu" } }).map(pipeline, nodes);

    expect(await client.prepareExperiment(experiment, "ping-exp")).toBe("ping-exp");
    const prepare = requests.find((r) => r.url.endsWith("/api/v1/experiment/ping-exp/prepare"));
    expect(prepare?.method).toBe("POST");
    const body = JSON.parse(prepare!.body) as {
      deployment_map: { node: { name: string }; execution_graph: string; environment_definition_type: string; environment_definition: { commands: string[]; build_context: { python_version: string } } }[];
      deployment_context: unknown;
    };
    expect(body.deployment_context).toEqual({ lab: { region: "eu" } });
    expect(body.deployment_map.map((d) => d.node.name)).toEqual(["n1", "n2"]);
    for (const deployment of body.deployment_map) {
      expect(deployment.environment_definition_type).toBe("DockerImage");
      expect(deployment.environment_definition.commands).toEqual(["apt-get install -y iputils-ping"]);
      expect(deployment.environment_definition.build_context.python_version).toMatch(/^3\.\d+\.\d+$/);
      const summary = summarizeExecutionGraph(fromBase64(deployment.execution_graph));
      expect(summary.type).toBe("Pipeline");
      expect(summary.nodes.filter((n) => n.kind === "task").map((n) => n.kind === "task" && n.task_name)).toEqual(["ping", "nap", "noop"]);
    }
  });

  it("refuses a node lacking the graph's environment before any request", () => {
    const dockerOnly = new Node("d", { "netunicorn-environments": ["DockerImage"] }, "linux/amd64");
    const graph = new CyclePipeline(3, [dummy()], { environmentDefinition: new ShellExecution() });
    expect(() => new Experiment().append(dockerOnly, graph)).toThrow(/node d does not support environment ShellExecution/);
    const shellOnly = new Node("s", { "netunicorn-environments": ["ShellExecution"] }, "linux/amd64");
    expect(() => new Experiment().map(new Pipeline([dummy()], { environmentDefinition: new DockerImage() }), [shellOnly])).toThrow(NetunicornError);
  });
});

describe("generated task names", () => {
  it("never repeat, even across 100,000 tasks (8 hex digits chosen at random would collide)", () => {
    const names = new Set<string>();
    for (let i = 0; i < 100_000; i++) names.add(dummy().name.slice("DummyTask-".length));
    expect(names.size).toBe(100_000);
    for (const suffix of [...names].slice(0, 50)) expect(suffix).toMatch(/^[0-9a-f]{8}$/);
  });

  it("let a 10,000-task graph validate every time", () => {
    const graph = new Pipeline(Array.from({ length: 10_000 }, () => dummy()));
    expect(() => graph.validate()).not.toThrow();
  });
});

describe("hostile input", () => {
  const attempts: [string, () => unknown][] = [
    ["a null class path", () => task(null as never)],
    ["a class path with a newline", () => task("os.system\nX")],
    ["a numeric task name", () => task("a.B", { name: 5 as never })],
    ["non-string requirements", () => task("a.B", { requirements: [1] as never })],
    ["a symbol argument", () => task("a.B", { args: [Symbol("x")] as never })],
    ["sleep(NaN)", () => sleep(Number.NaN)],
    ["sleep(Infinity)", () => sleep(Number.POSITIVE_INFINITY)],
    ["shellCommand of numbers", () => shellCommand([1, 2] as never)],
    ["shellCommand of an empty string", () => shellCommand("")],
    ["an edge to undefined", () => new ExecutionGraph().addEdge("root", undefined as never)],
    ["an edge to a float", () => new ExecutionGraph().addEdge("root", 1.5)],
    ["an edge with an unknown attribute", () => new ExecutionGraph().addEdge("root", "x", { traverse_on: "any" } as never)],
    ["CyclePipeline(2)", () => new CyclePipeline(2)],
    ["CyclePipeline(NaN)", () => new CyclePipeline(Number.NaN)],
    ["a stage of strings", () => new Pipeline([["a"] as never])],
    ["args given as a number", () => task("a.B", { args: 5 as never })],
    ["kwargs given as an array", () => task("a.B", { kwargs: [1] as never })],
    ["null options", () => task("a.B", null as never)],
  ];
  it.each(attempts)("refuses %s with a NetunicornError, never a bare TypeError", (_, attempt) => {
    let caught: unknown;
    try {
      attempt();
    } catch (error) {
      caught = error;
    }
    expect(NetunicornError.is(caught), String(caught)).toBe(true);
  });

  it("accepts a cyclic argument list (pickle keeps references)", () => {
    const a: unknown[] = [];
    a.push(a);
    expect(() => new Pipeline([task("a.B", { args: [a] as never })]).toPickle()).not.toThrow();
  });

  it("refuses requirements given as one string instead of splitting it into characters", () => {
    expect(() => task("a.B", { requirements: "apt-get install -y iperf3" as never })).toThrow(/requirements must be an array/);
    expect(() => shellCommand(["x"], { requirements: "pip install y" as never })).toThrow(UsageError);
  });

  it("refuses counters that are not positive integers and bad traverse_on values, naming the edge", () => {
    const t = dummy({ name: "t" });
    for (const attrs of [{ counter: 0 }, { counter: -1 }, { counter: 1.5 }, { counter: Number.NaN }, { traverseOn: "sometimes" }, { type: "medium" }]) {
      const graph = new ExecutionGraph().addEdge("root", t).addEdge(t, "end", attrs as never);
      expect(() => graph.validate()).toThrow(GraphValidationError);
      expect(() => graph.validate()).toThrow(/edge task "t" → synchronisation point "end"/);
      expect(() => graph.toPickle()).toThrow(GraphValidationError);
    }
  });

  it("turns a 100,000-deep argument into a library error, not a stack overflow", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let caught: unknown;
    try {
      new Pipeline([task("a.B", { args: [deep] as never })]).toPickle();
    } catch (error) {
      caught = error;
    }
    expect(caught === undefined || NetunicornError.is(caught)).toBe(true);
  });
});
