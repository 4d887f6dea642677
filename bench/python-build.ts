// Building an experiment in netunicorn's own Python (`Experiment().map(pipeline, nodes)`, which per
// node deep-copies the graph, dispatches, relabels and cloudpickles it) and the same experiment in
// TypeScript, for the benches to compare side by side (graph.bench.ts, library.bench.ts).
//
// Python runs only when `import netunicorn.base` works: installed, or its source folder given as
// NETUNICORN_PYTHONPATH (netunicorn-base/src of the netunicorn repository; it needs networkx,
// pydantic and cloudpickle; a stand-in for `returns` is added when that is missing: it is only
// imported, never used on the timed path). The task classes are small stand-ins in a module of
// their own, pickled by reference, as ours are (netunicorn pickles netunicorn-library's classes
// by value, which would make Python slower still).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { Pipeline, TaskDispatcher, TaskReference, task } from "../src/graph/index.js";
import { Experiment, Node, ShellExecution } from "../src/model/index.js";

const RETURNS: Record<string, string> = {
  "returns/__init__.py": "",
  "returns/result.py": [
    "from typing import Generic, TypeVar",
    "_V = TypeVar('_V')",
    "_E = TypeVar('_E')",
    "class Result(Generic[_V, _E]):",
    "    pass",
    "class Success(Result):",
    "    def __init__(self, value): self._inner_value = value",
    "class Failure(Result):",
    "    def __init__(self, value): self._inner_value = value",
    "",
  ].join("\n"),
  "returns/pipeline.py": "from .result import Success\ndef is_successful(c): return isinstance(c, Success)\n",
};

const TASKS_PY = `
from netunicorn.base import Task, TaskDispatcher
from netunicorn.base.architecture import Architecture

class Probe(Task):
    requirements = ["apt-get install -y probe"]
    def __init__(self, host, count, name=None):
        self.host = host
        self.count = count
        super().__init__(name=name)
    def run(self):
        return self.host

class ProbeLinuxAMD64(Probe):
    requirements = ["apt-get install -y probe-amd64"]

class ProbeLinuxARM64(Probe):
    requirements = ["apt-get install -y probe-arm64"]

class ProbeDispatcher(TaskDispatcher):
    def __init__(self, host, count, name=None):
        super().__init__(name=name)
        self.amd64 = ProbeLinuxAMD64(host, count, name=self.name)
        self.arm64 = ProbeLinuxARM64(host, count, name=self.name)
    def dispatch(self, node):
        return self.amd64 if node.architecture == Architecture.LINUX_AMD64 else self.arm64
`;

const BUILD_PY = `
import json, sys, time
from netunicorn.base import Experiment, Pipeline, Node, ShellExecution
from netunicorn.base.architecture import Architecture
from benchtasks import Probe, ProbeDispatcher

def run(tasks, count, dispatchers):
    nodes = [Node(f"node-{i}", {"netunicorn-environments": ["DockerImage", "ShellExecution"]},
                  Architecture.LINUX_ARM64 if i % 2 else Architecture.LINUX_AMD64) for i in range(count)]
    p = Pipeline(environment_definition=ShellExecution())
    for i in range(tasks):
        cls = ProbeDispatcher if dispatchers and i % 2 else Probe
        p.then(cls(f"10.0.{i >> 8}.{i & 255}", i, name=f"t{i}"))
    start = time.perf_counter()
    Experiment().map(p, nodes)
    return (time.perf_counter() - start) * 1000

tasks, count, dispatchers = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
run(tasks, min(count, 10), dispatchers)  # warm-up
print(json.dumps(run(tasks, count, dispatchers)))
`;

/** A build case: `tasks` stages in a Pipeline (every other one a dispatcher when `dispatchers`) on `nodes` nodes. */
export interface BuildCase {
  tasks: number;
  nodes: number;
  dispatchers: boolean;
}

const ARCH = (i: number) => (i % 2 ? "linux/arm64" : "linux/amd64");

/** The TypeScript twin of benchtasks.ProbeDispatcher: one implementation per architecture, made once. */
class ProbeDispatcher extends TaskDispatcher {
  readonly #amd64: TaskReference;
  readonly #arm64: TaskReference;
  constructor(host: string, count: number, name: string) {
    super("benchtasks.ProbeDispatcher", { args: [host, count], name });
    this.#amd64 = task("benchtasks.ProbeLinuxAMD64", { args: [host, count], name, requirements: ["apt-get install -y probe-amd64"] });
    this.#arm64 = task("benchtasks.ProbeLinuxARM64", { args: [host, count], name, requirements: ["apt-get install -y probe-arm64"] });
  }
  dispatch(node: Node): TaskReference {
    return node.architecture === "linux/amd64" ? this.#amd64 : this.#arm64;
  }
}

export function benchNodes(count: number): Node[] {
  return Array.from({ length: count }, (_, i) =>
    Node.fromJSON({ name: `node-${i}`, properties: { "netunicorn-environments": ["DockerImage", "ShellExecution"] }, additional_properties: {}, architecture: ARCH(i) }),
  );
}

export function benchPipeline({ tasks, dispatchers }: BuildCase): Pipeline {
  const p = new Pipeline([], { environmentDefinition: new ShellExecution() });
  for (let i = 0; i < tasks; i++) {
    const host = `10.0.${i >> 8}.${i & 255}`;
    p.then(dispatchers && i % 2 ? new ProbeDispatcher(host, i, `t${i}`) : task("benchtasks.Probe", { args: [host, i], name: `t${i}`, requirements: ["apt-get install -y probe"] }));
  }
  return p;
}

/** Milliseconds of Experiment.map for the case in TypeScript (graph and nodes made beforehand, as in Python). */
export function timeOurs(c: BuildCase, nodes = benchNodes(c.nodes)): number {
  const pipeline = benchPipeline(c);
  const start = performance.now();
  new Experiment().map(pipeline, nodes);
  return performance.now() - start;
}

/** Runs netunicorn's Python on build cases; `available` is false (with the reason) when it cannot. */
export class PythonBuild {
  readonly available: boolean;
  readonly reason: string;
  readonly #folder: string;
  readonly #env: NodeJS.ProcessEnv;

  constructor() {
    this.#folder = mkdtempSync(join(tmpdir(), "netunicorn-pybuild-"));
    const files: Record<string, string> = { "benchtasks.py": TASKS_PY, "build_bench.py": BUILD_PY };
    const extra = process.env.NETUNICORN_PYTHONPATH;
    const path = [extra, this.#folder, process.env.PYTHONPATH].filter((p): p is string => !!p).join(delimiter);
    this.#env = { ...process.env, PYTHONPATH: path, PYTHONDONTWRITEBYTECODE: "1" };
    const probe = (code: string) => spawnSync("python3", ["-c", code], { env: this.#env, encoding: "utf8" });
    if (probe("import returns").status !== 0) Object.assign(files, RETURNS);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(this.#folder, file, ".."), { recursive: true });
      writeFileSync(join(this.#folder, file), text);
    }
    const check = probe("import netunicorn.base, cloudpickle, networkx");
    this.available = check.status === 0;
    this.reason = check.error !== undefined ? "no python3" : this.available ? "" : `netunicorn not importable (${(check.stderr ?? "").trim().split("\n").at(-1)}); set NETUNICORN_PYTHONPATH to netunicorn-base/src`;
  }

  /** Milliseconds of Python's Experiment().map for the case (after a small warm-up in the same process). */
  time(c: BuildCase): number {
    const run = spawnSync("python3", [join(this.#folder, "build_bench.py"), String(c.tasks), String(c.nodes), c.dispatchers ? "1" : "0"], {
      env: this.#env,
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`python3 build_bench.py failed: ${run.stderr}`);
    return Number(JSON.parse(run.stdout));
  }

  dispose(): void {
    rmSync(this.#folder, { recursive: true, force: true });
  }
}

export const stats = (values: number[]): { min: number; median: number } => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]! };
};
