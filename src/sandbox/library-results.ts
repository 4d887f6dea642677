/**
 * Simulated results of the netunicorn-library tasks that return dataclasses, shaped like those
 * dataclasses (the same class path and fields, as the catalog lists them) so a demo shows the
 * real structure. Still visibly simulated: the text fields say so and the numbers are made up, but
 * plausible and varied per node (deterministic per node and experiment, so a demo's table and chart
 * look like a real run and tests can assert them).
 */
import { PyDict, PyGlobal, PyObject, type PyValue } from "../pickle/value.js";
import type { GraphTask } from "./graph-read.js";

const SIMULATED = "netunicorn sandbox: simulated result, nothing was measured";

/** An instance of a dataclass as pickle builds it: cls.__new__(cls), then its field dict. */
function dataclass(path: string, fields: [string, PyValue][]): PyObject {
  const cut = path.lastIndexOf(".");
  const object = new PyObject(new PyGlobal(path.slice(0, cut), path.slice(cut + 1)), [], true);
  object.state = new PyDict(fields);
  return object;
}

const PING = "netunicorn.library.tasks.measurements.ping.";
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Which simulated run this is: values vary by node (and a little by experiment), the same every time for the same pair. */
export interface SimulationSeed {
  node: string;
  experiment: string;
  /** Position of this task run in the executor's walk (tasks have random UUID names: not a seed). */
  run?: number;
}

/** FNV-1a of a text: the seed of a node's simulated values. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A deterministic stream of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A node's typical RTT in ms (4–120, from its name only, so one node looks alike across experiments). */
function nodeBaseRtt(node: string): number {
  const r = seededRandom(hashText(`rtt:${node}`));
  return 4 + 116 * r() ** 2;
}

/**
 * PingResult with PacketResults (fields icmp_seq, ttl, time, unit): per-node RTTs around the
 * node's base (±10% per experiment, jitter per packet), about one node in six loses packets.
 */
function ping(task: GraphTask, seed: SimulationSeed): PyObject {
  const address = task.attributes.get("address") ?? task.args[0];
  const asked = task.attributes.get("count") ?? task.args[1] ?? 1;
  const count = typeof asked === "number" && Number.isSafeInteger(asked) && asked > 0 ? Math.min(asked, 1000) : 1;
  const random = seededRandom(hashText(`${seed.experiment}\u0000${seed.node}\u0000${seed.run ?? 0}\u0000${String(address)}`));
  const base = nodeBaseRtt(seed.node) * (0.9 + 0.2 * random());
  const lossRate = random() < 1 / 6 ? 0.1 + 0.4 * random() : 0;
  const ttl = 64 - Math.floor(hashText(`ttl:${seed.node}`) % 20);
  const packets: PyObject[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && random() < lossRate) continue; // a lost packet has no line (the first always answers)
    const time = round(base * (0.85 + 0.3 * random()) + (random() < 0.05 ? base * random() : 0));
    packets.push(dataclass(`${PING}PacketResult`, [["icmp_seq", i + 1], ["ttl", ttl], ["time", time], ["unit", "ms"]]));
  }
  const times = packets.map((p) => (p.state as PyDict).get("time") as number);
  const avg = round(times.reduce((a, b) => a + b, 0) / times.length);
  const stddev = round(Math.sqrt(times.reduce((a, t) => a + (t - avg) ** 2, 0) / times.length));
  return dataclass(`${PING}PingResult`, [
    ["host", typeof address === "string" ? address : "?"],
    ["packets", packets],
    ["packet_loss", round((100 * (count - packets.length)) / count)],
    ["min_rtt", Math.min(...times)],
    ["avg_rtt", avg],
    ["max_rtt", Math.max(...times)],
    ["stddev_rtt", stddev],
    ["unit_rtt", "ms"],
    ["unparsed_output", [SIMULATED]],
    ["raw_output", SIMULATED],
  ]);
}

function cloudflare(_task: GraphTask, seed: SimulationSeed): PyObject {
  const random = seededRandom(hashText(`cloudflare\u0000${seed.experiment}\u0000${seed.node}\u0000${seed.run ?? 0}`));
  const latency = round(nodeBaseRtt(seed.node) * (0.9 + 0.2 * random()));
  const down = Math.round(20_000_000 + 180_000_000 * random());
  const up = Math.round(down * (0.2 + 0.4 * random()));
  const points = (base: number): number[] => [base, round(base * 1.1), round(base * 0.95)];
  const bandwidth = (bps: number): PyValue[] => [new PyDict([["bytes", 1_000_000], ["bps", bps], ["duration", round(8_000_000_000 / bps)], ["ping", latency]])];
  return dataclass("netunicorn.library.tasks.measurements.cloudflare.speedtest.CloudflareSpeedTestResults", [
    ["summary", new PyDict([["note", SIMULATED]])],
    ["unloaded_latency", latency], ["unloaded_jitter", round(latency * 0.1)], ["unloaded_latency_points", points(latency)],
    ["down_loaded_latency", round(latency * 2)], ["down_loaded_jitter", round(latency * 0.25)], ["down_loaded_latency_points", points(round(latency * 2))],
    ["up_loaded_latency", round(latency * 2.4)], ["up_loaded_jitter", round(latency * 0.3)], ["up_loaded_latency_points", points(round(latency * 2.4))],
    ["download_bandwidth", down], ["download_bandwidth_points", bandwidth(down)],
    ["upload_bandwidth", up], ["upload_bandwidth_points", bandwidth(up)],
    ["packet_loss", random() < 1 / 6 ? round(random() * 5) : 0], ["packet_loss_details", new PyDict([["note", SIMULATED]])],
    ["scores", new PyDict([["note", SIMULATED]])],
  ]);
}

function serverInfo(): PyObject {
  return dataclass("netunicorn.library.tasks.measurements.ookla_speedtest.ServerInfo", [
    ["id", "0"], ["host", "speedtest.sandbox.invalid"], ["port", 8080], ["name", SIMULATED], ["location", "sandbox"], ["country", "sandbox"],
  ]);
}

/** Implementation class name → its simulated dataclass result (values varying per node and experiment, see SimulationSeed). */
export const LIBRARY_RESULT_SHAPES: Readonly<Record<string, (task: GraphTask, seed: SimulationSeed) => PyObject>> = {
  PingLinuxImplementation: ping,
  CloudflareSpeedTestLinuxImplementation: cloudflare,
  ServerSelectionLinuxImplementation: serverInfo,
};
