/**
 * Runs the machine's python3 on our pickles with small stand-in modules (written to a temporary
 * folder) at netunicorn's, networkx's and returns' import paths. Task stand-ins record their
 * constructor calls. No netunicorn code is used: the stand-ins only have the names.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const hasPython = spawnSync("python3", ["--version"]).status === 0;

const RECORDER = `
CALLS = []

class Task:
    """Stand-in base: records how the class was called."""
    def __init__(self, *args, **kwargs):
        CALLS.append({"class": type(self).__module__ + "." + type(self).__qualname__, "args": list(args), "kwargs": kwargs, "id": id(self)})
        self.name = kwargs.get("name")
`;

const FILES: Record<string, string> = {
  "netunicorn/__init__.py": "",
  "netunicorn/base/__init__.py": "",
  "netunicorn/base/task.py": RECORDER,
  "netunicorn/base/execution_graph.py": "class ExecutionGraph:\n    pass\n",
  "netunicorn/base/pipeline.py":
    "from .execution_graph import ExecutionGraph\nclass Pipeline(ExecutionGraph):\n    pass\nclass CyclePipeline(Pipeline):\n    pass\n",
  "netunicorn/base/environment_definitions.py":
    "class EnvironmentDefinition:\n    pass\nclass ShellExecution(EnvironmentDefinition):\n    pass\nclass DockerImage(EnvironmentDefinition):\n    pass\nclass RuntimeContext:\n    pass\nclass BuildContext:\n    pass\n",
  "netunicorn/library/__init__.py": "",
  "netunicorn/library/tasks/__init__.py": "",
  "netunicorn/library/tasks/basic.py":
    "from netunicorn.base.task import Task\nclass ShellCommand(Task):\n    pass\nclass SleepTask(Task):\n    pass\nclass DummyTask(Task):\n    pass\n",
  "labtasks.py": "from netunicorn.base.task import Task\nclass Probe(Task):\n    pass\nclass Tick(Task):\n    pass\n",
  "networkx/__init__.py": "",
  "networkx/classes/__init__.py": "",
  "networkx/classes/digraph.py": "class DiGraph:\n    pass\n",
  "returns/__init__.py": "",
  "returns/result.py":
    "class _Container:\n    def __repr__(self):\n        return '<%s: %r>' % (type(self).__name__, self.container_value)\nclass Success(_Container):\n    pass\nclass Failure(_Container):\n    pass\n",
  "jsonish.py": `
import base64, datetime, decimal, uuid
def plain(v, seen=()):
    """A JSON form that keeps Python's types visible ({"cycle": true} for a container inside itself)."""
    if id(v) in seen:
        return {"cycle": True}
    if isinstance(v, (list, tuple, dict)):
        seen = seen + (id(v),)
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, bytes):
        return {"bytes": v.hex()}
    if isinstance(v, bytearray):
        return {"bytearray": bytes(v).hex()}
    if isinstance(v, tuple):
        return {"tuple": [plain(x, seen) for x in v]}
    if isinstance(v, list):
        return [plain(x, seen) for x in v]
    if isinstance(v, dict):
        return {"dict": [[plain(k, seen), plain(x, seen)] for k, x in v.items()], "class": type(v).__qualname__}
    if isinstance(v, frozenset):
        return {"frozenset": sorted(repr(x) for x in v)}
    if isinstance(v, set):
        return {"set": sorted(repr(x) for x in v)}
    return {"repr": repr(v), "class": type(v).__module__ + "." + type(v).__qualname__}
`,
  "inspect_graph.py": `
import base64, json, pickle, sys
from jsonish import plain
from netunicorn.base.task import CALLS, Task

def key(n):
    return {"task": n.name} if isinstance(n, Task) else plain(n)

def attrs(obj):
    out = {}
    for k, v in vars(obj).items():
        if k in ("graph",):
            continue
        if hasattr(v, "__dict__") and not isinstance(v, type):
            out[k] = {"class": type(v).__module__ + "." + type(v).__qualname__, "attrs": attrs(v)}
        else:
            out[k] = plain(v)
    return out

g = pickle.loads(base64.b64decode(sys.stdin.read()))
nx = g.graph
edges = [[key(u), key(v), plain(d)] for u, nbrs in nx._succ.items() for v, d in nbrs.items()]
shared = all(nx._pred[v][u] is d for u, nbrs in nx._succ.items() for v, d in nbrs.items())
pred_edges = sorted(json.dumps([key(u), key(v)]) for v, nbrs in nx._pred.items() for u in nbrs)
succ_edges = sorted(json.dumps([key(u), key(v)]) for u, nbrs in nx._succ.items() for v in nbrs)
task_ids = {id(n) for n in nx._node if isinstance(n, Task)}
print(json.dumps({
    "class": type(g).__module__ + "." + type(g).__qualname__,
    "attrs": attrs(g),
    "graph_class": type(nx).__module__ + "." + type(nx).__qualname__,
    "graph_keys": sorted(vars(nx)),
    "graph_attr": plain(nx.graph),
    "nodes": [key(n) for n in nx._node],
    "node_data": [plain(d) for d in nx._node.values()],
    "edges": edges,
    "adj_is_succ": nx._adj is nx._succ,
    "edge_dicts_shared": shared,
    "pred_matches_succ": pred_edges == succ_edges,
    "same_nodes": list(nx._node) == list(nx._succ) == list(nx._pred),
    "tasks_are_single_objects": task_ids == {c["id"] for c in CALLS} and len(task_ids) == len(CALLS),
    "calls": [{"class": c["class"], "args": plain(c["args"]), "kwargs": plain(c["kwargs"])} for c in CALLS],
}))
`,
  "dump_values.py": `
import collections, datetime, decimal, json, pickle, sys, uuid
out = []
for line in sys.stdin.read().splitlines():
    protocol, expr = line.split(" ", 1)
    out.append(pickle.dumps(eval(expr), int(protocol)).hex())
print(json.dumps(out))
`,
  "inspect_value.py": `
import base64, json, pickle, sys
from jsonish import plain
out = []
for line in sys.stdin.read().split():
    v = pickle.loads(base64.b64decode(line))
    same = isinstance(v, list) and len(v) >= 2 and v[0] is v[1]
    out.append({"repr": repr(v), "plain": plain(v), "first_two_same": same})
print(json.dumps(out))
`,
};

let folder: string | undefined;

/** The temporary folder with the stand-in modules (made once per test file). */
export function standIns(): string {
  if (folder !== undefined) return folder;
  folder = mkdtempSync(join(tmpdir(), "netunicorn-standins-"));
  for (const [path, text] of Object.entries(FILES)) {
    const file = join(folder, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return folder;
}

export function removeStandIns(): void {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
}

function runPython(script: string, input: string): unknown {
  const cwd = standIns();
  const run = spawnSync("python3", [join(cwd, script)], {
    cwd,
    input,
    env: { ...process.env, PYTHONPATH: cwd, PYTHONDONTWRITEBYTECODE: "1" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`python3 ${script} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");

export interface LoadedGraph {
  class: string;
  attrs: Record<string, unknown>;
  graph_class: string;
  graph_keys: string[];
  graph_attr: unknown;
  nodes: unknown[];
  node_data: unknown[];
  edges: [unknown, unknown, unknown][];
  adj_is_succ: boolean;
  edge_dicts_shared: boolean;
  pred_matches_succ: boolean;
  same_nodes: boolean;
  tasks_are_single_objects: boolean;
  calls: { class: string; args: unknown; kwargs: unknown }[];
}

/** python3: pickle.loads the graph pickle and describe what it built. */
export function loadGraphInPython(bytes: Uint8Array): LoadedGraph {
  return runPython("inspect_graph.py", b64(bytes)) as LoadedGraph;
}

/** python3: pickle.loads each pickle; returns repr() and a type-revealing JSON form of each. */
export interface LoadedValue {
  repr: string;
  plain: unknown;
  /** For a list: whether its first two items are the same object. */
  first_two_same: boolean;
}

export function loadValuesInPython(pickles: Uint8Array[]): LoadedValue[] {
  return runPython("inspect_value.py", pickles.map(b64).join("\n")) as LoadedValue[];
}

/** python3: pickle.dumps(eval(expression), protocol) for each [protocol, expression], as hex. */
export function dumpInPython(items: [number, string][]): string[] {
  return runPython("dump_values.py", items.map(([p, e]) => `${p} ${e}`).join("\n")) as string[];
}
