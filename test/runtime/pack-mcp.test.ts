// The netunicorn-mcp package (mcp/) as users get it from `npm pack -w mcp`: only dist, README,
// LICENSE and package.json; the core code bundled in (no import of the netunicorn package or of
// ../src); its bin runs from the unpacked tarball (--help, then a real MCP session over stdio).
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explain, requireBuilt, root, run } from "./helpers.js";

interface PackageJson {
  name: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(root, "mcp", "package.json"), "utf8")) as PackageJson;
const work = join(root, "node_modules", ".cache", "pack-mcp-test");
const consumer = join(work, "consumer");
const unpacked = join(consumer, "node_modules", pkg.name);

beforeAll(async () => {
  requireBuilt("mcp/dist/index.js", "mcp/dist/bin/netunicorn-mcp.js");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(unpacked, { recursive: true });
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const packed = await run("npm", ["pack", "-w", "mcp", "--json", "--ignore-scripts", "--pack-destination", work]);
  expect(packed.code, explain(packed)).toBe(0);
  const [info] = JSON.parse(packed.stdout) as [{ filename: string }];
  // Unpacked inside the repository's node_modules tree, so its dependencies resolve upwards.
  const untar = await run("tar", ["-xzf", join(work, info.filename), "-C", unpacked, "--strip-components=1"]);
  expect(untar.code, explain(untar)).toBe(0);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(unpacked.length + 1))
    .sort();
}

describe("npm pack -w mcp (netunicorn-mcp)", () => {
  it("holds only dist, README.md, LICENSE and package.json; depends on the MCP SDK, not on netunicorn", () => {
    const files = filesUnder(unpacked);
    expect(files.filter((f) => !/^dist\/.+\.(js|d\.ts)$/.test(f) && !["README.md", "LICENSE", "package.json"].includes(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json", "dist/index.js", "dist/index.d.ts", "dist/bin/netunicorn-mcp.js"]));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@modelcontextprotocol/node", "@modelcontextprotocol/server", "@valibot/to-json-schema", "valibot"]);
    const seen = new Set<string>();
    for (const file of files.filter((f) => f.endsWith(".js"))) {
      const source = readFileSync(join(unpacked, file), "utf8");
      // import/export statements at the start of a line, and dynamic import("...")
      const imported = [...source.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|^import\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm)].map(
        (m) => (m[1] ?? m[2] ?? m[3])!,
      );
      const foreign = imported.filter((s) => !s.startsWith("./") && !s.startsWith("../") && !s.startsWith("node:") && !Object.keys(pkg.dependencies).some((d) => s === d || s.startsWith(`${d}/`)));
      expect(foreign, file).toEqual([]);
      expect(imported.filter((s) => s.includes("/src/")), file).toEqual([]);
      for (const s of imported) seen.add(s);
    }
    expect([...seen]).toEqual(expect.arrayContaining(["@modelcontextprotocol/server", "@modelcontextprotocol/node", "valibot"]));
  });

  it("imports createMcpServer from the unpacked package", async () => {
    const script = join(consumer, "check.mjs");
    writeFileSync(script, `const m = await import("netunicorn-mcp"); console.log(typeof m.createMcpServer, m.TOOL_NAMES.length);`);
    const result = await run(process.execPath, [script], { cwd: consumer });
    expect(result.code, explain(result)).toBe(0);
    expect(result.stdout.trim()).toMatch(/^function \d+$/);
  });

  it("runs its bin through npm's symlink: --help, then an MCP session over stdio", async () => {
    const binDir = join(consumer, "node_modules", ".bin");
    mkdirSync(binDir, { recursive: true });
    const file = pkg.bin["netunicorn-mcp"]!;
    expect(readFileSync(join(unpacked, file), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    symlinkSync(join("..", pkg.name, file), join(binDir, "netunicorn-mcp"));
    const help = await run(join(binDir, "netunicorn-mcp"), ["--help"], { cwd: consumer, timeoutMs: 120_000 });
    expect(help.code, explain(help)).toBe(0);
    expect(help.stdout).toMatch(/Usage: netunicorn-mcp/);

    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("NETUNICORN_")) env[k] = v;
    const transport = new StdioClientTransport({ command: join(binDir, "netunicorn-mcp"), cwd: consumer, env, stderr: "pipe" });
    const client = new Client({ name: "pack-mcp-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      expect(client.getInstructions()).toMatch(/SANDBOX MODE/);
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("get_nodes");
      const health = await client.callTool({ name: "healthcheck", arguments: {} });
      expect(health.structuredContent).toEqual({ healthy: true });
    } finally {
      await client.close();
    }
  });
});
