// netunicorn/library/tasks (src/library/tasks.ts, generated): one function per catalog class.
// Each makes exactly what libraryTask(shortName) makes (same entry, arguments, requirements,
// dispatch), and an experiment built either way sends the same prepare body, byte for byte.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { generate, identifiers, shortNames } from "../../scripts/library-catalog.js";
import { RemoteClient } from "../../src/client/index.js";
import { Pipeline, type Stage } from "../../src/graph/index.js";
import {
  DispatchError, LibraryDispatcher, LibraryTask, catalogClasses, catalogEntry, libraryTask, shortName,
  type CatalogClass, type LibraryArguments,
} from "../../src/library/index.js";
import * as tasks from "../../src/library/tasks.js";
import { DockerImage, ShellExecution } from "../../src/model/environment.js";
import { Experiment } from "../../src/model/experiment.js";
import { Node } from "../../src/model/node.js";
import { PyGlobal, PyObject } from "../../src/pickle/value.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { readCatalogFixture } from "./golden.js";

type TaskFunction = (params?: LibraryArguments, options?: { name?: string; requirements?: readonly string[] }) => LibraryTask | LibraryDispatcher;
const byIdentifier = tasks as unknown as Record<string, TaskFunction>;
const identifier = (entry: CatalogClass): string => shortName(entry).replace(".", "_");

/** A value of each parameter's annotation (any picklable value where the annotation is not checked). */
function sample(type: string | null): unknown {
  const inner = /^Optional\[(.*)\]$/.exec(type ?? "")?.[1] ?? type;
  const values: Record<string, unknown> = { str: "text", int: 3, float: 0.5, bool: true, list: ["a"], "list[str]": ["a"], "List[str]": ["a"], "Set[str]": new Set(["a"]), "Literal['basic']": "basic" };
  return inner !== null && inner in values ? values[inner] : new PyObject(new PyGlobal("example", "Thing"), []);
}
const requiredKwargs = (entry: CatalogClass): Record<string, never> =>
  Object.fromEntries(entry.params.filter((p) => !("default" in p)).map((p) => [p.name, sample(p.type)])) as never;

/** What a made task is, as far as anything downstream can see (the name aside, random when not given). */
function facts(made: LibraryTask | LibraryDispatcher): unknown {
  return {
    type: made.constructor.name, className: made.className, args: made.args, kwargs: made.kwargs,
    requirements: made instanceof LibraryTask ? made.requirements : undefined, parameters: [...made.parameters], catalog: made.catalog,
  };
}

const thrown = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

describe("netunicorn/library/tasks: one function per catalog class", () => {
  it("is what scripts/library-catalog.ts generates, and names every class by its short name (a dot written _)", () => {
    const { tasks: generated } = generate(readCatalogFixture() as never);
    expect(readFileSync(new URL("../../src/library/tasks.ts", import.meta.url), "utf8")).toBe(generated);
    const functions = Object.entries(tasks).filter(([, v]) => typeof v === "function").map(([k]) => k);
    expect(functions.sort()).toEqual(catalogClasses().map(identifier).sort());
    expect(functions).toHaveLength(92);
    expect(tasks.tcpdump_StartCapture).toBeTypeOf("function");
  });

  it("short names come from each entry alone, as the generator computes them from the whole catalog", () => {
    const paths = catalogClasses().map((c) => c.path);
    const names = shortNames(paths);
    for (const c of catalogClasses()) expect(shortName(c)).toBe(names.get(c.path));
    expect([...identifiers(names).values()]).toEqual(catalogClasses().map(identifier));
  });

  it.each(catalogClasses().map((c) => [identifier(c), c] as const))("%s makes what libraryTask makes", (id, entry) => {
    const fn = byIdentifier[id]!;
    const name = shortName(entry);
    const kwargs = requiredKwargs(entry);
    const made = fn(kwargs, { name: "given" });
    expect(made).toBeInstanceOf(entry.kind === "dispatcher" ? LibraryDispatcher : LibraryTask);
    expect(made.catalog).toBe(catalogEntry(entry.path)); // the very entry libraryTask uses: one copy of the facts
    expect(made.name).toBe("given");
    expect(facts(made)).toEqual(facts(libraryTask(name, kwargs, { name: "given" })));
    if (!entry.keywordOnly) {
      const positional = entry.params.map((p) => sample(p.type)) as never[];
      expect(facts(fn(positional))).toEqual(facts(libraryTask(name, positional)));
    }
    if (entry.kind === "task") {
      const extra = { requirements: ["echo extra"] };
      expect(facts(fn(kwargs, extra))).toEqual(facts(libraryTask(name, kwargs, extra)));
    }
    // The same refusals, worded the same after the operation's name.
    const bad = { ...kwargs, no_such_parameter: 1 };
    expect(thrown(() => fn(bad))).toBe(thrown(() => libraryTask(name, bad)).replace(`libraryTask ${name}`, id));
    expect(thrown(() => fn(bad))).toMatch(new RegExp(`^${id}: unknown parameter "no_such_parameter"`));
    const required = entry.params.find((p) => !("default" in p));
    if (required !== undefined) {
      const { [required.name]: _, ...rest } = kwargs;
      expect(thrown(() => fn(rest))).toBe(thrown(() => libraryTask(name, rest)).replace(`libraryTask ${name}`, id));
    } else {
      expect(facts(fn())).toEqual(facts(libraryTask(name)));
    }
  });
});

/** Runs `build` with crypto.getRandomValues and Math.random drawn from `seed` (uuid4 names, RandomSleepTask's seconds). */
function seeded<T>(seed: number, build: () => T): T {
  let state = seed >>> 0;
  const next = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const bytes = vi.spyOn(crypto, "getRandomValues").mockImplementation(<A extends ArrayBufferView | null>(array: A): A => {
    const view = new Uint8Array(array!.buffer, array!.byteOffset, array!.byteLength);
    for (let i = 0; i < view.length; i++) view[i] = next() >>> 24;
    return array;
  });
  const random = vi.spyOn(Math, "random").mockImplementation(() => next() / 2 ** 32);
  try {
    return build();
  } finally {
    bytes.mockRestore();
    random.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

/** The sandbox behind a RemoteClient that keeps every prepare request's body as sent. */
function recordingClient(): { client: RemoteClient; bodies: Map<string, string> } {
  const sandbox = createSandbox({ timing: { preparationMs: 50, executionMs: 50 } });
  const bodies = new Map<string, string>();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const prepare = /\/experiment\/([^/]+)\/prepare$/.exec(new URL(request.url).pathname);
    if (request.method === "POST" && prepare) bodies.set(prepare[1]!, await request.clone().text());
    return sandbox.fetch(request);
  };
  return { client: new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: "demo-password", fetch }), bodies };
}

/** The sandbox's node-a (linux/amd64) and rpi-arm64-01 (linux/arm64). */
const twoNodes = async (client: RemoteClient): Promise<Node[]> => (await client.getNodes()).filter((n) => ["node-a", "rpi-arm64-01"].includes(n.name)).take(2);

const T = tasks;
/** Dispatchers: Ping (its name not passed on), StartCapture (passed on), NDT7 (a class per architecture, flags mirrored), RandomSleepTask (drawn per dispatch). */
const dispatcherStagesByFunction = (): Stage[] => [
  T.Ping({ address: "127.0.0.1", count: 3 }),
  T.tcpdump_StartCapture(["/tmp/capture.pcap"], { name: "capture" }),
  [T.NDT7SpeedTest({ flags: ["-format", "json"], source_ip: "10.0.0.1" }, { name: "ndt" }), T.RandomSleepTask([1, 5])],
  T.StopNamedCapture({ start_capture_task_name: "capture" }, { name: "stop-capture" }),
];
const dispatcherStagesByName = (): Stage[] => [
  libraryTask("Ping", { address: "127.0.0.1", count: 3 }),
  libraryTask("tcpdump.StartCapture", ["/tmp/capture.pcap"], { name: "capture" }),
  [libraryTask("NDT7SpeedTest", { flags: ["-format", "json"], source_ip: "10.0.0.1" }, { name: "ndt" }), libraryTask("RandomSleepTask", [1, 5])],
  libraryTask("StopNamedCapture", { start_capture_task_name: "capture" }, { name: "stop-capture" }),
];
/** Plain tasks: class requirements, add_requirement, unnamed (uuid4) names. */
const plainStagesByFunction = (): Stage[] => [
  [T.Iperf3ServerStart({ flags: ["-p", "5201"] }, { name: "iperf-server" }), T.ShellCommand([["echo", "hello"]])],
  T.SleepTask({ seconds: 1 }, { name: "pause", requirements: ["echo instance-level requirement"] }),
  T.tcpdump_StartCaptureLinuxImplementation(["/tmp/capture.pcap"], { name: "tcpdump-start" }),
];
const plainStagesByName = (): Stage[] => [
  [libraryTask("Iperf3ServerStart", { flags: ["-p", "5201"] }, { name: "iperf-server" }), libraryTask("ShellCommand", [["echo", "hello"]])],
  libraryTask("SleepTask", { seconds: 1 }, { name: "pause", requirements: ["echo instance-level requirement"] }),
  libraryTask("tcpdump.StartCaptureLinuxImplementation", ["/tmp/capture.pcap"], { name: "tcpdump-start" }),
];

describe("an experiment built with the per-class functions sends the prepare body libraryTask's sends, byte for byte", () => {
  const cases = [
    ["dispatchers (ShellExecution: requirements per architecture, then the library install)", dispatcherStagesByFunction, dispatcherStagesByName, () => new ShellExecution()],
    ["dispatchers (DockerImage)", dispatcherStagesByFunction, dispatcherStagesByName, () => new DockerImage({ image: "example/image:1" })],
    ["plain tasks (ShellExecution)", plainStagesByFunction, plainStagesByName, () => new ShellExecution()],
  ] as const;

  it.each(cases)("%s", async (_, byFunction, byName, environment) => {
    const { client, bodies } = recordingClient();
    const nodes = await twoNodes(client);
    expect(nodes.map((n) => n.architecture).sort()).toEqual(["linux/amd64", "linux/arm64"]);
    const build = (stages: () => Stage[]) => seeded(20, () => new Experiment().map(new Pipeline(stages(), { environmentDefinition: environment() }), nodes));
    await client.prepareExperiment(build(byFunction), "by-function");
    await client.prepareExperiment(build(byName), "by-name");
    // The random parts (uuid4 names, RandomSleepTask's draw) do reach the body: another seed changes it.
    await client.prepareExperiment(seeded(21, () => new Experiment().map(new Pipeline(byName(), { environmentDefinition: environment() }), nodes)), "other-seed");
    const [a, b, other] = ["by-function", "by-name", "other-seed"].map((k) => bodies.get(k)!);
    expect(a!.length).toBeGreaterThan(1000);
    expect(a).toBe(b);
    expect(other).not.toBe(b);
  });

  it("the bodies hold what dispatch and requirements put there", async () => {
    const { client, bodies } = recordingClient();
    const nodes = await twoNodes(client);
    await client.prepareExperiment(seeded(20, () => new Experiment().map(new Pipeline(dispatcherStagesByFunction(), { environmentDefinition: new ShellExecution() }), nodes)), "x");
    const body = JSON.parse(bodies.get("x")!) as { deployment_map: { node: { architecture: string }; environment_definition: { commands: string[] }; execution_graph: string }[] };
    const commands = Object.fromEntries(body.deployment_map.map((d) => [d.node.architecture, d.environment_definition.commands]));
    expect(commands["linux/amd64"]).toContain("sudo apt-get install -y iputils-ping");
    expect(commands["linux/amd64"]!.at(-1)).toBe("pip install netunicorn-library");
    const graphs = Object.fromEntries(body.deployment_map.map((d) => [d.node.architecture, atob(d.execution_graph)]));
    expect(graphs["linux/amd64"]).toContain("NDT7SpeedTestLinuxAMD64");
    expect(graphs["linux/arm64"]).toContain("NDT7SpeedTestLinuxARM64");
  });

  it("an unsupported architecture fails the same way (Python's exception and message, the node named)", () => {
    const windows = Node.fromJSON({ name: "lab-win-b", properties: { "netunicorn-environments": ["ShellExecution"] }, additional_properties: {}, architecture: "win/amd64" });
    const fail = (stage: Stage): DispatchError => {
      try {
        new Experiment().append(windows, new Pipeline([stage], { environmentDefinition: new ShellExecution() }));
      } catch (error) {
        return error as DispatchError;
      }
      throw new Error("expected a DispatchError");
    };
    const [a, b] = [fail(T.Ping(["127.0.0.1"], { name: "p" })), fail(libraryTask("Ping", ["127.0.0.1"], { name: "p" }))];
    expect(a).toBeInstanceOf(DispatchError);
    expect({ ...a, message: a.message }).toEqual({ ...b, message: b.message });
    expect(a.pythonMessage).toBe("Ping is not implemented for architecture: Architecture.WINDOWS_AMD64");
  });
});
