/**
 * Simulated results of the netunicorn-library tasks that return dataclasses, shaped like those
 * dataclasses (the same class path and fields, as the catalog lists them) so a demo shows the
 * real structure. Still visibly simulated: the text fields say so and the numbers are made up.
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

/** PingResult with `count` PacketResults (PacketResult's fields: icmp_seq, ttl, time, unit). */
function ping(task: GraphTask): PyObject {
  const address = task.attributes.get("address") ?? task.args[0];
  const asked = task.attributes.get("count") ?? task.args[1] ?? 1;
  const count = typeof asked === "number" && Number.isSafeInteger(asked) && asked > 0 ? Math.min(asked, 1000) : 1;
  const times = Array.from({ length: count }, (_, i) => round(10 + ((i * 7) % 5) * 0.37));
  const avg = round(times.reduce((a, b) => a + b, 0) / count);
  const stddev = round(Math.sqrt(times.reduce((a, t) => a + (t - avg) ** 2, 0) / count));
  return dataclass(`${PING}PingResult`, [
    ["host", typeof address === "string" ? address : "?"],
    ["packets", times.map((time, i) => dataclass(`${PING}PacketResult`, [["icmp_seq", i + 1], ["ttl", 64], ["time", time], ["unit", "ms"]]))],
    ["packet_loss", 0],
    ["min_rtt", Math.min(...times)],
    ["avg_rtt", avg],
    ["max_rtt", Math.max(...times)],
    ["stddev_rtt", stddev],
    ["unit_rtt", "ms"],
    ["unparsed_output", [SIMULATED]],
    ["raw_output", SIMULATED],
  ]);
}

function cloudflare(): PyObject {
  const points = (base: number): number[] => [base, round(base * 1.1), round(base * 0.95)];
  const bandwidth = (bps: number): PyValue[] => [new PyDict([["bytes", 1_000_000], ["bps", bps], ["duration", 80], ["ping", 12]])];
  return dataclass("netunicorn.library.tasks.measurements.cloudflare.speedtest.CloudflareSpeedTestResults", [
    ["summary", new PyDict([["note", SIMULATED]])],
    ["unloaded_latency", 12], ["unloaded_jitter", 1.5], ["unloaded_latency_points", points(12)],
    ["down_loaded_latency", 25], ["down_loaded_jitter", 3], ["down_loaded_latency_points", points(25)],
    ["up_loaded_latency", 30], ["up_loaded_jitter", 4], ["up_loaded_latency_points", points(30)],
    ["download_bandwidth", 95_000_000], ["download_bandwidth_points", bandwidth(95_000_000)],
    ["upload_bandwidth", 40_000_000], ["upload_bandwidth_points", bandwidth(40_000_000)],
    ["packet_loss", 0], ["packet_loss_details", new PyDict([["note", SIMULATED]])],
    ["scores", new PyDict([["note", SIMULATED]])],
  ]);
}

function serverInfo(): PyObject {
  return dataclass("netunicorn.library.tasks.measurements.ookla_speedtest.ServerInfo", [
    ["id", "0"], ["host", "speedtest.sandbox.invalid"], ["port", 8080], ["name", SIMULATED], ["location", "sandbox"], ["country", "sandbox"],
  ]);
}

/** Implementation class name → its simulated dataclass result. */
export const LIBRARY_RESULT_SHAPES: Readonly<Record<string, (task: GraphTask) => PyObject>> = {
  PingLinuxImplementation: ping,
  CloudflareSpeedTestLinuxImplementation: cloudflare,
  ServerSelectionLinuxImplementation: serverInfo,
};
