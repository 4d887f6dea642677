// The core in a real headless Chromium (test/runtime/browser-launch.ts picks it: a system one, one
// named by NETUNICORN_CHROMIUM, or the one inside @sparticuz/chromium — so this needs nothing but
// npm). Both of the README's browser recipes run here AS WRITTEN, against a sandbox served with
// CORS on another origin than the page:
//  - "without a bundler": the README's <script type="module"> importing the prebuilt bundle
//    dist/browser/netunicorn.js, opened with `?endpoint=` and the sandbox's URL as it says;
//  - "with a bundler": page.js, importing "netunicorn", bundled by the README's esbuild command;
//    it prepares, starts and waits for an experiment, decodes its results, and checks that a
//    CORS failure's NetworkError says so.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize, sep } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSandbox } from "../../node/sandbox/serve-sandbox.js";
import { findChromium, launchChromium, npmChromium, type LaunchedChromium } from "./browser-launch.js";
import { bin, requireBuilt, root } from "./helpers.js";

const readme = readFileSync(join(root, "README.md"), "utf8");
/** The README's page without a bundler, and its bundler command. */
const README_PAGE = /<!-- browser-example -->\s*```html\n([\s\S]*?)```/.exec(readme)?.[1];
const README_BUNDLE = /<!-- bundler-example -->\s*```sh\n([\s\S]*?)```/.exec(readme)?.[1]?.trim();

/** A consumer project: node_modules/netunicorn is this package, app.js is page.js. */
const work = join(root, "node_modules", ".cache", "browser-test");

/** URL path → file: the README page, the bundled app, and the built package's dist/. Nothing else. */
function resolveFile(pathname: string): string | undefined {
  if (pathname === "/public/app.js") return join(work, "public", "app.js");
  const prefix = "/node_modules/netunicorn/dist/";
  if (pathname.startsWith(prefix) && pathname.endsWith(".js")) {
    const file = normalize(join(root, "dist", pathname.slice(prefix.length)));
    return file.startsWith(join(root, "dist") + sep) ? file : undefined;
  }
  return undefined;
}

function servePages(): Promise<{ url: string; server: Server; served: string[] }> {
  const served: string[] = [];
  const pages: Record<string, string> = {
    "/": `<!doctype html><html><head><meta charset="utf-8"></head><body>\n${README_PAGE ?? ""}</body></html>`,
    "/app.html": `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/public/app.js"></script></head><body></body></html>`,
  };
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? "/", "http://127.0.0.1");
    served.push(pathname);
    // Browsers ask for an icon on their own; it is not part of what the page loads.
    if (pathname === "/favicon.ico") return void response.writeHead(204).end();
    const page = pages[pathname];
    if (page !== undefined) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
      return;
    }
    // Answers, but shares nothing with other origins: page.js's CORS failure.
    if (pathname.startsWith("/no-cors")) {
      response.writeHead(200, { "content-type": "application/json" }).end('"OK"');
      return;
    }
    const file = resolveFile(pathname);
    if (file === undefined || !existsSync(file)) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, server, served });
    });
  });
}

/** Closes an HTTP server without waiting on keep-alive connections (never hangs). */
function closeServer(server: Server | undefined): Promise<void> {
  if (server === undefined || !server.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Runs the README's bundler command in the consumer project, with esbuild from node_modules. */
async function bundleAsReadmeSays(): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, "node_modules"), { recursive: true });
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "page", private: true, type: "module" }));
  symlinkSync(root, join(work, "node_modules", "netunicorn"), "dir");
  writeFileSync(join(work, "app.js"), readFileSync(join(root, "test", "runtime", "browser", "page.js")));
  const [command, ...args] = (README_BUNDLE ?? "").split(/\s+/);
  expect([command, args[0]]).toEqual(["npx", "esbuild"]);
  await promisify(execFile)(bin("esbuild"), args.slice(1), { cwd: work, timeout: 60_000 });
}

let pages: Awaited<ReturnType<typeof servePages>> | undefined;
let sandbox: { url: string; close(): Promise<void> } | undefined;
let browser: LaunchedChromium | undefined;

beforeAll(async () => {
  requireBuilt("dist/browser/netunicorn.js");
  expect(README_PAGE, "README: <!-- browser-example --> html block").toBeDefined();
  expect(README_BUNDLE, "README: <!-- bundler-example --> sh block").toBeDefined();
  await bundleAsReadmeSays();
  sandbox = await serveSandbox({
    hostname: "127.0.0.1",
    port: 0,
    cors: true,
    timing: { preparationMs: 200, executionMs: 300, executorsStartMs: 50 },
  });
  pages = await servePages();
  browser = await launchChromium();
});

afterAll(async () => {
  // Each step guarded: a failed setup leaves some undefined, and nothing here may wait forever.
  await browser?.close();
  await sandbox?.close();
  await closeServer(pages?.server);
  rmSync(work, { recursive: true, force: true });
});

interface PageResult {
  ok: boolean;
  steps: string[];
  error?: string;
  healthy?: boolean;
  nodeCount?: number;
  chosen?: string[];
  status?: string;
  results?: { node: string; error: string | null; ok: boolean; same: boolean; view: unknown }[];
  corsHint?: string;
  userAgent: string;
  hasProcess: boolean;
  hasBuffer: boolean;
  origin: string;
}

describe("the built package in headless Chromium", () => {
  it("runs the README's page, which imports the prebuilt bundle, against a sandbox on another origin", async () => {
    const tab = await browser!.context.newPage();
    const logged: string[] = [];
    tab.on("console", (m) => logged.push(`${m.type()}: ${m.text()}`));
    tab.on("pageerror", (e) => logged.push(`pageerror: ${e.message}`));
    expect(README_PAGE, "no fixed port in the page").not.toMatch(/127\.0\.0\.1:\d/);
    await tab.goto(`${pages!.url}/?endpoint=${encodeURIComponent(sandbox!.url)}`);
    await expect.poll(() => logged.length, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(logged, logged.join("\n")).toEqual(["log: true node-a,node-b,node-c"]);
    expect(pages!.served).toContain("/node_modules/netunicorn/dist/browser/netunicorn.js");
    // One self-contained file: nothing else of the package was fetched (valibot is inside).
    expect(pages!.served.filter((p) => p.startsWith("/node_modules/"))).toEqual(["/node_modules/netunicorn/dist/browser/netunicorn.js"]);
    await tab.close();
  });

  it("runs an experiment end to end from a page bundled with the README's esbuild command", async () => {
    const tab = await browser!.context.newPage();
    const log: string[] = [];
    tab.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
    await tab.goto(`${pages!.url}/app.html?sandbox=${encodeURIComponent(sandbox!.url)}`);
    await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 60_000 });
    const result = (await tab.evaluate(() => (window as unknown as { __result: unknown }).__result)) as PageResult;
    const details = `page result: ${JSON.stringify(result, null, 2)}\nbrowser log:\n${log.join("\n")}`;

    expect(result.ok, details).toBe(true);
    // A real Chromium, with no Node globals, on another origin than the sandbox (CORS was needed).
    expect(result.userAgent).toMatch(/Chrome\/\d+/);
    expect(result.hasProcess).toBe(false);
    expect(result.hasBuffer).toBe(false);
    expect(new URL(result.origin).port).not.toBe(new URL(sandbox!.url).port);
    expect(pages!.served).toContain("/public/app.js");

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
    // A server without CORS headers on another origin: the error says what to look at.
    expect(result.corsHint).toMatch(/^NetworkError: healthcheck failed: no answer from GET http:\/\/localhost:\d+\/no-cors\/api\/v1\/health: .*CORS/);
    await tab.close();
  });

  it("can always use the Chromium inside @sparticuz/chromium (the bare-machine path)", async () => {
    const path = await npmChromium();
    const { stdout } = await promisify(execFile)(path, ["--version"], { timeout: 30_000 });
    expect(stdout).toMatch(/^Chromium \d+\./);
    expect(await findChromium({ NETUNICORN_CHROMIUM: "npm" })).toEqual({ executablePath: path, source: "npm" });
    await expect(findChromium({ NETUNICORN_CHROMIUM: "/nonexistent/chrome" })).rejects.toThrow(/no such file/);
  });
});
