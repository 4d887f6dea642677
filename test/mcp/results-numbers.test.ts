/**
 * Issue 18 over MCP: the results text carries the numbers (a table per task within
 * max_value_chars, the summary line), the CSV and SVG resources, and compare_experiments, against
 * the sandbox's library Ping: in process, and over Streamable HTTP with clients of both protocol
 * eras (2026-07-28 stateless, 2025-11-25 and 2025-06-18 with sessions).
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBackend } from "../../mcp/backend.js";
import { parseConfig } from "../../mcp/config.js";
import { type RunningHttp, serveHttp } from "../../mcp/transport/http.js";
import { createMcpServer } from "../../mcp/index.js";
import { type Connected, call, connect } from "./helpers.js";

const NODES = ["node-a", "node-b", "node-c", "flaky-01"];
const WAIT = { interval_seconds: 0.05, timeout_seconds: 30 };

type Row = { node: string; task: string; state: string; reason: string | null; fields: Record<string, unknown>; units: Record<string, string> };
type Summary = { task: string; column: string; unit: string | null; count: number; failed: number; min: number; median: number; max: number; mean: number };

let mcp: Connected;
let http: RunningHttp;

async function runPing(id: string, pipeline: unknown[] = [{ task: "Ping", args: { address: "127.0.0.1", count: 10 }, name: "ping" }]): Promise<void> {
  const prepared = await call(mcp.client, "prepare_experiment", { experiment_id: id, nodes: { names: NODES }, pipeline, environment: { type: "shell" } });
  expect(prepared.isError, prepared.text).toBe(false);
  await call(mcp.client, "wait_for_experiment", { experiment_id: id, status: "READY", ...WAIT });
  await call(mcp.client, "start_execution", { experiment_id: id });
  const done = await call(mcp.client, "wait_for_experiment", { experiment_id: id, ...WAIT });
  expect(done.structured.status_name).toBe("FINISHED");
}

beforeAll(async () => {
  const backend = makeBackend(parseConfig([], { NETUNICORN_SANDBOX_FAST: "1" }));
  mcp = await connect(backend.client, { sandbox: true });
  await runPing("rtt-before");
  await runPing("rtt-after");
  await runPing("uname-only", [{ shell: ["uname", "-a"], name: "uname" }]);
  await call(mcp.client, "prepare_experiment", { experiment_id: "not-yet", nodes: { names: ["node-a"] }, pipeline: [{ task: "Ping", args: { address: "127.0.0.1" } }], environment: { type: "shell" } });
  http = await serveHttp({ port: 0, makeServer: () => createMcpServer(backend.client, { sandbox: true }) });
});
afterAll(async () => {
  await mcp?.close();
  await http?.close();
});

/** The text table's line for a node: its cells. */
function tableLine(text: string, node: string): string[] {
  const line = text.split("\n").find((l) => l.startsWith(`| ${node} |`));
  expect(line, `no table line for ${node} in:\n${text}`).toBeDefined();
  return line!.slice(2, -2).split(" | ");
}

describe("get_experiment_results: the numbers in the text", () => {
  it("a table per task (node | state | fields with units), each number as in the structured rows, then the summary line", async () => {
    const answer = await call(mcp.client, "get_experiment_results", { experiment_id: "rtt-before" });
    expect(answer.isError, answer.text).toBe(false);
    const rows = answer.structured.rows as Row[];
    expect(rows.map((r) => [r.node, r.state])).toEqual([["node-a", "ok"], ["node-b", "ok"], ["node-c", "ok"], ["flaky-01", "failed"]]);
    const header = answer.text.split("\n").find((l) => l.startsWith("| node | state |"))!.slice(2, -2).split(" | ");
    expect(header.slice(0, 7)).toEqual(["node", "state", "packet_loss", "min_rtt (ms)", "avg_rtt (ms)", "max_rtt (ms)", "stddev_rtt (ms)"]);
    for (const row of rows.filter((r) => r.state === "ok")) {
      const cells = tableLine(answer.text, row.node);
      for (const field of ["packet_loss", "min_rtt", "avg_rtt", "max_rtt"]) {
        expect(typeof row.fields[field]).toBe("number");
        expect(cells[header.findIndex((h) => h === field || h.startsWith(`${field} (`))]).toBe(String(row.fields[field]));
      }
    }
    // The sandbox varies the numbers per node (still marked simulated).
    expect(new Set(rows.filter((r) => r.state === "ok").map((r) => r.fields.avg_rtt)).size).toBeGreaterThan(1);
    expect(tableLine(answer.text, "flaky-01")[1]).toMatch(/^failed: Simulated task failure on node flaky-01/);

    const avg = (answer.structured.summary as Summary[]).find((s) => s.column === "avg_rtt")!;
    const values = rows.filter((r) => r.state === "ok").map((r) => r.fields.avg_rtt as number).sort((a, b) => a - b);
    expect(avg).toMatchObject({ unit: "ms", count: 3, failed: 1, min: values[0], median: values[1], max: values[2] });
    expect(avg.mean).toBeCloseTo((values[0]! + values[1]! + values[2]!) / 3, 10);
    const line = answer.text.split("\n").find((l) => l.startsWith("summary of "))!;
    expect(line).toContain(`avg_rtt (ms): n=3, min ${Number(values[0]!.toPrecision(6))}, median ${Number(values[1]!.toPrecision(6))}`);
    expect(line).toMatch(/over all 4 deployment\(s\), 1 failed run\(s\)/);
    expect(answer.structured.notes).toEqual([]);
  });

  it("cells are cut at the caller's max_value_chars, not at 300, and a note says what and how to get the rest", async () => {
    const wide = await call(mcp.client, "get_experiment_results", { experiment_id: "rtt-before", node: "node-a", max_value_chars: 5000 });
    const packets = (wide.structured.rows as Row[])[0]!.fields.packets as string;
    expect(packets.length).toBeGreaterThan(300); // ten PacketResults as JSON text
    expect(packets).not.toMatch(/… \[\d+ chars\]$/);
    expect(wide.text).toContain(packets.replace(/\|/g, "\\|"));
    expect(wide.text).not.toMatch(/cell\(s\) cut/);

    const narrow = await call(mcp.client, "get_experiment_results", { experiment_id: "rtt-before", node: "node-a", max_value_chars: 50 });
    const cut = (narrow.structured.rows as Row[])[0]!.fields.packets as string;
    expect(cut).toBe(`${packets.slice(0, 50)}… [${packets.length} chars]`);
    expect((narrow.structured.rows as Row[])[0]!.fields.avg_rtt).toBe((wide.structured.rows as Row[])[0]!.fields.avg_rtt);
    expect(narrow.structured.notes).toEqual([expect.stringMatching(/cell\(s\) cut .* at max_value_chars=50.*raise max_value_chars/)]);
    expect(narrow.text).toMatch(/note: \d+ cell\(s\) cut \(marked "… \[N chars\]"\) at max_value_chars=50/);
  });

  it("pages say how to get the rest, and the summary covers every deployment, not only the page", async () => {
    const first = await call(mcp.client, "get_experiment_results", { experiment_id: "rtt-before", limit: 1 });
    expect(first.text).toMatch(/deployments 1-1 of 4 \(more: call again with offset=1\)/);
    expect((first.structured.rows as Row[]).map((r) => r.node)).toEqual(["node-a"]);
    expect((first.structured.summary as Summary[]).find((s) => s.column === "avg_rtt")).toMatchObject({ count: 3, failed: 1 });
  });
});

const ERAS = [
  { name: "2026-07-28", options: { versionNegotiation: { mode: { pin: "2026-07-28" } } } },
  { name: "2025-11-25", options: {} },
  { name: "2025-06-18", options: { supportedProtocolVersions: ["2025-06-18"] } },
] as const;

async function eraClient(era: (typeof ERAS)[number]): Promise<Client> {
  const client = new Client({ name: `results-${era.name}`, version: "1.0.0" }, era.options as never);
  await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
  return client;
}

/** The same checks through the in-process client and each era's HTTP client. */
const CLIENTS = [{ name: "in-process", open: async () => mcp.client, close: async () => undefined }, ...ERAS.map((era) => ({ name: `HTTP ${era.name}`, open: () => eraClient(era), close: (c: Client) => c.close() }))];

/** RFC 4180 lines → cells (quoted cells may hold commas and doubled quotes; none here hold line breaks). */
function csvCells(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!));
}

describe.each(CLIENTS)("resources and compare_experiments, $name", (which) => {
  let client: Client;
  beforeAll(async () => {
    client = await which.open();
  });
  afterAll(() => which.close(client));

  it("lists the CSV and the SVG chart among the templates, with their mime types, and completes experiment names", async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    const byUri = Object.fromEntries(resourceTemplates.map((t) => [t.uriTemplate, t.mimeType]));
    expect(byUri).toMatchObject({
      "netunicorn://experiments/{name}/results.csv": "text/csv",
      "netunicorn://experiments/{name}/chart.svg{?task,field}": "image/svg+xml",
    });
    const names = await client.complete({ ref: { type: "ref/resource", uri: "netunicorn://experiments/{name}/results.csv" }, argument: { name: "name", value: "rtt-" } });
    expect(names.completion.values).toEqual(["rtt-before", "rtt-after"]);
    const chart = { type: "ref/resource", uri: "netunicorn://experiments/{name}/chart.svg{?task,field}" } as const;
    // Before the experiment is named there is nothing to offer (library task names belong to the library template only).
    expect((await client.complete({ ref: chart, argument: { name: "task", value: "" } })).completion.values).toEqual([]);
    const tasks = await client.complete({ ref: chart, argument: { name: "task", value: "" }, context: { arguments: { name: "rtt-before" } } });
    expect(tasks.completion.values).toEqual(["Ping #1"]);
    const fields = await client.complete({ ref: chart, argument: { name: "field", value: "" }, context: { arguments: { name: "rtt-before", task: "Ping #1" } } });
    expect(fields.completion.values).toEqual(expect.arrayContaining(["avg_rtt", "packet_loss", "packets.time"]));
    expect(fields.completion.values).not.toContain("host");
  });

  it("reads the CSV: a header and one line per node × task × run, with the numbers of the results tool", async () => {
    const uri = "netunicorn://experiments/rtt-before/results.csv";
    const { contents } = await client.readResource({ uri });
    expect(contents[0]).toMatchObject({ uri, mimeType: "text/csv" });
    const lines = (contents[0] as { text: string }).text.split(/\r\n/).filter((l) => l !== "");
    const header = csvCells(lines[0]!);
    expect(header).toEqual(expect.arrayContaining(["experiment", "node", "task", "state", "avg_rtt", "packet_loss"]));
    expect(lines).toHaveLength(1 + NODES.length);
    const rows = (await call(client, "get_experiment_results", { experiment_id: "rtt-before" })).structured.rows as Row[];
    for (const row of rows) {
      const cells = csvCells(lines.find((l) => csvCells(l)[header.indexOf("node")] === row.node)!);
      expect(cells[header.indexOf("state")]).toBe(row.state);
      if (row.state === "ok") expect(Number(cells[header.indexOf("avg_rtt")])).toBe(row.fields.avg_rtt);
    }
  });

  it("reads the chart as SVG: avg_rtt per node by default, another field on request, a refusal for an unknown one", async () => {
    const uri = "netunicorn://experiments/rtt-before/chart.svg";
    const { contents } = await client.readResource({ uri });
    expect(contents[0]).toMatchObject({ uri, mimeType: "image/svg+xml" });
    const svg = (contents[0] as { text: string }).text;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img"/);
    expect(svg).toMatch(/<title>[^<]*avg_rtt/);
    for (const node of ["node-a", "node-b", "node-c"]) expect(svg).toContain(node);
    const loss = await client.readResource({ uri: `${uri}?field=packet_loss` });
    expect((loss.contents[0] as { text: string }).text).toMatch(/<title>[^<]*packet_loss/);
    await expect(client.readResource({ uri: `${uri}?field=host` })).rejects.toThrow(/no numeric field "host".*field=avg_rtt/s);
    await expect(client.readResource({ uri: `${uri}?colour=red` })).rejects.toThrow(/unknown resource/);
  });

  it("compare_experiments: rows = nodes, a value per experiment, the difference last − first, and the means", async () => {
    const answer = await call(client, "compare_experiments", { experiment_ids: ["rtt-before", "rtt-after"], field: "avg_rtt" });
    expect(answer.isError, answer.text).toBe(false);
    const before = (await call(client, "get_experiment_results", { experiment_id: "rtt-before" })).structured.rows as Row[];
    const after = (await call(client, "get_experiment_results", { experiment_id: "rtt-after" })).structured.rows as Row[];
    const value = (rows: Row[], node: string) => (rows.find((r) => r.node === node && r.state === "ok")?.fields.avg_rtt as number | undefined) ?? null;
    expect(answer.structured).toMatchObject({ task: "Ping #1", field: "avg_rtt", unit: "ms", experiments: ["rtt-before", "rtt-after"], total: 4 });
    const rows = answer.structured.rows as { node: string; values: (number | null)[]; states: (string | null)[]; difference: number | null }[];
    expect(rows.map((r) => r.node)).toEqual(NODES);
    for (const row of rows) {
      expect(row.values).toEqual([value(before, row.node), value(after, row.node)]);
      expect(row.difference).toBe(row.values[0] === null || row.values[1] === null ? null : row.values[1]! - row.values[0]!);
    }
    expect(rows.find((r) => r.node === "flaky-01")).toMatchObject({ values: [null, null], states: ["failed", "failed"], difference: null });
    expect(answer.text).toMatch(/^.*avg_rtt \(ms\) of task "Ping #1" per node, rtt-before vs rtt-after:/m);
    expect(answer.text).toMatch(/\| node \| rtt-before \| rtt-after \| difference \(rtt-after − rtt-before\) \|/);
    expect(answer.text).toMatch(/\| flaky-01 \| failed \| failed \| - \|/);
    expect(answer.text).toMatch(/over nodes: rtt-before mean [\d.]+, median [\d.]+ \(3 node\(s\)\); rtt-after mean/);
  });

  it("compare_experiments refuses clearly, with a Next step: unknown experiment, task not in both, field not numeric, not finished", async () => {
    const refused = async (args: Record<string, unknown>) => {
      const answer = await call(client, "compare_experiments", args);
      expect(answer.isError, answer.text).toBe(true);
      return answer.text;
    };
    expect(await refused({ experiment_ids: ["rtt-before", "ghost"] })).toMatch(/unknown experiment "ghost".*\nNext: get_experiments lists the names/s);
    expect(await refused({ experiment_ids: ["rtt-before", "uname-only"] })).toMatch(/no task in common. Tasks by experiment: rtt-before: "Ping #1"; uname-only: "uname"\.\nNext: compare experiments that ran the same task/);
    expect(await refused({ experiment_ids: ["rtt-before", "rtt-after"], task: "uname" })).toMatch(/task "uname" is not in every experiment \(missing in "rtt-before", "rtt-after"\).*\nNext: call again with task one of "Ping #1"/s);
    expect(await refused({ experiment_ids: ["rtt-before", "rtt-after"], field: "host" })).toMatch(/field "host" of task "Ping #1" is not numeric in any ok run\.\nNext: call again with field one of .*"avg_rtt"/);
    expect(await refused({ experiment_ids: ["rtt-before", "rtt-after"], field: "jitter" })).toMatch(/task "Ping #1" has no field "jitter"/);
    expect(await refused({ experiment_ids: ["rtt-before", "not-yet"] })).toMatch(/experiment "not-yet" is (PREPARING|READY): it has no results to compare yet\.\nNext: wait_for_experiment/);
    expect(await refused({ experiment_ids: ["rtt-before", "rtt-before"] })).toMatch(/each experiment once/);
  });
});
