// The console's results page in a real browser: headless Chromium drives the BUILT page
// (dist/console) against an in-process sandbox whose clock the test holds and whose nodes end one
// per hour of that clock, so each state lasts until the test moves time on (no sleeps, no race
// with a loaded machine). Launch a library Ping on five nodes from the launcher; while it runs
// every node not back yet says "running, results arrive…" (never "Failure") and the nodes back
// show their rows and chart; then the per-task table (sortable by mouse and keyboard, the failed
// node marked with its reason), the chart (the core's SVG, its numbers in words and as a table),
// the CSV and JSON Lines downloads (their content checked), and the comparison of two experiments.
// Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1, else to a temporary folder
// (console-chromium.ts: screenshotFolder): results-running, results-table, results-chart, compare,
// and at 390 px results-table-narrow, results-chart-narrow, compare-narrow.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningConsole, serveConsole } from "../../console/server/serve-console.js";
import { launchChromium, openWatchedPage, screenshotFolder, unlabelled } from "./console-chromium.js";
import { requireBuilt } from "./helpers.js";

const SHOTS = screenshotFolder();
/** The sandbox ends one node per STEP (in deployment order): "forever" until the test moves its clock on. */
const STEP = 60 * 60 * 1000;
const NODES = ["node-a", "node-b", "node-c", "rpi-arm64-01", "flaky-01"];
const RUNNING = "running, results arrive when each node finishes";

let browser: Browser;
let server: RunningConsole;
let page: Page;
let clockOffset = 0;
let problems: string[] = [];

beforeAll(async () => {
  requireBuilt();
  server = await serveConsole({
    port: 0,
    sandbox: { now: () => Date.now() + clockOffset, timing: { rowDelayMs: 0, preparationMs: 300, executionMs: STEP, executionStaggerMs: STEP, executorsStartMs: 50, lockReleaseMs: 0, tokenLifetimeMs: 30 * 24 * STEP } },
  });
  browser = await launchChromium();
  ({ page, problems } = await openWatchedPage(browser, { acceptDownloads: true }));
});

afterAll(async () => {
  await browser?.close();
  SHOTS.remove();
  await server?.close();
});

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS.dir, `${name}.png`), fullPage: false });
const resultTable = (): ReturnType<Page["locator"]> => page.locator("table.result-table");
/** The texts of one column of the results table (1-based, the node is column 1). */
const column = (n: number): Promise<string[]> => resultTable().locator(`tbody tr > :nth-child(${n})`).allTextContents();
const headerIndex = async (label: string): Promise<number> => (await resultTable().locator("thead th").allTextContents()).findIndex((t) => t.startsWith(label)) + 1;

async function logIn(): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel("Login", { exact: true }).fill("demo");
  await page.getByLabel("Password", { exact: true }).fill("demo-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Nodes" }).waitFor();
}

/** Launches the launcher's default tasks (a library Ping, then a sleep) on NODES; resolves on the experiment's page, RUNNING. */
async function launch(name: string): Promise<void> {
  await page.getByRole("link", { name: "Launch" }).click();
  await page.getByLabel("Experiment name").fill(name);
  for (const node of NODES) await page.getByLabel(new RegExp(`^ ?${node}\\b`)).check();
  await page.getByLabel(/^Count \(task 1: Ping/).fill("5");
  await page.getByRole("button", { name: "Launch", exact: true }).click();
  await page.waitForURL(new RegExp(`#experiment/${name}$`), { timeout: 60_000 });
  await page.getByRole("status").filter({ hasText: /^RUNNING$/ }).waitFor({ timeout: 60_000 });
}

/** Moves the sandbox's clock past every node's end; resolves when the page shows FINISHED. */
async function finish(): Promise<void> {
  clockOffset += NODES.length * STEP + 1000;
  await page.getByRole("status").filter({ hasText: /^FINISHED$/ }).waitFor({ timeout: 60_000 });
}

/** Waits for a condition generously: a loaded machine may take seconds for what usually takes milliseconds. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

const progress = (): Promise<string | null> => page.locator(".results [role=status]").textContent();

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCSV(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = (): void => {
    record.push(cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== "," && c !== "\r" && c !== "\n")) cell += c;
    else if (c === ",") endCell();
    else if (c === "\n") {
      endCell();
      records.push(record);
      record = [];
    }
  }
  if (cell !== "" || record.length > 0) {
    endCell();
    records.push(record);
  }
  return records;
}

async function downloaded(button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]) as [Download, void];
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, "utf8") };
}

describe("the console's results page in headless Chromium", () => {
  it("shows a running Ping honestly, then its table and chart, downloads its rows, and compares two experiments", async () => {
    await logIn();
    await launch("ping-before");

    // RUNNING, nothing back yet: every node says it is running, nothing reads as failed.
    await eventually(progress).toMatch(/^Running: 0 of 5 nodes reported; results arrive when each node finishes\.$/);
    await eventually(() => column(2)).toEqual(NODES.map(() => RUNNING));
    expect(await resultTable().locator("tbody th").allTextContents()).toEqual(NODES);
    expect(await page.locator(".results").innerText()).not.toMatch(/Failure|failed/);

    // Two nodes back, three still running: their rows and the chart of what came back.
    clockOffset += 2 * STEP + 1000;
    await eventually(progress).toMatch(/^Running: 2 of 5 nodes reported; results arrive when each node finishes\.$/);
    await eventually(() => column(2)).toEqual(["ok", "ok", RUNNING, RUNNING, RUNNING]);
    expect(await page.locator(".results").innerText()).not.toMatch(/Failure|failed/);
    await eventually(() => page.locator("figure.result-chart figcaption").textContent()).toMatch(/on 5 nodes: lowest .*; 3 without a value \(3 not finished\)\.$/);
    expect(await page.locator("details.node-result summary").allInnerTexts()).toEqual([
      "node-a Success 2 tasks", "node-b Success 2 tasks", ...NODES.slice(2).map((n) => `${n} Running ${RUNNING}`),
    ]);
    await page.getByRole("heading", { name: "Results" }).evaluate((heading) => heading.scrollIntoView({ block: "start" }));
    await shot("results-running");
    // The list says the same: nodes not back are running, not failed.
    await page.getByRole("link", { name: "Experiments", exact: true }).click();
    await page.getByRole("row", { name: /ping-before.*RUNNING.*2 succeeded, 0 failed, 3 running/ }).waitFor();
    await page.getByRole("link", { name: "ping-before" }).click();
    await eventually(progress).toMatch(/^Running: 2 of 5 nodes reported/);

    await finish();
    // The table of the Ping: a row per node, a column per PingResult field with its unit. (Ping
    // is a dispatcher: its given name stays on the dispatcher, so the core names it by class.)
    await eventually(() => column(2)).toContain("ok");
    const ping = await page.getByLabel("Task", { exact: true }).inputValue();
    expect(ping).toMatch(/^(ping-1|Ping #1)$/);
    const states = await column(2);
    expect(states.filter((s) => s === "ok")).toHaveLength(4);
    expect(states[NODES.indexOf("flaky-01")]).toMatch(/^failed: .*Simulated task failure on node flaky-01/);
    expect(await resultTable().locator("tbody tr.failed th").allTextContents()).toEqual(["flaky-01"]);
    const avg = await headerIndex("avg_rtt (ms)");
    expect(avg).toBeGreaterThan(2);
    const values = (await column(avg)).filter((v) => v !== "—").map(Number);
    expect(values).toHaveLength(4);
    for (const v of values) expect(v).toBeGreaterThan(0);

    // Sort by avg RTT with the mouse (ascending), then with the keyboard (descending).
    const sortHeader = resultTable().locator("thead th").nth(avg - 1);
    const sortButton = sortHeader.getByRole("button", { name: /^avg_rtt \(ms\)$/ });
    await sortButton.click();
    await eventually(() => sortHeader.getAttribute("aria-sort")).toBe("ascending");
    const ascending = (await column(avg)).filter((v) => v !== "—").map(Number);
    expect(ascending).toEqual([...values].sort((a, b) => a - b));
    expect((await column(avg)).at(-1)).toBe("—"); // the failed node (no value) stays last
    await sortButton.focus();
    await page.keyboard.press("Enter");
    await eventually(() => sortHeader.getAttribute("aria-sort")).toBe("descending");
    expect((await column(avg)).filter((v) => v !== "—").map(Number)).toEqual([...values].sort((a, b) => b - a));
    await resultTable().scrollIntoViewIfNeeded();
    await shot("results-table");

    // The chart: the core's SVG (avg RTT per node, min/max whiskers), described in words, and as a table.
    const chart = page.locator("figure.result-chart");
    const svg = chart.locator("svg[role=img]");
    await eventually(() => svg.getAttribute("aria-label")).toMatch(/^Chart: avg_rtt \(ms\) per node · /);
    expect(await svg.getAttribute("aria-label")).toContain(ping);
    const caption = (await chart.locator("figcaption").textContent()) ?? "";
    expect(caption).toMatch(/lowest [\d.]+ ms on .+, highest [\d.]+ ms on .+; whiskers from min_rtt to max_rtt; 1 without a value \(1 failed\)\./);
    expect(await svg.locator("rect").count()).toBeGreaterThanOrEqual(4);
    await chart.getByText("Chart data as a table").click();
    await eventually(() => chart.locator("table tbody tr").count()).toBe(5);
    expect(await chart.locator("table thead th").allTextContents()).toEqual(["node", "avg_rtt (ms)", "min_rtt (ms)", "max_rtt (ms)", "state"]);
    // The per-packet RTTs: their distribution.
    await page.getByLabel("Chart", { exact: true }).selectOption({ label: "packets.time: distribution of every value" });
    await eventually(() => svg.getAttribute("aria-label")).toMatch(/distribution/);
    expect(await chart.locator("figcaption").textContent()).toMatch(/^Distribution of \d+ packets\.time values \(ms\) from 4 nodes/);
    await page.getByLabel("Chart", { exact: true }).selectOption({ label: "avg_rtt (ms) per node" });
    await eventually(() => svg.getAttribute("aria-label")).toMatch(/avg_rtt/);
    expect(await unlabelled(page)).toEqual([]);
    await page.locator(".chart-block").evaluate((block) => block.scrollIntoView({ block: "start" }));
    await shot("results-chart");

    // Another task: the sleep's table (built when picked).
    await page.getByLabel("Task", { exact: true }).selectOption("sleep-2");
    await eventually(() => resultTable().locator("caption").textContent()).toMatch(/sleep-2/);
    expect(await column(2)).toEqual(NODES.map((n) => (n === "flaky-01" ? "not run (the node's executor never reached this task)" : "ok")));
    await page.getByLabel("Task", { exact: true }).selectOption(ping);

    // Downloads: CSV (a header row and one line per node × task) and JSON Lines (one object per line).
    const csv = await downloaded("Download CSV");
    expect(csv.name).toBe("ping-before-results.csv");
    const [header, ...records] = parseCSV(csv.text);
    expect(header).toEqual(expect.arrayContaining(["experiment", "node", "task", "state", "avg_rtt"]));
    expect(records).toHaveLength(NODES.length * 2);
    for (const record of records) expect(record).toHaveLength(header!.length);
    const at = (name: string): number => header!.indexOf(name);
    const pingOf = (node: string): string[] => records.find((r) => r[at("node")] === node && r[at("task")] === ping)!;
    expect(pingOf("node-a")[at("experiment")]).toBe("ping-before");
    expect(Number(pingOf("node-a")[at("avg_rtt")])).toBe(values[0]);
    expect(pingOf("flaky-01")[at("state")]).toBe("failed");
    const jsonl = await downloaded("Download JSON Lines");
    expect(jsonl.name).toBe("ping-before-results.jsonl");
    const objects = jsonl.text.trimEnd().split("\n").map((l) => JSON.parse(l) as { node: string; task: string; state: string });
    expect(objects).toHaveLength(NODES.length * 2);
    expect(objects.filter((o) => o.task === ping && o.state === "ok").map((o) => o.node).sort()).toEqual(NODES.filter((n) => n !== "flaky-01").sort());

    // At 390 px: nothing wider than the screen but the scrollable tables.
    await page.setViewportSize({ width: 390, height: 844 });
    await resultTable().scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await shot("results-table-narrow");
    // The chart is laid out again for the narrow screen.
    await eventually(async () => Number(await page.locator("figure.result-chart svg").getAttribute("width"))).toBeLessThanOrEqual(390 - 32);
    await page.locator(".chart-block").evaluate((block) => block.scrollIntoView({ block: "start" }));
    await shot("results-chart-narrow");
    await page.setViewportSize({ width: 1280, height: 800 });

    // A second run of the same tasks, then both side by side.
    await launch("ping-after");
    await finish();
    await page.getByRole("link", { name: "Compare this experiment with others" }).click();
    await page.getByLabel(/^ ?ping-before\b/).waitFor();
    // It starts from this experiment; the order of ticking is the order compared (last − first).
    expect(await page.getByLabel(/^ ?ping-after\b/).isChecked()).toBe(true);
    await page.getByLabel(/^ ?ping-after\b/).uncheck();
    await page.getByLabel(/^ ?ping-before\b/).check();
    await page.getByLabel(/^ ?ping-after\b/).check();
    expect(await page.getByText(/^Order: /).textContent()).toBe("Order: ping-before → ping-after");
    await page.getByRole("button", { name: "Compare", exact: true }).click();
    const compare = page.locator("table.compare-table");
    await eventually(() => compare.locator("tbody tr").count()).toBe(NODES.length);
    expect(await compare.locator("thead th").allTextContents()).toEqual(["Node", "ping-before", "ping-after", "Difference (ping-after − ping-before)"]);
    expect(await page.getByLabel("Field").inputValue()).toBe("avg_rtt");
    let compared = 0;
    for (const row of await compare.locator("tbody tr").all()) {
      const node = await row.locator("th").textContent();
      const [before, after, difference] = await row.locator("td").allTextContents();
      if (node === "flaky-01") {
        expect([before, after, difference]).toEqual(["failed", "failed", "—"]);
        continue;
      }
      expect(Number(difference)).toBeCloseTo(Number(after) - Number(before), 5);
      compared++;
    }
    expect(compared).toBe(NODES.length - 1);
    expect(await unlabelled(page)).toEqual([]);
    await shot("compare");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await shot("compare-narrow");
    await page.setViewportSize({ width: 1280, height: 800 });

    expect(problems).toEqual([]);
  });
});
