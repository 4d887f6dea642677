// `npx tsx bench/library.bench.ts`: an experiment of 20 netunicorn-library tasks (12 dispatchers,
// 8 plain tasks) mapped on 500 nodes (half linux/amd64, half linux/arm64): building the tasks
// (parameters checked), Experiment.map (dispatch per node, requirements, pickling every graph)
// and the prepare body's JSON. Next to it, the same pipeline of 20 plain task() references.
// Median of several runs after a warm-up.
import { Pipeline, type Stage, task as plainTask } from "../src/graph/index.js";
import { libraryTask } from "../src/library/index.js";
import { Experiment, Node, ShellExecution } from "../src/model/index.js";

const NODES = 500;
const RUNS = 5;

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

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function measure(label: string, stages: () => Stage[]): number {
  const run = () => {
    const t0 = performance.now();
    const pipeline = new Pipeline(stages(), { environmentDefinition: new ShellExecution() });
    const t1 = performance.now();
    const experiment = new Experiment().map(pipeline, nodes);
    const t2 = performance.now();
    const body = JSON.stringify(experiment);
    const t3 = performance.now();
    return [t1 - t0, t2 - t1, t3 - t2, body.length, pipeline.tasks.length] as const;
  };
  run(); // warm-up
  const runs = Array.from({ length: RUNS }, run);
  const [build, map, json] = [0, 1, 2].map((i) => median(runs.map((r) => r[i] as number)));
  const total = build! + map! + json!;
  console.log(
    `${label.padEnd(30)} ${runs[0]![4]} tasks × ${NODES} nodes: build ${build!.toFixed(2)} ms · map (dispatch+requirements+pickle) ${map!.toFixed(1)} ms · ` +
      `body JSON ${json!.toFixed(1)} ms · total ${total.toFixed(1)} ms · ${(runs[0]![3] / 1e6).toFixed(1)} MB`,
  );
  return total;
}

console.log(`library bench: median of ${RUNS} runs`);
const library = measure("20 library tasks", libraryStages);
const plain = measure("20 plain task() references", plainStages);
console.log(`ratio library / plain: ${(library / plain).toFixed(2)}`);
