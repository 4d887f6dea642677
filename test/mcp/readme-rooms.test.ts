/**
 * mcp/README.md's "Where things are" stays true: every path it names exists, every room of mcp/
 * and every file at its top are named, and the two walks from an MCP request to the HTTP request
 * name four files, each calling or importing the next.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url);
const readme = readFileSync(new URL("mcp/README.md", root), "utf8");
const section = /^### Where things are\n([\s\S]*?)(?=^##|(?![\s\S]))/m.exec(readme)?.[1] ?? "";
const source = (path: string): string => readFileSync(new URL(path, root), "utf8");

/** The walk of one tool: the backticked repository paths on its bullet, in order. */
function walk(tool: string): string[] {
  const bullet = new RegExp(`^- ${tool}:([\\s\\S]*?)(?=^- |^$)`, "m").exec(section)?.[1] ?? "";
  return [...bullet.matchAll(/`((?:mcp|src)\/[\w/.-]+\.ts)`/g)].map((m) => m[1]!);
}

describe('mcp/README.md, "Where things are"', () => {
  it("names only paths that exist", () => {
    const paths = [...section.matchAll(/`((?:mcp|src)\/[\w/.-]+)`/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((path) => !existsSync(new URL(path, root)))).toEqual([]);
  });

  it("names every room of mcp/ and every file at its top", () => {
    const entries = readdirSync(new URL("mcp/", root), { withFileTypes: true });
    const holdsSources = (dir: string) => readdirSync(new URL(`mcp/${dir}/`, root)).some((name) => name.endsWith(".ts"));
    const rooms = entries.filter((e) => e.isDirectory() && e.name !== "dist" && holdsSources(e.name)).map((e) => `\`${e.name}/\``);
    const top = entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => `\`${e.name}\``);
    expect([...rooms, ...top].filter((name) => !section.includes(name))).toEqual([]);
  });

  it.each(["get_nodes", "prepare_experiment"])("walks %s from tools/call to the HTTP request in 4 files", (tool) => {
    const files = walk(tool);
    const method = new RegExp(`^- ${tool}:[\\s\\S]*?\`RemoteClient\\.(\\w+)`, "m").exec(section)?.[1];
    expect(files).toHaveLength(4);
    const [server, toolFile, client, transport] = files as [string, string, string, string];
    expect(server).toBe("mcp/server.ts");
    expect(source(server)).toContain('setRequestHandler("tools/call"');
    expect(source(toolFile), `${toolFile} defines ${tool}`).toContain(`name: "${tool}"`);
    expect(source(toolFile), `${toolFile} calls ${method}`).toContain(`client.${method}(`);
    expect(source(client), `${client} defines ${method}`).toMatch(new RegExp(`async ${method}\\(`));
    expect(source(client), `${client} imports ${transport}`).toContain(`from "./${transport.split("/").at(-1)!.replace(/\.ts$/, ".js")}"`);
    expect(source(transport), `${transport} sends the request`).toMatch(/this\.#fetch\(url/);
  });
});
