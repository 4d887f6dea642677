/**
 * The MCP Inspector CLI (`@modelcontextprotocol/inspector-cli` 1.0.3, a 2025-era client on SDK v1)
 * against netunicorn-mcp over stdio and Streamable HTTP. (The Inspector v2, which speaks
 * 2026-07-28, needs Node >= 22.19; the 2026 era is covered by the SDK client in eras.test.ts.)
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHttp, serveHttp } from "../../mcp/transport/http.js";
import { createMcpServer } from "../../mcp/index.js";
import { fakeClient } from "./fake-client.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const inspector = fileURLToPath(new URL("../../node_modules/@modelcontextprotocol/inspector-cli/build/cli.js", import.meta.url));

/** Runs the Inspector CLI; its JSON answer from stdout. */
function inspect(args: string[]): Promise<Record<string, unknown>> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("NETUNICORN_")) env[k] = v;
  return new Promise((resolve, reject) => {
    // cwd: the CLI looks for "../package.json" relative to its working directory (a quirk of 1.0.3).
    execFile(process.execPath, [inspector, "--cli", ...args], { cwd: `${root}mcp`, env: { ...env, NETUNICORN_SANDBOX_FAST: "1" }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.slice(stdout.indexOf("{"))) as Record<string, unknown>);
    });
  });
}

const STDIO_SERVER = [process.execPath, "--import", "tsx", `${root}mcp/main.ts`];
const text = (answer: Record<string, unknown>) => (answer.content as { text: string }[]).map((c) => c.text).join("\n");

describe("MCP Inspector CLI over stdio", () => {
  it("lists the tools and calls one", async () => {
    const listed = await inspect([...STDIO_SERVER, "--method", "tools/list"]);
    expect((listed.tools as { name: string }[]).map((t) => t.name)).toContain("delete_experiment");
    const nodes = await inspect([...STDIO_SERVER, "--method", "tools/call", "--tool-name", "get_nodes", "--tool-arg", "limit=2"]);
    expect(nodes.structuredContent).toMatchObject({ has_more: true });
  });

  it("a destructive call without confirm: true is refused (the CLI cannot ask a user)", async () => {
    const refused = await inspect([...STDIO_SERVER, "--method", "tools/call", "--tool-name", "delete_experiment", "--tool-arg", "experiment_id=x"]);
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/confirm: true/);
  });
});

describe("MCP Inspector CLI over Streamable HTTP", () => {
  let http: RunningHttp;
  beforeAll(async () => {
    http = await serveHttp({ port: 0, makeServer: () => createMcpServer(fakeClient()), bearerToken: "inspector-token" });
  });
  afterAll(() => http.close());

  it("lists the tools and calls one, with the bearer token", async () => {
    const common = [http.url, "--transport", "http", "--header", "Authorization: Bearer inspector-token"];
    const listed = await inspect([...common, "--method", "tools/list"]);
    expect((listed.tools as unknown[]).length).toBeGreaterThan(10);
    const health = await inspect([...common, "--method", "tools/call", "--tool-name", "healthcheck"]);
    expect(health.structuredContent).toEqual({ healthy: true });
  });
});
