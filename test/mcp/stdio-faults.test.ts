/**
 * The stdio server when its host misbehaves (issue 14, section 2): it exits when its input closes
 * or its output breaks (never spinning on a failing log write), and a message over the size limit
 * is answered with an error while the session goes on.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { STDIO_MAX_MESSAGE_BYTES } from "../../mcp/transport/stdio.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
});

function startServer(): ChildProcessWithoutNullStreams {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("NETUNICORN_")) env[k] = v;
  child = spawn(process.execPath, ["--import", "tsx", "mcp/main.ts"], { cwd: root, env: { ...env, NETUNICORN_SANDBOX_FAST: "1" } });
  return child;
}

/** Resolves with the exit code, or rejects if the process is still alive after `ms` (a hang). */
function exited(proc: ChildProcessWithoutNullStreams, ms = 60_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (proc.exitCode !== null) return resolve(proc.exitCode);
    const timer = setTimeout(() => reject(new Error(`still running ${ms} ms later`)), ms);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Reads JSON-RPC lines from stdout until one satisfies `match`. */
function nextMessage(proc: ChildProcessWithoutNullStreams, match: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`no matching message; got: ${buffer.slice(0, 500)}`)), 90_000);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
        const message = JSON.parse(line) as Record<string, unknown>;
        if (match(message)) {
          clearTimeout(timer);
          proc.stdout.off("data", onData);
          return resolve(message);
        }
      }
    };
    proc.stdout.on("data", onData);
  });
}

const send = (proc: ChildProcessWithoutNullStreams, message: unknown) => proc.stdin.write(`${JSON.stringify(message)}\n`);

async function initialize(proc: ChildProcessWithoutNullStreams): Promise<void> {
  const answered = nextMessage(proc, (m) => m.id === 0);
  send(proc, { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } } });
  expect((await answered).result).toBeDefined();
  send(proc, { jsonrpc: "2.0", method: "notifications/initialized" });
}

describe("stdio server lifetime", () => {
  it("exits (code 0) when its input closes", async () => {
    const proc = startServer();
    await initialize(proc);
    proc.stdin.end();
    expect(await exited(proc)).toBe(0);
  });

  it("exits when the host dies (input closed, output and log pipes broken), without spinning on log writes", async () => {
    const proc = startServer();
    await initialize(proc);
    proc.stdout.destroy();
    proc.stderr.destroy();
    send(proc, { jsonrpc: "2.0", id: 1, method: "tools/list" });
    proc.stdin.end();
    expect(await exited(proc)).not.toBeNull();
  });

  it("exits when its output breaks while its input stays open", async () => {
    const proc = startServer();
    await initialize(proc);
    proc.stdout.destroy();
    proc.stderr.destroy();
    send(proc, { jsonrpc: "2.0", id: 1, method: "tools/list" });
    send(proc, { jsonrpc: "2.0", id: 2, method: "tools/list" });
    const code = await exited(proc);
    expect(code).not.toBeNull();
    expect(code).not.toBe(0);
  });
});

describe("stdio message size limit", () => {
  it("answers a message over the limit with an error, then goes on serving", async () => {
    const proc = startServer();
    let stderr = "";
    proc.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    await initialize(proc);
    const refused = nextMessage(proc, (m) => m.id === null && m.error !== undefined);
    const huge = JSON.stringify({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "get_nodes", arguments: { name_contains: "x".repeat(STDIO_MAX_MESSAGE_BYTES) } } });
    proc.stdin.write(`${huge}\n`);
    const error = (await refused).error as { code: number; message: string };
    expect(error.code).toBe(-32600);
    expect(error.message).toMatch(/MiB/);
    const listed = nextMessage(proc, (m) => m.id === 6);
    send(proc, { jsonrpc: "2.0", id: 6, method: "tools/list" });
    expect(((await listed).result as { tools: unknown[] }).tools.length).toBeGreaterThan(5);
    // stderr is another pipe: its line may arrive after the answers on stdout
    await expect.poll(() => stderr).toMatch(/over the .* limit/);
    const badArgs = nextMessage(proc, (m) => m.id === 7);
    send(proc, { jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "get_nodes", arguments: [1, 2] } });
    expect(((await badArgs).error as { code: number }).code).toBe(-32602);
    proc.stdin.end();
    expect(await exited(proc)).toBe(0);
  });
});
