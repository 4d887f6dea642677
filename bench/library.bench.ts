// `npx tsx bench/library.bench.ts`: an experiment of 20 netunicorn-library tasks (12 dispatchers,
// 8 plain tasks) mapped on 500 nodes (half linux/amd64, half linux/arm64): building the tasks
// (parameters checked), Experiment.map (dispatch per node, requirements, pickling every graph)
// and the prepare body's JSON. Next to it, the same pipeline of 20 plain task() references.
// Min / median of alternating runs after a warm-up; next to them, netunicorn's own Python mapping
// 20 plain tasks on the same 500 nodes (see python-build.ts; skipped when it cannot run).
import { Pipeline, type Stage, task as plainTask } from "../src/graph/index.js";
import { libraryTask } from "../src/library/index.js";
import { Experiment, Node, ShellExecution } from "../src/model/index.js";
import { PythonBuild, stats } from "./python-build.js";

const NODES = 500;
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));

const nodes = Array.from({ length: NODES }, (_, i) =>
  Node.fromJSON({ name: `node-${i}`, properties: { "netunicorn-environments": ["DockerImage", "ShellExecution"] }, additional_properties: {}, architecture: i % 2 ? "linux/arm64" : "linux/amd64" }),
);

function libraryStages(): Stage[] {
  return [
    libraryTask("Ping", { address: "1.1.1.1", count: 5 }),
    libraryTask("tcpdump.StartCapture", ["/tmp/a.pcap"], { name: "cap" }),
    [libraryTask("NDT7SpeedTest"), libraryTask("OoklaSpeedtest", { timeout: 60 }), libraryTask("CloudflareSpeedTest")],
    [libraryTask("Iperf3ServerStart", { flags: ["-p", "5201"] }, { name: "iperf" }), libraryTask("Iperf3Client", [["-c", "10.0.0.1"]])],
    libraryTask("Iperf3ServerStop", ["iperf"]),
    [libraryTask("StopNamedCapture", ["cap"]), libraryTask("StopAllTCPDumps")],
    [libraryTask("ZeekPCAPAnalysis", ["/tmp/a.pcap"]), libraryTask("TsharkCommand", [["tshark", "-r", "/tmp/a.pcap"]])],
    [libraryTask("UploadToFileIO", ["/tmp/a.pcap"]), libraryTask("UploadToWebDav", [["/tmp/a.pcap"], "https://dav.example.org"])],
    [libraryTask("SleepTask", [1]), libraryTask("RandomSleepTask", [1, 3]), libraryTask("DummyTask")],
    [libraryTask("SetFlagTask", { flag_name: "done", flag_values: null as never }), libraryTask("ShellCommand", [["echo", "ok"]])],
    libraryTask("youtube_watcher.WatchYouTubeVideo", { video_url: "https://www.youtube.com/watch?v=x", duration: 10 }),
  ];
}

function plainStages(): Stage[] {
  let n = 0;
  const t = () => plainTask("labtasks.Probe", { kwargs: { host: "1.1.1.1", count: n++ }, requirements: ["apt-get install -y probe"] });
  return [t(), t(), [t(), t(), t()], [t(), t()], t(), [t(), t()], [t(), t()], [t(), t()], [t(), t(), t()], [t(), t()], t()];
}

type Run = readonly [build: number, map: number, json: number, bytes: number, tasks: number];

function runOnce(stages: () => Stage[]): Run {
  const t0 = performance.now();
  const pipeline = new Pipeline(stages(), { environmentDefinition: new ShellExecution() });
  const t1 = performance.now();
  const experiment = new Experiment().map(pipeline, nodes);
  const t2 = performance.now();
  const body = JSON.stringify(experiment);
  const t3 = performance.now();
  return [t1 - t0, t2 - t1, t3 - t2, body.length, pipeline.tasks.length];
}

function report(label: string, runs: Run[]): number {
  const [build, map, json] = [0, 1, 2].map((i) => stats(runs.map((r) => r[i] as number)));
  const total = stats(runs.map((r) => r[0] + r[1] + r[2]));
  const f = (s: { min: number; median: number }, digits = 1) => `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)}`;
  console.log(
    `${label.padEnd(30)} ${runs[0]![4]} tasks × ${NODES} nodes: build ${f(build!, 2)} ms · map (dispatch+requirements+pickle) ${f(map!)} ms · ` +
      `body JSON ${f(json!)} ms · total ${f(total)} ms · ${(runs[0]![3] / 1e6).toFixed(1)} MB`,
  );
  return map!.median;
}

const python = new PythonBuild();
console.log(`library bench: min / median of ${RUNS} alternating runs` + (python.available ? ", with netunicorn's Python mapping 20 plain tasks" : ` (Python skipped: ${python.reason})`));
runOnce(libraryStages); // warm-up
runOnce(plainStages);
const libraryRuns: Run[] = [];
const plainRuns: Run[] = [];
const pythonRuns: number[] = [];
for (let r = 0; r < RUNS; r++) {
  libraryRuns.push(runOnce(libraryStages));
  plainRuns.push(runOnce(plainStages));
  if (python.available) pythonRuns.push(python.time({ tasks: 20, nodes: NODES, dispatchers: false }));
}
python.dispose();
const library = report("20 library tasks", libraryRuns);
const plain = report("20 plain task() references", plainRuns);
console.log(`ratio library / plain map: ${(library / plain).toFixed(2)} (RandomSleepTask draws per node, so the library graph is pickled per node)`);
if (python.available) {
  const p = stats(pythonRuns);
  const ours = stats(plainRuns.map((r) => r[1]));
  console.log(`netunicorn's Python, 20 plain tasks × ${NODES} nodes: map ${p.min.toFixed(0)} / ${p.median.toFixed(0)} ms · ours ${(p.min / ours.min).toFixed(0)}× / ${(p.median / ours.median).toFixed(0)}× faster (min / median)`);
}
