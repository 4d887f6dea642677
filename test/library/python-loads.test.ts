// A dispatched library experiment's pickles loaded by python3 (stand-in classes that record how
// they are called, no netunicorn code): each node's graph calls the implementation class for its
// architecture with the arguments and name Python's dispatcher would give it.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Pipeline } from "../../src/graph/index.js";
import { libraryTask } from "../../src/library/index.js";
import { Experiment } from "../../src/model/experiment.js";
import { Node } from "../../src/model/node.js";
import { ShellExecution } from "../../src/model/environment.js";
import { hasPython, loadGraphInPython, removeStandIns, standIns } from "../graph/python-harness.js";

afterAll(removeStandIns);

const STAND_INS: Record<string, string> = {
  "netunicorn/library/tasks/measurements/__init__.py": "",
  "netunicorn/library/tasks/capture/__init__.py": "",
  "netunicorn/library/tasks/measurements/ping.py": "from netunicorn.base.task import Task\nclass PingLinuxImplementation(Task):\n    pass\n",
  "netunicorn/library/tasks/measurements/ndt.py":
    "from netunicorn.base.task import Task\nclass NDT7SpeedTestLinuxAMD64(Task):\n    pass\nclass NDT7SpeedTestLinuxARM64(Task):\n    pass\n",
  "netunicorn/library/tasks/capture/tcpdump.py": "from netunicorn.base.task import Task\nclass StartCaptureLinuxImplementation(Task):\n    pass\n",
};

/** The harness's type-revealing form ({"int": "3"}, {"class": "dict", "dict": [...]}) as plain JSON. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  if ("int" in o) return Number(o.int);
  if (o.class === "dict") return Object.fromEntries((o.dict as [string, unknown][]).map(([k, x]) => [k, plain(x)]));
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
}

const node = (name: string, architecture: string) =>
  Node.fromJSON({ name, properties: { "netunicorn-environments": ["ShellExecution"] }, additional_properties: {}, architecture });

describe.skipIf(!hasPython)("python3 pickle.loads of dispatched library graphs", () => {
  it("calls each node's implementation with the dispatcher's arguments and name", () => {
    const folder = standIns();
    for (const [path, text] of Object.entries(STAND_INS)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), text);
    }
    const pipeline = new Pipeline(
      [libraryTask("Ping", ["127.0.0.1", 3]), libraryTask("tcpdump.StartCapture", ["/tmp/c.pcap"], { name: "cap" }), libraryTask("NDT7SpeedTest")],
      { environmentDefinition: new ShellExecution() },
    );
    const experiment = new Experiment().map(pipeline, [node("a", "linux/amd64"), node("b", "linux/arm64")]);
    const [amd, arm] = [...experiment].map((d) => {
      const loaded = loadGraphInPython(d.executionGraph);
      return { ...loaded, calls: plain(loaded.calls) as typeof loaded.calls };
    });
    for (const loaded of [amd!, arm!]) {
      expect(loaded.pred_matches_succ).toBe(true);
      expect(loaded.calls.slice(0, 2)).toEqual([
        { class: "netunicorn.library.tasks.measurements.ping.PingLinuxImplementation", args: ["127.0.0.1", 3], kwargs: { name: expect.stringMatching(/^[0-9a-f-]{36}$/) } },
        { class: "netunicorn.library.tasks.capture.tcpdump.StartCaptureLinuxImplementation", args: [], kwargs: { filepath: "/tmp/c.pcap", arguments: null, name: "cap" } },
      ]);
    }
    expect(amd!.calls[2]).toMatchObject({ class: "netunicorn.library.tasks.measurements.ndt.NDT7SpeedTestLinuxAMD64", kwargs: { flags: null, source_ip: null, service_url: null } });
    expect(arm!.calls[2]).toMatchObject({ class: "netunicorn.library.tasks.measurements.ndt.NDT7SpeedTestLinuxARM64" });
  });
});
