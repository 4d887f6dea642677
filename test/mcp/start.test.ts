/**
 * The commands as a user runs them: `npm start` (scripts/start.mjs, straight from the sources:
 * no build needed on a fresh clone), the HTTP server's default read-only mode, and the BUILT
 * stdio bin (mcp/dist/bin/netunicorn-mcp.js, made by `npm run build`, which `npm test` runs first).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { runLifecycle } from "./lifecycle.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
/** mcp/README.md's Claude Code line for the sandbox `npm start` serves (its default address). */
const README_CLAUDE = /^claude mcp add --transport http netunicorn-sandbox http:\/\/127\.0\.0\.1:8765\/mcp$/m.exec(
  readFileSync(new URL("../../mcp/README.md", import.meta.url), "utf8"),
)?.[0];
const BUILT_BIN = fileURLToPath(new URL("../../mcp/dist/bin/netunicorn-mcp.js", import.meta.url));

function childEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("NETUNICORN_")) env[k] = v;
  return { ...env, NETUNICORN_SANDBOX_FAST: "1" };
}

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  child = undefined;
});

/** Spawns a command and resolves with everything it printed once the MCP URL shows. */
function startAndReadUrl(args: string[]): Promise<{ url: string; output: string }> {
  child = spawn(process.execPath, args, { cwd: root, env: childEnv() });
  let output = "";
  return new Promise((resolve, reject) => {
    // a generous deadline: tsx compiles the sources first, slowly on a loaded machine
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 120_000);
    child!.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /MCP endpoint \(Streamable HTTP\): (\S+)/.exec(output);
      if (match && /Cursor/.test(output)) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output });
      }
    });
    child!.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child!.on("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

async function toolNames(url: string): Promise<{ client: Client; names: string[] }> {
  const client = new Client({ name: "start-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return { client, names: (await client.listTools()).tools.map((t) => t.name) };
}

describe("npm start", () => {
  it("serves the sandbox over HTTP from the sources, printing the URL and how to connect", async () => {
    const { url, output } = await startAndReadUrl([fileURLToPath(new URL("../../scripts/start.mjs", import.meta.url)), "--port", "0"]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(output).toMatch(/in-process sandbox/);
    // the very line mcp/README.md gives, at the address this server printed
    expect(README_CLAUDE, "mcp/README.md: the Claude Code line for npm start's sandbox").toBeDefined();
    expect(output).toContain(README_CLAUDE!.replace("http://127.0.0.1:8765/mcp", url));
    const { client, names } = await toolNames(url);
    try {
      expect(client.getInstructions()).toMatch(/SANDBOX MODE/);
      expect(names).toContain("prepare_experiment"); // the sandbox can be written to
      await runLifecycle(client, "start-ping");
    } finally {
      await client.close();
    }
  });
});

describe("netunicorn-mcp --http", () => {
  it("is read-only without --allow-writes", async () => {
    const { url, output } = await startAndReadUrl(["--import", "tsx", "mcp/main.ts", "--http", "--port", "0"]);
    expect(output).toMatch(/read-only/);
    const { client, names } = await toolNames(url);
    try {
      expect(names).toContain("get_nodes");
      for (const mutating of ["prepare_experiment", "start_execution", "cancel_experiment", "cancel_executors", "delete_experiment", "set_flag_values"]) {
        expect(names).not.toContain(mutating);
      }
      const refused = await client.callTool({ name: "delete_experiment", arguments: { experiment_id: "x", confirm: true } });
      expect(refused.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe("the built stdio bin", () => {
  it.skipIf(!existsSync(BUILT_BIN))("lists the tools and runs one experiment's whole lifecycle", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BUILT_BIN], cwd: root, env: childEnv(), stderr: "pipe" });
    const client = new Client({ name: "bin-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      expect(client.getInstructions()).toMatch(/SANDBOX MODE/);
      expect((await client.listTools()).tools).toHaveLength(18);
      await runLifecycle(client, "bin-ping");
    } finally {
      await client.close();
    }
  });
});
