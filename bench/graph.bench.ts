// `npx tsx bench/graph.bench.ts`: time to build, validate and pickle a 10,000-task graph, as a
// Pipeline of stages (100 stages of 100 parallel tasks) and as a wide ExecutionGraph (10,000
// tasks straight from root into one sync point), plus pickle() of a plain value of similar size.
// Each figure is the median of several runs after a warm-up; ratios are measured in this run.
// Then Experiment.map against netunicorn's own Python (see python-build.ts) for 20 tasks × 500
// nodes and 100 × 1,000 (every other task a dispatcher), min/median of alternating runs, and
// the cost per node from 10 to 10,000 nodes (it should stay flat: linear in nodes).
import { ExecutionGraph, Pipeline, shellCommand, task } from "../src/graph/index.js";
import { pickle } from "../src/pickle/write.js";
import { type BuildCase, PythonBuild, benchNodes, stats, timeOurs } from "./python-build.js";

const TASKS = 10_000;
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure<T>(fn: () => T): { ms: number; result: T } {
  fn(); // warm-up
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = fn();
    times.push(performance.now() - start);
  }
  return { ms: median(times), result };
}

function makeTasks(): ReturnType<typeof task>[] {
  return Array.from({ length: TASKS }, (_, i) =>
    i % 2 === 0
      ? shellCommand(["ping", "-c", "3", `10.0.${i >> 8}.${i & 255}`], { name: `ping-${i}` })
      : task("labtasks.Probe", { name: `probe-${i}`, kwargs: { host: `h${i}`, count: i, tags: ["a", "b"] } }),
  );
}

function buildPipeline(): Pipeline {
  const tasks = makeTasks();
  const p = new Pipeline();
  for (let s = 0; s < 100; s++) p.then(tasks.slice(s * 100, s * 100 + 100));
  return p;
}

function buildWide(): ExecutionGraph {
  const g = new ExecutionGraph();
  for (const t of makeTasks()) g.addEdge("root", t).addEdge(t, "done", { traverseOn: "any" });
  return g;
}

function report(label: string, build: () => ExecutionGraph): number {
  const built = measure(build);
  const graph = built.result;
  const validated = measure(() => graph.validate());
  const pickled = measure(() => graph.toPickle()); // toPickle validates too
  const mb = pickled.result.length / 1e6;
  const total = built.ms + pickled.ms;
  console.log(
    `${label.padEnd(34)} build ${built.ms.toFixed(1)} ms · validate ${validated.ms.toFixed(1)} ms · ` +
      `validate+pickle ${pickled.ms.toFixed(1)} ms · total ${total.toFixed(1)} ms · ${mb.toFixed(2)} MB ` +
      `(${(mb / (pickled.ms / 1000)).toFixed(0)} MB/s)`,
  );
  return total;
}

console.log(`graph bench: ${TASKS} tasks, median of ${RUNS} runs`);
const pipelineMs = report("Pipeline (100 stages × 100 tasks)", buildPipeline);
const wideMs = report("wide ExecutionGraph (10,000 tasks)", buildWide);

// The same data as plain values, through the general writer, for comparison.
const plain = makeTasks().map((t) => ({ cls: t.className, name: t.name, args: [...t.args], kwargs: { ...t.kwargs } }));
const plainRun = measure(() => pickle(plain));
console.log(
  `${"pickle() of the tasks as plain data".padEnd(34)} ${plainRun.ms.toFixed(1)} ms · ${(plainRun.result.length / 1e6).toFixed(2)} MB`,
);
console.log(
  `ratios: wide / pipeline total ${(wideMs / pipelineMs).toFixed(2)} · ` +
    `pipeline total / plain pickle ${(pipelineMs / plainRun.ms).toFixed(2)}`,
);

// Experiment.map: ours against netunicorn's Python, runs alternating (ours, Python, ours, ...).
const BUILD_RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const python = new PythonBuild();
console.log(`\nExperiment.map, min / median of ${BUILD_RUNS} alternating runs` + (python.available ? " against netunicorn's Python" : ` (Python skipped: ${python.reason})`));
const CASES: BuildCase[] = [
  { tasks: 20, nodes: 500, dispatchers: true },
  { tasks: 100, nodes: 1000, dispatchers: true },
];
for (const c of CASES) {
  const nodes = benchNodes(c.nodes);
  timeOurs(c, nodes); // warm-up
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let r = 0; r < BUILD_RUNS; r++) {
    ours.push(timeOurs(c, nodes));
    if (python.available) theirs.push(python.time(c));
  }
  const o = stats(ours);
  let line = `${`${c.tasks} tasks × ${c.nodes} nodes`.padEnd(24)} ours ${o.min.toFixed(1)} / ${o.median.toFixed(1)} ms`;
  if (python.available) {
    const p = stats(theirs);
    line += ` · Python ${p.min.toFixed(0)} / ${p.median.toFixed(0)} ms · ours ${(p.min / o.min).toFixed(0)}× / ${(p.median / o.median).toFixed(0)}× faster (min / median)`;
  }
  console.log(line);
}
python.dispose();

// Linear in nodes: the cost per node of Experiment.map stays flat from 10 to 10,000 nodes.
const curve = [10, 100, 1000, 10_000].map((count) => {
  const c: BuildCase = { tasks: 20, nodes: count, dispatchers: true };
  const nodes = benchNodes(count);
  timeOurs(c, nodes);
  const ms = stats(Array.from({ length: BUILD_RUNS }, () => timeOurs(c, nodes))).median;
  return `${count} nodes ${((ms * 1000) / count).toFixed(1)} µs/node`;
});
console.log(`Experiment.map, 20 tasks, median cost per node: ${curve.join(" · ")}`);
