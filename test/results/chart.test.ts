import { describe, expect, it } from "vitest";
import { chartCandidates, chartTable, resultRows, resultsChartSVG, type ResultRow } from "../../src/results/index.js";
import { nodeName, runPingExperiments } from "./ping-experiment.js";
import { statusInfo } from "./helpers.js";

const { info } = (await runPingExperiments({ nodes: 12, pings: 2, count: 8, failExecute: [nodeName(3)], failPrepare: [nodeName(5)] }))[0]!;
const rows = resultRows(info, { experiment: "ping" });

/** Attributes of the root <svg> element. */
function rootAttributes(svg: string): Record<string, string> {
  const open = /^<svg\b([^>]*)>/.exec(svg)![1]!;
  return Object.fromEntries([...open.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** A strict enough well-formedness check without a DOM: every tag closed in order. */
function wellFormed(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)\b[^>]*?(\/?)>/g)) {
    if (m[3] === "/") continue;
    if (m[1] === "/") {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]!);
  }
  return stack.length === 0 && !/&(?!(lt|gt|amp|quot|#39);)/.test(svg);
}

describe("chartTable", () => {
  it("defaults to the first task's avg_rtt per node with min_rtt/max_rtt whiskers, units from the value, and says what failed", () => {
    const table = chartTable(rows);
    expect(table).toMatchObject({ kind: "per-node", task: "Ping #1", field: "avg_rtt", unit: "ms" });
    expect(table.columns).toEqual(["node", "avg_rtt (ms)", "min_rtt (ms)", "max_rtt (ms)", "state"]);
    expect(table.cells.length).toBe(12);
    const okRows = rows.filter((r) => r.task === "Ping #1" && r.state === "ok");
    for (const r of okRows) {
      const cells = table.cells.find((c) => c[0] === r.node)!;
      expect(cells).toEqual([r.node, r.fields.avg_rtt, r.fields.min_rtt, r.fields.max_rtt, "ok"]);
      expect(cells[2]! <= cells[1]! && cells[1]! <= cells[3]!).toBe(true);
    }
    expect(table.cells.find((c) => c[0] === nodeName(3))).toEqual([nodeName(3), null, null, null, "failed"]);
    expect(table.cells.find((c) => c[0] === nodeName(5))).toEqual([nodeName(5), null, null, null, "preparation failed"]);
    expect(table.description).toMatch(/^avg_rtt \(ms\) of task Ping #1 on 12 nodes: lowest [\d.]+ ms on node-\d+, highest [\d.]+ ms on node-\d+; whiskers from min_rtt to max_rtt; 2 without a value \(1 failed, 1 preparation failed\)\.$/);
  });

  it("charts loss per node and the per-packet RTT distribution (series field) as a histogram of every packet", () => {
    const loss = chartTable(rows, { task: "Ping #2", field: "packet_loss" });
    expect(loss).toMatchObject({ kind: "per-node", field: "packet_loss", task: "Ping #2" });
    expect(loss.columns).toEqual(["node", "packet_loss", "state"]);
    const dist = chartTable(rows, { field: "packets.time" });
    expect(dist).toMatchObject({ kind: "distribution", task: "Ping #1", unit: "ms", columns: ["from (ms)", "to (ms)", "count"] });
    const packets = rows.filter((r) => r.task === "Ping #1" && r.state === "ok").flatMap((r) => JSON.parse(r.fields.packets as string) as { time: number }[]);
    expect(dist.bins.reduce((a, b) => a + b.count, 0)).toBe(packets.length);
    expect(dist.bins[0]!.from).toBe(Math.min(...packets.map((p) => p.time)));
    expect(dist.bins.at(-1)!.to).toBe(Math.max(...packets.map((p) => p.time)));
    expect(chartCandidates(rows).filter((c) => c.task === "Ping #1")).toEqual([
      { task: "Ping #1", field: "packet_loss", kind: "per-node" },
      { task: "Ping #1", field: "avg_rtt", kind: "per-node" },
      { task: "Ping #1", field: "packets.time", kind: "distribution" },
    ]);
  });

  it("says so when there is nothing numeric (a RUNNING experiment)", () => {
    const table = chartTable(resultRows(statusInfo("running")));
    expect(table.kind).toBe("empty");
    expect(table.description).toBe("Task tick has no numeric field to chart (2 rows).");
    expect(resultsChartSVG(resultRows(statusInfo("running")))).toContain("Task tick has no numeric field to chart");
  });
});

describe("resultsChartSVG", () => {
  it("is a self-contained accessible SVG: role img, aria-label, <title> and <desc> with the data's words", () => {
    const svg = resultsChartSVG(rows);
    const attrs = rootAttributes(svg);
    expect(attrs).toMatchObject({ xmlns: "http://www.w3.org/2000/svg", role: "img", width: "640" });
    const table = chartTable(rows);
    expect(attrs["aria-label"]).toBe(`${table.title}. ${table.description}`);
    expect(svg).toContain(`<title>${table.title}</title><desc>${table.description}</desc>`);
    expect(wellFormed(svg)).toBe(true);
    expect(svg).not.toMatch(/href=|<script|<foreignObject|url\(/); // nothing fetched, nothing run
    // one bar per node with a value, the failed ones named with their state
    expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="12"/g)!.length).toBe(10);
    expect(svg).toContain(">preparation failed<");
  });

  it("lays out for 390 px: labels and titles fit, fonts stay at 12 px", () => {
    const svg = resultsChartSVG(rows, { width: 390 });
    expect(rootAttributes(svg)).toMatchObject({ width: "390", viewBox: expect.stringMatching(/^0 0 390 \d+$/), "font-size": "12" });
    const xs = [...svg.matchAll(/<text x="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...xs)).toBeLessThanOrEqual(390);
    const long: ResultRow[] = rows.map((r) => ({ ...r, node: `a-very-long-node-name-from-a-cloud-provider-${r.node}` }));
    const narrow = resultsChartSVG(long, { width: 390 });
    expect(narrow).toContain("…");
    expect(wellFormed(narrow)).toBe(true);
  });

  it("switches to dots sorted by value past 60 nodes and escapes names", () => {
    const many: ResultRow[] = [];
    for (let i = 0; i < 200; i++) many.push({ ...rows[0]!, node: `n<${i}>&"`, fields: { avg_rtt: i % 50, min_rtt: 0, max_rtt: 60 }, units: { avg_rtt: "ms" } });
    const svg = resultsChartSVG(many, { width: 390 });
    expect(svg.match(/<circle /g)!.length).toBe(200);
    expect(svg).toContain("200 nodes, sorted by value (lines: min to max)");
    expect(svg).toContain("n&lt;7&gt;&amp;&quot;");
    expect(wellFormed(svg)).toBe(true);
  });
});
