/**
 * Catalog entry → a short description (JSON and one line of text), and a search by purpose
 * ("latency", "capture", "speed test", "upload"). Used by the MCP tools; reusable wherever the
 * catalog is shown. The topics are our own words for the library's module areas.
 */
import type { JsonValue } from "../json.js";
import { expectation } from "./arguments.js";
import { catalogClasses, catalogEntry, shortName } from "./catalog.js";
import type { CatalogClass, ResultDataclass } from "./catalog-types.js";

/** Module area (after netunicorn.library.tasks.) → what it is for, with the words people search with. */
const TOPICS: readonly (readonly [string, string])[] = [
  ["measurements.ping", "latency measurement with ping (round-trip time, packet loss)"],
  ["measurements.flent", "network performance under load (throughput, latency) with flent (rrul, ping, tcp upload/download, voip, bufferbloat)"],
  ["measurements.iperf3", "throughput / bandwidth measurement with iperf3 (server and client)"],
  ["measurements.ndt", "internet speed test (bandwidth, throughput, latency) with M-Lab NDT7"],
  ["measurements.ookla_speedtest", "internet speed test (bandwidth, throughput, latency) with the Ookla speedtest CLI"],
  ["measurements.cloudflare", "internet speed test (bandwidth, throughput, latency) with speed.cloudflare.com in a headless browser"],
  ["measurements.alexa", "web browsing measurement over a list of popular websites"],
  ["capture.tcpdump", "packet capture (pcap) with tcpdump: start, stop"],
  ["capture.tshark", "packet capture (pcap) with tshark: start, stop"],
  ["preprocessing", "pcap analysis and preprocessing (tshark, zeek, scapy flows and 5-tuples)"],
  ["upload", "upload files (captures, results) to file.io, FTP, Google Cloud Storage or WebDAV"],
  ["data_transfer", "send or fetch task results between nodes or to an HTTP endpoint"],
  ["flags", "experiment flags: set, get, wait for, increment, decrement (synchronisation between nodes)"],
  ["video_watchers", "video streaming QoE: watch YouTube, Vimeo or Twitch in a headless browser"],
  ["qoe_youtube", "video streaming QoE collection for YouTube (collection server and watcher)"],
  ["network_attacks", "network attack traffic generation for security research (ARP spoofing, floods, Heartbleed, Slowloris...)"],
  ["letsencrypt", "TLS certificates with Let's Encrypt (certbot)"],
  ["utils.sleep", "wait: sleep a random time"],
  ["utils.network", "network utilities"],
  ["basic", "basic tasks: run a shell command, sleep, wait until a time, do nothing"],
];

const AREA = "netunicorn.library.tasks.";

/** Our one-line description of a class's module area. */
export function topicOf(entry: CatalogClass): string {
  const area = entry.path.slice(AREA.length);
  return TOPICS.find(([prefix]) => area === prefix || area.startsWith(`${prefix}.`))?.[1] ?? "netunicorn-library task";
}

/** The dataclasses a task (or, for a dispatcher, its implementations) returns. */
export function resultsOf(entry: CatalogClass): readonly ResultDataclass[] {
  if (entry.kind === "task") return entry.results ?? [];
  const seen = new Map<string, ResultDataclass>();
  for (const d of entry.dispatch ?? []) for (const r of catalogEntry(d.implementation)?.results ?? []) seen.set(r.class, r);
  return [...seen.values()];
}

/** Supported architectures: every one for a plain task (it runs wherever Python does), the dispatch table's for a dispatcher. */
export function architecturesOf(entry: CatalogClass): string[] | "any" {
  return entry.kind === "task" ? "any" : [...new Set((entry.dispatch ?? []).flatMap((d) => d.architectures))];
}

/** What the task installs: its requirements, or per implementation for a dispatcher. */
export function installsOf(entry: CatalogClass): { architectures: string[] | "any"; commands: string[] }[] {
  if (entry.kind === "task") return [{ architectures: "any", commands: [...(entry.requirements ?? [])] }];
  return (entry.dispatch ?? []).map((d) => ({ architectures: [...d.architectures], commands: [...d.requirements] }));
}

const lastPart = (path: string): string => path.slice(path.lastIndexOf(".") + 1);

/** The catalog entry as compact JSON: name, class, kind, topic, parameters, architectures, installs, results. */
export function describeEntry(entry: CatalogClass): { [key: string]: JsonValue } {
  return {
    name: shortName(entry),
    class: entry.path,
    kind: entry.kind,
    topic: topicOf(entry),
    parameters: entry.params.map((p) => ({ name: p.name, type: p.type, ...("default" in p ? { default: (p.default ?? null) as JsonValue } : { required: true }) })),
    keyword_only: entry.keywordOnly === true,
    architectures: architecturesOf(entry),
    installs: installsOf(entry),
    results: resultsOf(entry).map((r) => ({ class: lastPart(r.class), fields: r.fields.map(([name, type]) => `${name}: ${type}`) })),
  };
}

/** One line: `Ping(address: str, count: int = 1) [linux/amd64, linux/arm64] installs … → PingResult(…)`. */
export function describeEntryText(entry: CatalogClass): string {
  const params = entry.params.map((p) => `${p.name}: ${expectation(p)}`).join("; ");
  const archs = architecturesOf(entry);
  const perArch = installsOf(entry);
  const installs =
    perArch.length > 1
      ? perArch.map((i) => `[${(i.architectures as string[]).join(", ")}] ${i.commands.join(" && ") || "nothing"}`)
      : (perArch[0]?.commands ?? []);
  const results = resultsOf(entry).map((r) => `${lastPart(r.class)}(${r.fields.map(([n]) => n).join(", ")})`);
  return (
    `${shortName(entry)} (${entry.kind}, ${archs === "any" ? "any architecture" : archs.join(", ")}): ${topicOf(entry)}. ` +
    `Parameters: ${params || "none"}${entry.keywordOnly ? " (keywords only)" : ""}. ` +
    `Installs: ${installs.length ? installs.join(perArch.length > 1 ? "; " : " && ") : "nothing"}.` +
    (results.length ? ` Returns ${results.join(" or ")}.` : "")
  );
}

const words = (text: string): string[] =>
  text.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1);

/** Same word, or one is a prefix of the other ("speed" ~ "speedtest", "captures" ~ "capture"). */
const close = (a: string, b: string): boolean => a === b || (a.length >= 4 && b.startsWith(a)) || (b.length >= 4 && a.startsWith(b));

/**
 * Catalog entries matching a purpose, best first: every query word is looked for in the class
 * name, module path and topic. Implementation classes rank after their dispatcher.
 */
export function searchLibraryTasks(query: string): CatalogClass[] {
  const wanted = words(query);
  const scored = catalogClasses().map((entry) => {
    const name = words(lastPart(entry.path));
    const topic = topicOf(entry);
    const haystack = [...name, ...words(entry.path.slice(AREA.length)), ...words(topic)];
    const lead = words(topic.split(/ with | \(/)[0]!); // what the area is mainly for
    let score = 0;
    for (const w of wanted) {
      if (name.some((n) => close(w, n))) score += 3;
      else if (haystack.some((h) => close(w, h))) score += 2;
      if (lead.some((h) => close(w, h))) score += 1;
    }
    if (/Implementation$|LinuxAMD64$|LinuxARM64$/.test(entry.path)) score -= 1;
    return { entry, score };
  });
  return scored.filter((s) => wanted.length === 0 || s.score > 0).sort((a, b) => b.score - a.score).map((s) => s.entry);
}
