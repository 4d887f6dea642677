// `npx tsx bench/console.bench.ts` (needs `npm run build` and Chromium): the console's figures.
//  1. its bundle size, minified and min+gzip (what a browser downloads);
//  2. time to first render in headless Chromium: navigation start → the login form, and (with a
//     token in the tab) → the nodes table filled from the server;
//  3. time to render one experiment's results page of 100 deployments × 20 tasks (navigation
//     start → all 100 node sections present), and then to open all 100 sections (every task's
//     runs, values and log panel built).
// Medians of RUNS runs, each in a fresh browser context. Against the console's in-process sandbox.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { serveConsole } from "../console/server/serve-console.js";
import { RemoteClient } from "../src/client/index.js";
import { Pipeline, sleep } from "../src/graph/index.js";
import { Experiment, ExperimentStatus, Nodes } from "../src/model/index.js";
import { launchChromium } from "../test/runtime/console-chromium.js";

const RUNS = 5;
const NODES = 100;
const TASKS = 20;
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

/** A page whose document records, from its first instant, when `selector` first matches `count` elements. */
async function timedPage(browser: Browser, url: string, token: string | null, selector: string, count: number): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(
    ([token, selector, count]) => {
      if (token !== null) sessionStorage.setItem("netunicorn-console-token", token);
      const w = window as unknown as { __at?: number };
      new MutationObserver((_m, observer) => {
        if (document.querySelectorAll(selector).length >= count) {
          w.__at = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    },
    [token, selector, count] as const,
  );
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __at?: number }).__at !== undefined, undefined, { timeout: 120_000 });
  const at = await page.evaluate(() => (window as unknown as { __at: number }).__at);
  if (selector === "details.node-result") {
    // Of which: the status request's answer (body included) has arrived.
    timings.statusBody.push(await page.evaluate(() => Math.max(...performance.getEntriesByType("resource").filter((e) => /\/api\/v1\/experiment\/[^/]+$/.test(e.name)).map((e) => (e as PerformanceResourceTiming).responseEnd))));
    timings.openAll.push(await openAll(page));
  }
  await context.close();
  return at;
}

/** Opens every node section and waits until all bodies are built and painted. */
function openAll(page: Page): Promise<number> {
  return page.evaluate(async (n) => {
    const t0 = performance.now();
    for (const d of document.querySelectorAll<HTMLDetailsElement>("details.node-result")) d.open = true;
    // (no named inner functions here: tsx would wrap them in a helper the page does not have)
    while (document.querySelectorAll(".node-body").length < n) await new Promise((resolve) => requestAnimationFrame(resolve));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - t0;
  }, NODES);
}

const timings = { login: [] as number[], nodes: [] as number[], results: [] as number[], statusBody: [] as number[], openAll: [] as number[] };

async function bigExperiment(url: string): Promise<{ token: string; name: string }> {
  const answer = await fetch(`${url}api/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=demo&password=demo-password" });
  const { access_token: token } = (await answer.json()) as { access_token: string };
  const client = new RemoteClient({ endpoint: url, token });
  const nodes = [...((await client.getNodes()) as Nodes & Iterable<import("../src/model/index.js").Node>)];
  const pipeline = new Pipeline(Array.from({ length: TASKS }, (_, i) => sleep(i / 10, { name: `task-${String(i + 1).padStart(2, "0")}` })));
  const name = "bench-100x20";
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
    node_pool_data: Array.from({ length: NODES }, (_, i) => ({ name: `bench-${String(i + 1).padStart(3, "0")}`, properties: { connector: "bench" }, additional_properties: {}, architecture: "linux/amd64" })),
    node_pool_metadata: null,
  };
  const server = await serveConsole({ port: 0, sandbox: { pool, timing: { preparationMs: 50, executionMs: 50, executorsStartMs: 10 } } });
  const browser = await launchChromium();
  try {
    const { token, name } = await bigExperiment(server.url);
    for (let i = 0; i < RUNS; i++) {
      timings.login.push(await timedPage(browser, server.url, null, "main.login form", 2));
      timings.nodes.push(await timedPage(browser, server.url, token, "tbody tr", NODES));
      timings.results.push(await timedPage(browser, `${server.url}#experiment/${name}`, token, "details.node-result", NODES));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const ms = (xs: number[]): string => `${median(xs).toFixed(0)} ms (median of ${xs.length}; min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`first render, login form:                 ${ms(timings.login)}`);
  console.log(`first render, nodes table (${NODES} nodes):     ${ms(timings.nodes)}`);
  console.log(`results page ${NODES} deployments × ${TASKS} tasks:  ${ms(timings.results)}`);
  console.log(`  of which the status answer is in at:   ${ms(timings.statusBody)}`);
  console.log(`  then opening all ${NODES} node sections:     ${ms(timings.openAll)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
