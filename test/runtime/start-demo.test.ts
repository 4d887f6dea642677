// `npm start` (scripts/start.mjs) as one demo world: the MCP server and the web console answer from
// ONE backend (what an assistant prepares shows in the console), also when NETUNICORN_ENDPOINT is a
// `netunicorn-sandbox`; their ports are chosen together, and the banner says where each server is
// or why it is not running. Ports are free ones only: a "taken" port is one this test binds itself.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { serveSandbox } from "../../node/sandbox/serve-sandbox.js";
import { call } from "../mcp/helpers.js";
import { PING_SPEC } from "../mcp/lifecycle.js";
import { requireBuilt, root } from "./helpers.js";

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("NETUNICORN_") && !k.startsWith("npm_")) env[k] = v;
  return { ...env, NETUNICORN_SANDBOX_FAST: "1", ...extra };
}

interface Started {
  output: string;
  mcpUrl: string;
  /** The console's line of the banner. */
  consoleLine: string;
  consoleUrl: string | undefined;
}

/** Runs scripts/start.mjs until its banner has the console line (the last one it prints). */
function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, ["scripts/start.mjs", ...args], { cwd: root, env: childEnv(env) });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 90_000);
    const check = (): void => {
      const mcp = /MCP endpoint \(Streamable HTTP\): (\S+)/.exec(output);
      const line = /^Web console: .*$/m.exec(output);
      if (mcp === null || line === null || !/\n/.test(output.slice(line.index))) return;
      clearTimeout(timer);
      resolve({ output, mcpUrl: mcp[1]!, consoleLine: line[0], consoleUrl: /^Web console: (http\S+)/.exec(line[0])?.[1] });
    };
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      check();
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
}

/** Runs scripts/start.mjs to its end (it is expected to refuse to start). */
function startFails(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["scripts/start.mjs", ...args], { cwd: root, env: childEnv() });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

/** Binds 127.0.0.1:port (0: any) and keeps it until the test ends: a port someone else holds. */
async function hold(port = 0): Promise<number | undefined> {
  const server: Server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => resolve(true));
  });
  if (!bound) return undefined;
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

/** A free port P whose next port P+1 this test holds. */
async function freePortWithNextHeld(): Promise<number> {
  for (;;) {
    const probe = createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, "127.0.0.1", () => resolve((probe.address() as AddressInfo).port)));
    await new Promise((resolve) => probe.close(resolve));
    if (port < 65535 && (await hold(port + 1)) !== undefined) return port;
  }
}

/** Prepares `name` through the MCP server, as an assistant would. */
async function prepareThroughMcp(mcpUrl: string, name: string): Promise<void> {
  const client = new Client({ name: "start-demo-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
  try {
    const prepared = await call(client, "prepare_experiment", PING_SPEC(name));
    expect(prepared.isError, prepared.text).toBe(false);
  } finally {
    await client.close();
  }
}

/** The experiment names the console's /api/v1 forward shows to the demo user. */
async function namesInConsole(consoleUrl: string): Promise<string[]> {
  const login = await fetch(new URL("api/v1/token", consoleUrl), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=demo&password=demo-password" });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const listed = await fetch(new URL("api/v1/experiment", consoleUrl), { headers: { authorization: `Bearer ${token}` } });
  expect(listed.status).toBe(200);
  return Object.keys((await listed.json()) as Record<string, unknown>);
}

describe("npm start: one backend behind the MCP server and the console", () => {
  it("an experiment prepared through MCP shows through the console's /api/v1 forward", async () => {
    requireBuilt("dist/console/index.html");
    const started = await start(["--port", "0"]);
    expect(started.consoleLine).toMatch(/^Web console: http:\/\/127\.0\.0\.1:\d+\/ \(the same sandbox as the MCP server/);
    expect(started.output).toMatch(/Demo users \(simulation\): demo \/ demo-password/);
    await prepareThroughMcp(started.mcpUrl, "from-the-assistant");
    await expect.poll(() => namesInConsole(started.consoleUrl!), { timeout: 20_000 }).toContain("from-the-assistant");
    const info = (await (await fetch(new URL("console-info.json", started.consoleUrl))).json()) as { simulation: boolean };
    expect(info.simulation).toBe(true);
  });

  it("with NETUNICORN_ENDPOINT set to a netunicorn-sandbox, both use it (demo login, writes allowed)", async () => {
    requireBuilt("dist/console/index.html");
    const served = await serveSandbox({ port: 0, timing: { rowDelayMs: 0, preparationMs: 100, executionMs: 100 } });
    cleanups.push(() => served.close());
    const started = await start(["--port", "0"], { NETUNICORN_ENDPOINT: served.url });
    expect(started.output).toMatch(/is a netunicorn-sandbox: a SIMULATION/);
    expect(started.consoleLine).toContain(`the same server as the MCP server, ${served.url}`);
    await prepareThroughMcp(started.mcpUrl, "on-the-served-sandbox");
    expect(served.sandbox.experiments().map((e) => e.name)).toContain("on-the-served-sandbox");
    await expect.poll(() => namesInConsole(started.consoleUrl!), { timeout: 20_000 }).toContain("on-the-served-sandbox");
    const info = (await (await fetch(new URL("console-info.json", started.consoleUrl))).json()) as { simulation: boolean; demoUsers: unknown[] };
    expect(info.simulation).toBe(true);
    expect(info.demoUsers.length).toBeGreaterThan(0);
  });
});

describe("npm start: ports chosen together, and said", () => {
  it("--port N puts the console on the next free port after N (N+1 taken: the one after)", async () => {
    requireBuilt("dist/console/index.html");
    const port = await freePortWithNextHeld();
    const started = await start(["--port", String(port)]);
    expect(started.mcpUrl).toBe(`http://127.0.0.1:${port}/mcp`);
    const consolePort = Number(new URL(started.consoleUrl!).port);
    expect(consolePort).toBeGreaterThan(port + 1);
    expect((await fetch(started.consoleUrl!)).status).toBe(200);
  });

  it("a taken --console-port: the MCP server runs, the banner says why the console does not", async () => {
    requireBuilt("dist/console/index.html");
    const taken = (await hold())!;
    const started = await start(["--port", "0", "--console-port", String(taken)]);
    expect(started.consoleLine).toBe(`Web console: not running: port ${taken} is in use (choose another with --console-port N)`);
    expect((await fetch(started.mcpUrl, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" })).status).toBeLessThan(500);
  });

  it("a taken --port: refused, saying which port and what to do", async () => {
    const taken = (await hold())!;
    const { code, output } = await startFails(["--port", String(taken)]);
    expect(code).toBe(1);
    expect(output).toContain(`netunicorn MCP server: port ${taken} is in use (choose another with --port N, or leave --port out to take the next free one)`);
  });

  it("--no-console, --help and a bad port number are said plainly", async () => {
    const started = await start(["--port", "0", "--no-console"]);
    expect(started.consoleLine).toBe("Web console: not started (--no-console)");
    const help = await startFails(["--help"]);
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/--console-port N +the console's port[\s\S]*Usage: netunicorn-mcp/);
    const bad = await startFails(["--console-port", "99999"]);
    expect([bad.code, bad.output.trim()]).toEqual([2, 'npm start: --console-port must be a port number from 0 to 65535, got "99999"']);
  });
});
