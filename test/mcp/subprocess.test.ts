/**
 * The real command in a child process, as assistants run it: over stdio (spawned by the SDK
 * client) and over Streamable HTTP on 127.0.0.1, against the in-process sandbox (fast timings).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, describe, expect, it } from "vitest";
import { serveSandbox } from "../../node/sandbox/serve-sandbox.js";
import { call } from "./helpers.js";
import { runLifecycle } from "./lifecycle.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = ["--import", "tsx", "mcp/main.ts"];

function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("NETUNICORN_")) env[k] = v;
  return { ...env, NETUNICORN_SANDBOX_FAST: "1", ...extra };
}

/** A POST with a forged Host header (DNS rebinding), answered status. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { host, "content-type": "application/json" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end("{}");
  });
}

describe("stdio subprocess", () => {
  it("lists the tools and runs one experiment's whole lifecycle", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: MAIN, cwd: root, env: childEnv(), stderr: "pipe" });
    const client = new Client({ name: "stdio-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      expect(client.getInstructions()).toMatch(/SANDBOX MODE/);
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain("prepare_experiment");
      expect(tools).toContain("get_locked_nodes");
      await runLifecycle(client, "stdio-ping");
    } finally {
      await client.close();
    }
  });
});

describe("Streamable HTTP subprocess", () => {
  const token = "test-bearer-token-123";
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  async function startHttp(): Promise<string> {
    child = spawn(process.execPath, [...MAIN, "--http", "--port", "0", "--allow-writes", "--bearer-token", token], { cwd: root, env: childEnv() });
    let output = "";
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 90_000);
      child!.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /MCP endpoint \(Streamable HTTP\): (\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          expect(output).not.toContain(token);
          resolve(match[1]!);
        }
      });
      child!.on("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
  }

  it("refuses requests without the bearer token, then serves a whole lifecycle with it", async () => {
    const url = await startHttp();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const refused = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(refused.status).toBe(401);
    expect(await statusWithHost(url, "evil.example")).toBe(403);

    const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
    const client = new Client({ name: "http-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("delete_experiment");
      await runLifecycle(client, "http-ping");
    } finally {
      await client.close();
    }
  });
});

describe("stdio subprocess against a real HTTP endpoint (NETUNICORN_ENDPOINT)", () => {
  async function spawnClient(password: string, extra: Record<string, string> = {}): Promise<Client> {
    const env = childEnv({ NETUNICORN_LOGIN: "demo", NETUNICORN_PASSWORD: password, ...extra });
    delete env.NETUNICORN_SANDBOX_FAST;
    const transport = new StdioClientTransport({ command: process.execPath, args: MAIN, cwd: root, env, stderr: "pipe" });
    const client = new Client({ name: "remote-test", version: "1.0.0" });
    await client.connect(transport);
    return client;
  }

  it("logs in with the configured credentials, never shows the password, honours read-only", async () => {
    const served = await serveSandbox({ port: 0 });
    try {
      const wrong = await spawnClient("sEcReT-wrong-pass", { NETUNICORN_ENDPOINT: served.url });
      try {
        expect(wrong.getInstructions()).not.toMatch(/SANDBOX/);
        const refused = await call(wrong, "get_nodes");
        expect(refused.isError).toBe(true);
        expect(refused.text).toMatch(/401/);
        expect(refused.text).not.toContain("sEcReT-wrong-pass");
      } finally {
        await wrong.close();
      }
      const right = await spawnClient("demo-password", { NETUNICORN_ENDPOINT: served.url, NETUNICORN_MCP_READ_ONLY: "1" });
      try {
        const nodes = await call(right, "get_nodes", { name_contains: "node-" });
        expect((nodes.structured.nodes as { name: string }[]).map((n) => n.name)).toEqual(["node-a", "node-b", "node-c"]);
        expect(nodes.text.startsWith("[sandbox")).toBe(false);
        const tools = (await right.listTools()).tools.map((t) => t.name);
        expect(tools).not.toContain("prepare_experiment");
      } finally {
        await right.close();
      }
    } finally {
      await served.close();
    }
  });
});
