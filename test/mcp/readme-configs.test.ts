/**
 * Every assistant configuration in mcp/README.md, run as written: the command, args and env of
 * each stdio entry are spawned and an SDK client lists the tools; each HTTP entry is served by
 * `netunicorn-mcp --http`. Substituted: the clone's path (/path/to/netunicorn-ts), the HTTP port
 * (8765 → a free one) and, when an entry names a netunicorn server, a local sandbox with its
 * demo credentials (nothing leaves 127.0.0.1).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSandbox } from "../../node/sandbox/serve-sandbox.js";

const root = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const readme = readFileSync(new URL("../../mcp/README.md", import.meta.url), "utf8");

interface Entry {
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  url?: string;
  type?: string;
}

/** The code block after each `<!-- mcp-config: name -->` marker, as server entries. */
function configs(): Map<string, Record<string, Entry>> {
  const found = new Map<string, Record<string, Entry>>();
  for (const match of readme.matchAll(/<!-- mcp-config: ([\w-]+) -->\n```(\w+)\n([\s\S]*?)```/g)) {
    const [, name, language, body] = match;
    if (language === "json") {
      const parsed = JSON.parse(body!) as { mcpServers?: Record<string, Entry>; servers?: Record<string, Entry> };
      found.set(name!, parsed.mcpServers ?? parsed.servers ?? {});
    } else {
      // `claude mcp add-json <name> '<json>'` and `claude mcp add --transport http <name> <url>` lines
      const entries: Record<string, Entry> = {};
      for (const line of body!.matchAll(/^claude mcp add-json (\S+) '(.+)'$/gm)) entries[line[1]!] = JSON.parse(line[2]!) as Entry;
      for (const line of body!.matchAll(/^claude mcp add --transport http (\S+) (\S+)$/gm)) entries[line[1]!] = { type: "http", url: line[2]! };
      expect(Object.keys(entries).length, `every line of the ${name!} block is understood`).toBe(body!.trim().split("\n").length);
      found.set(name!, entries);
    }
  }
  return found;
}

let sandboxUrl = "";
let closeSandbox: () => Promise<void> = async () => undefined;
let httpServer: ChildProcess | undefined;
let httpPort = 0;

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("NETUNICORN_")) env[k] = v;
  return env;
}

beforeAll(async () => {
  const served = await serveSandbox({ port: 0 });
  sandboxUrl = served.url;
  closeSandbox = () => served.close();
  httpServer = spawn(process.execPath, [`${root}/mcp/dist/bin/netunicorn-mcp.js`, "--http", "--port", "0", "--allow-writes"], { env: baseEnv() });
  httpPort = await new Promise<number>((resolve, reject) => {
    let out = "";
    httpServer!.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    httpServer!.once("exit", (code) => reject(new Error(`netunicorn-mcp --http exited with ${String(code)}: ${out}`)));
  });
});

afterAll(async () => {
  httpServer?.kill("SIGTERM");
  await closeSandbox();
});

async function connect(entry: Entry): Promise<Client> {
  const client = new Client({ name: "readme-config", version: "1.0.0" });
  if (entry.url !== undefined) {
    await client.connect(new StreamableHTTPClientTransport(new URL(entry.url.replace(":8765/", `:${httpPort}/`))));
    return client;
  }
  const env = { ...baseEnv(), ...entry.env };
  if (env.NETUNICORN_ENDPOINT !== undefined) Object.assign(env, { NETUNICORN_ENDPOINT: sandboxUrl, NETUNICORN_LOGIN: "demo", NETUNICORN_PASSWORD: "demo-password" });
  const args = (entry.args ?? []).map((a) => a.replace("/path/to/netunicorn-ts", root));
  await client.connect(new StdioClientTransport({ command: entry.command === "node" ? process.execPath : entry.command!, args, env, stderr: "pipe" }));
  return client;
}

describe("the assistant configurations in mcp/README.md", () => {
  it("has one for Claude Desktop, Claude Code, VS Code and Cursor, each pointing at the clone's build", () => {
    const found = configs();
    expect([...found.keys()].sort()).toEqual(["claude-code", "claude-desktop", "cursor", "vscode"]);
    for (const entries of found.values()) {
      const stdio = Object.values(entries).filter((e) => e.command !== undefined);
      expect(stdio.length).toBeGreaterThan(0);
      for (const e of stdio) expect(e.args?.[0]).toBe("/path/to/netunicorn-ts/mcp/dist/bin/netunicorn-mcp.js");
    }
  });

  for (const [name, entries] of configs()) {
    for (const [server, entry] of Object.entries(entries)) {
      it(`${name} / ${server}: starts, lists the tools, answers healthcheck`, async () => {
        const client = await connect(entry);
        try {
          const tools = (await client.listTools()).tools.map((t) => t.name);
          expect(tools).toContain("get_nodes");
          if (entry.args?.includes("--read-only")) expect(tools).not.toContain("delete_experiment");
          const health = await client.callTool({ name: "healthcheck", arguments: {} });
          expect(health.structuredContent).toEqual({ healthy: true });
        } finally {
          await client.close();
        }
      });
    }
  }
});
