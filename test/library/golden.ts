// Helpers for the library golden bodies (test/fixtures/library/experiments, copied verbatim from
// ../shared/library): read a file, and summarize our pickles as Python's would read after the
// executor ran each task's constructor (the model below mirrors those constructors).
import { readFileSync } from "node:fs";
import type { ExecutionGraph, TaskReference } from "../../src/graph/index.js";
import { summarizeExecutionGraph, type ExecutionGraphSummary, type GraphSummaryNode } from "../../src/graph/summary.js";
import { readTaskCall } from "../../src/graph/task-call.js";
import { catalogClasses, catalogEntry } from "../../src/library/index.js";
import { unpickle } from "../../src/pickle/read.js";
import { PyDict, PyObject, type PyValue } from "../../src/pickle/value.js";
import type { JsonValue } from "../../src/json.js";

export interface Golden {
  description: string;
  experiment_name: string;
  body?: { deployment_map: ({ execution_graph: string; node: { name: string; architecture: string } } & Record<string, unknown>)[]; deployment_context: unknown };
  expected_graphs?: { node: string; expected_graph: ExecutionGraphSummary }[];
  expected_error?: { exception: string; message: string; deployments_appended_before_error: string[] };
  notes?: string[];
}

export const GOLDEN_FILES = [
  "dispatch_unsupported_unknown_arch", "dispatch_unsupported_windows", "dispatchers_docker_map",
  "dispatchers_shell_map", "plain_tasks_requirements", "task_names",
];

export function golden(name: string): Golden {
  return JSON.parse(readFileSync(new URL(`../fixtures/library/experiments/${name}.json`, import.meta.url), "utf8")) as Golden;
}

export function readCatalogFixture(): { classes: Record<string, unknown>[] } & Record<string, unknown> {
  return JSON.parse(readFileSync(new URL("../fixtures/library/catalog.json", import.meta.url), "utf8")) as never;
}

type Attributes = Record<string, unknown>;
const NDT7_INIT = (a: Attributes): void => {
  // _NDTSpeedTestImplementation: flags or [-format json], then += -source / -service-url; only flags is kept.
  const flags = Array.isArray(a.flags) && a.flags.length > 0 ? (a.flags as string[]) : ["-format", "json"];
  if (a.source_ip) flags.push("-source", String(a.source_ip));
  if (a.service_url) flags.push("-service-url", String(a.service_url));
  a.flags = flags;
  delete a.source_ip;
  delete a.service_url;
};
/** What the constructors of the golden files' classes do beyond storing their parameters. */
const INIT_EFFECTS: Record<string, (a: Attributes) => void> = {
  "netunicorn.library.tasks.measurements.iperf3.Iperf3ServerStart": (a) => {
    const flags = Array.isArray(a.flags) && a.flags.length > 0 ? [...(a.flags as string[])] : [];
    if (!flags.includes("-s")) flags.push("-s");
    a.flags = flags;
  },
  "netunicorn.library.tasks.capture.tcpdump.StartCaptureLinuxImplementation": (a) => {
    a.arguments = a.arguments ?? [];
  },
  "netunicorn.library.tasks.upload.webdav.UploadToWebDavImplementation": (a) => {
    a.endpoint = String(a.endpoint).replace(/\/+$/, ""); // the catalog shows the trailing slash stripped
  },
  "netunicorn.library.tasks.preprocessing.zeek.ZeekPCAPAnalysisLinuxImplementation": (a) => {
    a.flags = a.flags ?? [];
  },
  ...Object.fromEntries(
    ["measurements.cloudflare.speedtest.CloudflareSpeedTest", "video_watchers.twitch_watcher.WatchTwitchStream", "video_watchers.vimeo_watcher.WatchVimeoVideo", "video_watchers.youtube_watcher.WatchYouTubeVideo"].map((c) => [
      `netunicorn.library.tasks.${c}LinuxImplementation`,
      (a: Attributes) => void (a.chrome_location = a.chrome_location ?? "/usr/bin/chromium"),
    ]),
  ),
  "netunicorn.library.tasks.measurements.ndt.NDT7SpeedTestLinuxAMD64": NDT7_INIT,
  "netunicorn.library.tasks.measurements.ndt.NDT7SpeedTestLinuxARM64": NDT7_INIT,
};

const isJson = (v: unknown): boolean =>
  v === null || ["string", "boolean"].includes(typeof v) || (typeof v === "number" && Number.isFinite(v)) ||
  (Array.isArray(v) && v.every(isJson)) || (v instanceof PyDict && [...v].every(([k, x]) => typeof k === "string" && isJson(x)));

/** The instance attributes Python would have after `cls(*args, **kwargs)` (parameters and what __init__ derives). */
export function constructorValues(className: string, args: readonly unknown[], kwargs: Iterable<[unknown, unknown]>): Attributes {
  const values: Attributes = {};
  const params = catalogEntry(className)?.params ?? [];
  args.forEach((v, i) => (values[params[i]?.name ?? `arg${i}`] = Array.isArray(v) ? [...(v as unknown[])] : v));
  for (const [k, v] of kwargs) values[String(k)] = Array.isArray(v) ? [...(v as unknown[])] : v;
  for (const p of params) if (!(p.name in values) && "default" in p) values[p.name] = p.default;
  INIT_EFFECTS[className]?.(values);
  return values;
}

/** The instance attributes Python would have after `cls(*args, **kwargs)` (parameters, name, requirements). */
function constructorModel(node: PyValue, requirements: readonly string[]): { attributes: Attributes; nonJson: string[] } | undefined {
  const call = readTaskCall(node);
  if (call === undefined) return undefined;
  const values = constructorValues(call.className, call.args, call.kwargs);
  const attributes: Attributes = {};
  const nonJson: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (isJson(v)) attributes[k] = v;
    else nonJson.push(k);
  }
  attributes.requirements = [...requirements]; // Task.__init__ deep-copies the class list into the instance
  return { attributes, nonJson };
}

/** Our graph's summary with each task's attributes as its Python constructor sets them. */
export function summarizeOurs(bytes: Uint8Array, tasks: readonly TaskReference[]): ExecutionGraphSummary {
  const requirements = new Map(tasks.map((t) => [t.name, t.requirements]));
  const summary = summarizeExecutionGraph(bytes);
  const state = (((unpickle(bytes) as PyObject).state as PyDict).get("graph") as PyObject).state as PyDict;
  const nodes = [...(state.get("_node") as PyDict).keys()];
  summary.nodes = summary.nodes.map((s, i): GraphSummaryNode => {
    if (s.kind !== "task") return s;
    const model = constructorModel(nodes[i]!, requirements.get(s.key) ?? []);
    return model === undefined ? s : { ...s, attributes: model.attributes as { [k: string]: JsonValue }, non_json_attributes: model.nonJson };
  });
  return summary;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The summary with its random fields replaced (README: graph names, names not given explicitly,
 * RandomSleepTask's seconds): UUID names become "<random-N>" in order of appearance; classes
 * that a fresh Python process reads as abc.X (see the golden's notes) get their library path back.
 */
export function comparable(summary: ExecutionGraphSummary, notes: readonly string[] = [], randomSecondsAt: readonly number[] = []): unknown {
  const ids = new Map<string, string>();
  const id = (key: string): string => (UUID.test(key) ? (ids.get(key) ?? ids.set(key, `<random-${ids.size}>`).get(key)!) : key);
  const nodes = summary.nodes.map((n, index) => {
    if (n.kind !== "task") return n;
    let taskClass = n.task_class;
    const short = taskClass.slice(4);
    if (taskClass.startsWith("abc.") && notes.some((note) => note.startsWith(`${taskClass} `))) {
      taskClass = catalogClasses().find((c) => c.path.endsWith(`.${short}`))!.path;
    }
    const attributes: Record<string, unknown> = { ...n.attributes, name: id(String(n.attributes.name)) };
    if (randomSecondsAt.includes(index)) attributes.seconds = "<random>";
    return { ...n, key: id(n.key), task_name: id(String(n.task_name)), task_class: taskClass, attributes };
  });
  const edges = summary.edges.map((e) => ({ ...e, from: id(e.from), to: id(e.to) }));
  return { ...summary, name: "<random>", nodes, edges };
}

/** Deployment bodies without their pickles. */
export function withoutGraphs(body: { deployment_map: unknown[]; deployment_context: unknown }): unknown {
  return { ...body, deployment_map: body.deployment_map.map((d) => ({ ...(d as object), execution_graph: "<graph>" })) };
}

export function graphBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export type { ExecutionGraph };
