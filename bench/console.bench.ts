// `npx tsx bench/console.bench.ts` (needs `npm run build` and Chromium): the console's figures.
//  1. its bundle size, minified and min+gzip (what a browser downloads);
//  2. time to first render in headless Chromium: navigation start → the login form, and (with a
//     token in the tab) → the nodes table filled from the server;
//  3. the results page's first render at 1,000 deployments × 20 tasks (library Ping and sleep, one
//     after the other): navigation start → the first task's table (its first page of rows) and
//     its chart are on the page (FIRST_LOOK, read from the first 100 nodes), and → every row read
//     (COMPLETE); the longest long task meanwhile (how long the page could not answer input);
//     then opening the per-node detail of the first 100 nodes (every task's runs, values, logs).
// Medians of RUNS runs, each in a fresh browser context. Against the console's in-process sandbox.
// NODES=… and RUNS=… in the environment change the size (e.g. NODES=100 for a quick look).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { serveConsole } from "../console/server/serve-console.js";
import { RemoteClient } from "../src/client/index.js";
import { Pipeline, sleep } from "../src/graph/index.js";
import { libraryTask } from "../src/library/index.js";
import { Experiment, ExperimentStatus, Nodes } from "../src/model/index.js";
import { launchChromium } from "../test/runtime/console-chromium.js";

const RUNS = Number(process.env.RUNS ?? 3);
const NODES = Number(process.env.NODES ?? 1000);
const TASKS = 20;
/** Node sections opened after the first render (the detail is built per node, on demand). */
const OPENED = Math.min(NODES, 100);
/** The results page's first look: the first task's table (a page of rows) and its chart are on the page. */
const FIRST_LOOK: [selector: string, count: number][] = [["table.result-table tbody tr", Math.min(NODES, 100)], [".result-chart svg", 1]];
/** …and complete: every row read (the downloads appear with the complete rows). */
const COMPLETE: [selector: string, count: number][] = [...FIRST_LOOK, [".results-tools:not([hidden])", 1]];
const root = join(import.meta.dirname, "..");

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

function sizes(): void {
  const dir = join(root, "dist", "console");
  // console.js, its CSS and HTML load first; the library chunk only with the launcher.
  for (const file of readdirSync(dir).filter((f) => /\.(js|css|html)$/.test(f))) {
    const bytes = readFileSync(join(dir, file));
    console.log(`${file.padEnd(20)} ${kib(bytes.length).padStart(10)} min, ${kib(gzipSync(bytes, { level: 9 }).length).padStart(9)} min+gz`);
  }
}

type Marks = Record<string, [selector: string, count: number][]>;
interface Seen {
  marks: Record<string, number>;
  /** The longest task that kept the page from answering (PerformanceObserver "longtask"), until the last mark. */
  longest: number;
}

/** A page whose document records, from its first instant, when every selector of each mark first matches its count of elements. */
async function timedPage(browser: Browser, url: string, token: string | null, marks: Marks, results = false): Promise<Seen> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(
    ([token, marks]) => {
      if (token !== null) sessionStorage.setItem("netunicorn-console-token", token);
      const w = window as unknown as { __seen: Seen; __done?: boolean };
      w.__seen = { marks: {}, longest: 0 };
      new PerformanceObserver((list) => {
        if (w.__done !== true) for (const entry of list.getEntries()) w.__seen.longest = Math.max(w.__seen.longest, entry.duration);
      }).observe({ type: "longtask", buffered: true });
      new MutationObserver((_m, observer) => {
        for (const [name, ready] of Object.entries(marks)) {
          if (w.__seen.marks[name] === undefined && ready.every(([selector, count]) => document.querySelectorAll(selector).length >= count)) w.__seen.marks[name] = performance.now();
        }
        if (Object.keys(w.__seen.marks).length === Object.keys(marks).length) {
          w.__done = true;
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["hidden"] });
    },
    [token, marks] as const,
  );
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __done?: boolean }).__done === true, undefined, { timeout: 300_000, polling: 250 });
  // Long tasks are reported a moment after they end: one more frame, then read.
  const seen = await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return (window as unknown as { __seen: Seen }).__seen;
  });
  if (results) {
    // Of which: the status request's answer (body included) has arrived.
    timings.statusBody.push(await page.evaluate(() => Math.max(...performance.getEntriesByType("resource").filter((e) => /\/api\/v1\/experiment\/[^/]+$/.test(e.name)).map((e) => (e as PerformanceResourceTiming).responseEnd))));
    timings.openAll.push(await openAll(page));
  }
  await context.close();
  return seen;
}

/** Opens the first OPENED node sections and waits until their bodies are built and painted. */
async function openAll(page: Page): Promise<number> {
  await page.waitForFunction((n) => document.querySelectorAll("details.node-result").length >= n, OPENED, { timeout: 300_000, polling: 250 });
  return page.evaluate(async (n) => {
    const t0 = performance.now();
    for (const d of [...document.querySelectorAll<HTMLDetailsElement>("details.node-result")].slice(0, n)) d.open = true;
    // (no named inner functions here: tsx would wrap them in a helper the page does not have)
    while (document.querySelectorAll(".node-body").length < n) await new Promise((resolve) => requestAnimationFrame(resolve));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - t0;
  }, OPENED);
}

const timings = { login: [] as number[], nodes: [] as number[], firstLook: [] as number[], complete: [] as number[], longest: [] as number[], statusBody: [] as number[], openAll: [] as number[] };

async function bigExperiment(url: string): Promise<{ token: string; name: string }> {
  const answer = await fetch(`${url}api/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=demo&password=demo-password" });
  const { access_token: token } = (await answer.json()) as { access_token: string };
  const client = new RemoteClient({ endpoint: url, token });
  const nodes = [...((await client.getNodes()) as Nodes & Iterable<import("../src/model/index.js").Node>)];
  const name = `bench-${NODES}x${TASKS}`;
  // Odd tasks a library Ping (its PingResult gives the table columns and the chart), even ones a sleep.
  const pipeline = new Pipeline(Array.from({ length: TASKS }, (_, i) => {
    const taskName = `task-${String(i + 1).padStart(2, "0")}`;
    return i % 2 === 0 ? libraryTask("Ping", { address: "127.0.0.1", count: 5 }, { name: taskName }) : sleep(i / 10, { name: taskName });
  }));
  await client.prepareExperiment(new Experiment().map(pipeline, nodes), name);
  await client.waitForStatus(name, ExperimentStatus.READY, { intervalMs: 100 });
  await client.startExecution(name);
  await client.waitForStatus(name, ExperimentStatus.FINISHED, { intervalMs: 100 });
  return { token, name };
}

async function main(): Promise<void> {
  sizes();
  const pool = {
    node_pool_type: "CountableNodePool" as const,
    node_pool_data: Array.from({ length: NODES }, (_, i) => ({ name: `bench-${String(i + 1).padStart(4, "0")}`, properties: { connector: "bench" }, additional_properties: {}, architecture: "linux/amd64" })),
    node_pool_metadata: null,
  };
  const server = await serveConsole({ port: 0, sandbox: { pool, timing: { preparationMs: 50, executionMs: 50, executorsStartMs: 10 } } });
  const browser = await launchChromium();
  try {
    const { token, name } = await bigExperiment(server.url);
    for (let i = 0; i < RUNS; i++) {
      timings.login.push((await timedPage(browser, server.url, null, { at: [["main.login form", 2]] })).marks.at!);
      timings.nodes.push((await timedPage(browser, server.url, token, { at: [["tbody tr", NODES]] })).marks.at!);
      const results = await timedPage(browser, `${server.url}#experiment/${name}`, token, { firstLook: FIRST_LOOK, complete: COMPLETE }, true);
      timings.firstLook.push(results.marks.firstLook!);
      timings.complete.push(results.marks.complete!);
      timings.longest.push(results.longest);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const ms = (xs: number[]): string => `${median(xs).toFixed(0)} ms (median of ${xs.length}; min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`first render, login form:                 ${ms(timings.login)}`);
  console.log(`first render, nodes table (${NODES} nodes):     ${ms(timings.nodes)}`);
  console.log(`results page ${NODES} deployments × ${TASKS} tasks, first look (table page + chart):  ${ms(timings.firstLook)}`);
  console.log(`  every row read (table, chart, downloads complete):  ${ms(timings.complete)}`);
  console.log(`  longest task the page was busy (no input answered) until then:  ${ms(timings.longest)}`);
  console.log(`  of which the status answer is in at:   ${ms(timings.statusBody)}`);
  console.log(`  then opening ${OPENED} node sections:     ${ms(timings.openAll)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
