// Every dispatcher of the catalog on every architecture, against the facts the real library
// produced for the same sample arguments: the implementation class, its requirements, whether
// the dispatcher's name is passed on, one object for every node or a new one per dispatch, the
// implementation's attributes, and for unsupported architectures Python's exception and message.
import { describe, expect, it } from "vitest";
import { DispatchError } from "../../src/library/index.js";
import { TaskReference } from "../../src/graph/index.js";
import { LibraryDispatcher, catalogClasses, libraryTask, shortName, task } from "../../src/library/index.js";
import { Node } from "../../src/model/node.js";
import { PyGlobal, PyObject } from "../../src/pickle/value.js";
import { constructorValues, readCatalogFixture } from "./golden.js";

interface RawDispatcher {
  class: string;
  sample_args: { args: unknown[]; kwargs: Record<string, unknown> };
  dispatch: { architectures: string[]; implementation: string; requirements: string[]; implementation_name: string; same_object_on_repeated_dispatch: boolean; implementation_attributes: Record<string, unknown>; implementation_attributes_vary_between_dispatches?: boolean }[];
  unsupported: { architecture: string; exception: string; message: string }[];
}
const raw = readCatalogFixture();
const dispatchers = (raw.classes as unknown as (RawDispatcher & { kind: string })[]).filter((c) => c.kind === "dispatcher");
const probes = (raw.dispatch_probe_nodes as { name: string; properties: Record<string, never>; architecture: string }[]).map((n) =>
  Node.fromJSON({ ...n, additional_properties: {} }),
);

/** Sample values JSON cannot hold (python_repr) become a stand-in object; the dispatcher passes them on untouched. */
function revive(v: unknown): unknown {
  if (v === null || typeof v !== "object" || !("python_repr" in v)) return v;
  const set = /^\{'(.*)'\}$/.exec(String(v.python_repr)); // a set of one string
  return set ? new Set([set[1]]) : new PyObject(new PyGlobal("example", "Sample"), []);
}

function sampleDispatcher(c: RawDispatcher): LibraryDispatcher {
  const { name, ...kwargs } = c.sample_args.kwargs;
  const made = task(c.class, { args: c.sample_args.args.map(revive) as never, kwargs: Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, revive(v)])) as never, name: name as string });
  expect(made).toBeInstanceOf(LibraryDispatcher);
  return made as LibraryDispatcher;
}

const isJson = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v) || Array.isArray(v);

describe("dispatch of every catalog dispatcher on every architecture", () => {
  it("covers the 22 dispatchers and the 5 architectures", () => {
    expect(dispatchers).toHaveLength(22);
    expect(probes.map((n) => n.architecture)).toEqual(["linux/amd64", "linux/arm64", "win/amd64", "win/arm64", "unknown"]);
  });

  it.each(dispatchers.map((c) => [c.class.split(".").slice(-2).join("."), c] as const))("%s", (_, c) => {
    const dispatcher = sampleDispatcher(c);
    for (const node of probes) {
      const facts = c.dispatch.find((d) => d.architectures.includes(node.architecture));
      if (facts === undefined) {
        const expected = c.unsupported.find((u) => u.architecture === node.architecture)!;
        let error: unknown;
        try {
          dispatcher.dispatch(node);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DispatchError);
        expect(error).toMatchObject({ pythonException: expected.exception, pythonMessage: expected.message, node: node.name, architecture: node.architecture });
        continue;
      }
      const made = dispatcher.dispatch(node);
      expect(made).toBeInstanceOf(TaskReference);
      expect(made.className).toBe(facts.implementation);
      expect(made.requirements).toEqual(facts.requirements);
      if (facts.implementation_name === "dispatcher_name") expect(made.name).toBe("sample-name");
      else expect(made.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
      expect(dispatcher.dispatch(node) === made).toBe(facts.same_object_on_repeated_dispatch);
      const attributes = constructorValues(made.className, made.args, Object.entries(made.kwargs));
      for (const [key, value] of Object.entries(facts.implementation_attributes)) {
        if (facts.implementation_attributes_vary_between_dispatches) continue;
        if (isJson(value)) expect(attributes[key], `${made.className}.${key}`).toEqual(value);
      }
    }
  });

  it("RandomSleepTask draws seconds in [min, max] per dispatch, with a new name each time", () => {
    const sleep = libraryTask("RandomSleepTask", [1, 5]) as LibraryDispatcher;
    const made = probes.map((n) => sleep.dispatch(n));
    expect(new Set(made.map((m) => m.name)).size).toBe(5);
    for (const m of made) expect(m.kwargs.seconds).toBeGreaterThanOrEqual(1), expect(m.kwargs.seconds).toBeLessThanOrEqual(5);
    expect(() => (libraryTask("RandomSleepTask", [5, 1]) as LibraryDispatcher).dispatch(probes[0]!)).toThrow(/empty range/);
  });

  it("NDT7SpeedTest with a flags list: both implementations share it, so the additions appear twice (mirrored)", () => {
    const ndt = libraryTask("NDT7SpeedTest", { flags: ["-format", "json"], source_ip: "10.0.0.5" }) as LibraryDispatcher;
    for (const node of probes.slice(0, 2)) {
      const made = ndt.dispatch(node);
      const { flags } = constructorValues(made.className, made.args, Object.entries(made.kwargs));
      expect(flags).toEqual(["-format", "json", "-source", "10.0.0.5", "-source", "10.0.0.5"]);
    }
    const plain = (libraryTask("NDT7SpeedTest", { source_ip: "10.0.0.5" }) as LibraryDispatcher).dispatch(probes[0]!);
    expect(constructorValues(plain.className, plain.args, Object.entries(plain.kwargs)).flags).toEqual(["-format", "json", "-source", "10.0.0.5"]);
  });

  it("a dispatcher whose **kwargs carry the name passes it on only when it was given", () => {
    const named = libraryTask("tcpdump.StartCapture", ["/tmp/x.pcap"], { name: "cap" }) as LibraryDispatcher;
    expect(named.dispatch(probes[0]!).name).toBe("cap");
    const unnamed = libraryTask("tcpdump.StartCapture", ["/tmp/x.pcap"]) as LibraryDispatcher;
    expect(unnamed.dispatch(probes[0]!).name).not.toBe(unnamed.name);
    const ookla = libraryTask("OoklaSpeedtest") as LibraryDispatcher; // name=self.name: always passed on
    expect(ookla.dispatch(probes[0]!).name).toBe(ookla.name);
    expect(shortName(catalogClasses().find((c) => c.path.endsWith("UploadToFileIO"))!)).toBe("UploadToFileIO");
    // UploadTo* overwrite their implementation's requirements (the class has none): mirrored.
    expect((libraryTask("UploadToFileIO", ["/tmp/x"]) as LibraryDispatcher).dispatch(probes[0]!).requirements).toEqual(["sudo apt-get install -y curl"]);
  });
});
