// The core in a real browser: Debian's Chromium (headless, driven by playwright-core) loads the
// BUILT package (dist/) as ES modules from a page on 127.0.0.1, and the page logs in to a
// sandbox served on another port with CORS, lists nodes, builds and prepares an experiment,
// starts it, waits for FINISHED and decodes the results. The outcome is read from the page.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize, sep } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSandbox } from "../../mcp/serve-sandbox.js";
import { requireBuilt, root } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";

const IMPORT_MAP = { imports: { netunicorn: "/dist/index.js", valibot: "/vendor/valibot.js" } };
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>netunicorn in a browser</title>
<script type="importmap">${JSON.stringify(IMPORT_MAP)}</script>
<script type="module" src="/page.js"></script></head><body></body></html>`;

/** URL path → file: the page, its script, the built package and valibot's ESM build. Nothing else. */
function resolveFile(pathname: string): string | undefined {
  if (pathname === "/page.js") return join(root, "test", "runtime", "browser", "page.js");
  if (pathname === "/vendor/valibot.js") return join(root, "node_modules", "valibot", "dist", "index.mjs");
  if (pathname.startsWith("/dist/") && pathname.endsWith(".js")) {
    const file = normalize(join(root, pathname));
    return file.startsWith(join(root, "dist") + sep) ? file : undefined;
  }
  return undefined;
}

function servePage(): Promise<{ url: string; server: Server; served: string[] }> {
  const served: string[] = [];
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? "/", "http://127.0.0.1");
    served.push(pathname);
    if (pathname === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
      return;
    }
    const file = resolveFile(pathname);
    if (file === undefined || !existsSync(file)) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, server, served });
    });
  });
}

interface PageResult {
  ok: boolean;
  steps: string[];
  error?: string;
  stack?: string;
  healthy?: boolean;
  nodeCount?: number;
  chosen?: string[];
  prepared?: string;
  started?: string;
  status?: string;
  results?: { node: string; error: string | null; ok: boolean; same: boolean; view: unknown }[];
  userAgent: string;
  hasProcess: boolean;
  hasBuffer: boolean;
  origin: string;
}

let page: Awaited<ReturnType<typeof servePage>>;
let sandbox: { url: string; close(): Promise<void> };
let context: BrowserContext;
let profile: string;
const log: string[] = [];

beforeAll(async () => {
  requireBuilt();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  page = await servePage();
  sandbox = await serveSandbox({
    hostname: "127.0.0.1",
    port: 0,
    cors: true,
    timing: { preparationMs: 200, executionMs: 300, executorsStartMs: 50 },
  });
  profile = mkdtempSync(join(tmpdir(), "netunicorn-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await context?.close();
  await sandbox?.close();
  await new Promise((resolve) => page?.server.close(resolve));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe("the built core in headless Chromium", () => {
  it("runs an experiment end to end against a sandbox on another origin", async () => {
    const tab = await context.newPage();
    tab.on("console", (m) => log.push(`console.${m.type()}: ${m.text()}`));
    tab.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
    tab.on("requestfailed", (r) => log.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
    await tab.goto(`${page.url}/?sandbox=${encodeURIComponent(sandbox.url)}`);
    await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, {
      timeout: 60_000,
    });
    const result = (await tab.evaluate(() => (window as unknown as { __result: unknown }).__result)) as PageResult;
    const details = `page result: ${JSON.stringify(result, null, 2)}\nbrowser log:\n${log.join("\n")}`;

    expect(result.ok, details).toBe(true);
    // A real Chromium, with no Node globals, on another origin than the sandbox (CORS was needed).
    expect(result.userAgent).toMatch(/Chrome\/\d+/);
    expect(result.hasProcess).toBe(false);
    expect(result.hasBuffer).toBe(false);
    expect(new URL(result.origin).port).not.toBe(new URL(sandbox.url).port);
    // The code came from the built bundle (and its chunks), valibot from its ESM build.
    expect(page.served).toContain("/dist/index.js");
    expect(page.served).toContain("/vendor/valibot.js");

    expect(result.healthy).toBe(true);
    expect(result.nodeCount).toBeGreaterThan(0);
    expect(result.chosen).toHaveLength(2);
    expect(result.status).toBe("FINISHED");
    expect(result.results?.map((r) => r.node).sort()).toEqual([...(result.chosen ?? [])].sort());
    for (const r of result.results ?? []) {
      expect(r.error).toBeNull();
      expect(r.ok).toBe(true);
      expect(r.same).toBe(true);
      // The canonical view: Success({task name: [Success(value)]}); the sandbox's placeholder
      // for SleepTask is its seconds, and it honestly says it ran nothing else.
      const view = r.view as { result: { $ok?: Record<string, { $ok?: unknown }[]> }; logs: string[] };
      const tasks = view.result.$ok ?? {};
      expect(Object.keys(tasks).sort(), JSON.stringify(view)).toEqual(["hello", "nap"]);
      expect(tasks.nap).toEqual([{ $ok: 0.5 }]);
      expect(tasks.hello).toHaveLength(1);
      expect(tasks.hello?.[0]).toHaveProperty("$ok");
      expect(view.logs.join("")).toMatch(/sandbox/i);
    }
  });
});
