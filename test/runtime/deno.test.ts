// Deno and JSR, with the Deno binary of the `deno` dev dependency and nothing fetched from the
// network (npm packages come from node_modules: "nodeModulesDir": "manual"; DENO_DIR inside the
// repository): deno.json and jsr.json agree, `deno test` runs the core's Deno suite
// (test/deno/) against the sandbox, `deno publish --dry-run` passes without slow-type warnings,
// and the MCP server starts under Deno with the web-standard Streamable HTTP transport.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { bin, denoEnv, explain, root, run } from "./helpers.js";

const deno = bin("deno");
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, file), "utf8")) as Record<string, unknown>;

describe("Deno and JSR", () => {
  it("describes one package in deno.json, jsr.json and package.json", () => {
    const denoJson = readJson("deno.json");
    const jsrJson = readJson("jsr.json");
    const pkg = readJson("package.json");
    for (const key of ["name", "version", "license", "exports", "publish"]) expect(jsrJson[key], key).toEqual(denoJson[key]);
    expect(denoJson.version).toBe(pkg.version);
    expect(denoJson.license).toBe(pkg.license);
    expect(Object.keys(denoJson.exports as object).sort()).toEqual([".", "./library", "./library/tasks", "./results", "./sandbox"]);
    // The only run-time dependency of the core, at the same range as on npm.
    const imports = denoJson.imports as Record<string, string>;
    const deps = pkg.dependencies as Record<string, string>;
    expect(imports.valibot).toBe(`npm:valibot@${deps.valibot}`);
  });

  it("runs the core's Deno suite (test/deno) against the sandbox", async () => {
    const result = await run(deno, ["test", "--no-remote", "--allow-net=127.0.0.1", "--allow-read", "test/deno/"], { env: denoEnv() });
    expect(result.code, explain(result)).toBe(0);
    const summary = /ok \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed/.exec(result.stdout);
    expect(summary, explain(result)).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThanOrEqual(5);
    expect(Number(summary![3])).toBe(0);
  });

  it("passes `deno publish --dry-run` with no slow-type (or any other) warning", async () => {
    const result = await run(deno, ["publish", "--dry-run", "--allow-dirty", "--no-remote"], { env: denoEnv() });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code, explain(result)).toBe(0);
    // Diagnostics read "error[missing-explicit-type]: …" / "warning[…]: …" / "Warning …".
    expect(output).not.toMatch(/^\s*(error|warning)(\[[\w-]+\])?[:\s]/im);
    expect(output).not.toMatch(/missing-explicit|slow types? (is|are) not|with slow types/i);
    expect(output).toMatch(/Checking for slow types in the public API/);
    expect(output).toMatch(/Success Dry run complete/);
    // The published files are the sources only (no tests, no node-only code).
    const listed = [...output.matchAll(/file:\/\/\/\S+/g)].map((m) => m[0]);
    expect(listed.filter((f) => !f.includes("/src/") && !/(README\.md|LICENSE|deno\.json)$/.test(f))).toEqual([]);
  });

  it("starts the MCP server under Deno (Streamable HTTP) and lists and calls its tools", async () => {
    const child = spawn(deno, ["run", "--no-remote", "--allow-net=127.0.0.1", "--allow-env", "--allow-read", "mcp/deno.ts", "--port", "0"], {
      cwd: root,
      env: { ...denoEnv(), NETUNICORN_ENDPOINT: "" },
    });
    try {
      const url = await waitForUrl(child);
      const client = new Client({ name: "deno-test", version: "0.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toContain("get_nodes");
      expect(names).toContain("get_experiment_status");
      // Over HTTP without --allow-writes: read-only, so nothing destructive is offered.
      expect(names).not.toContain("delete_experiment");
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      const answer = await client.callTool({ name: "get_nodes", arguments: {} });
      expect(answer.isError ?? false, JSON.stringify(answer)).toBe(false);
      expect(JSON.stringify(answer.content)).toMatch(/sandbox/i);
      expect(JSON.stringify(answer.structuredContent)).toContain("node-a");
      await client.close();
    } finally {
      child.kill("SIGTERM");
    }
  });
});

/** The URL the Deno MCP server prints once it listens. */
function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`no URL from mcp/deno.ts within 240 s\n${out}\n${err}`)), 240_000);
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`mcp/deno.ts exited with ${String(code)}\n${out}\n${err}`));
    });
  });
}
