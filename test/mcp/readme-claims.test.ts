/**
 * What mcp/README.md (and the main README) say about the server, checked against the server
 * itself: the Tools section names exactly the tools `tools/list` offers (the read-only part
 * exactly those of a read-only server), and the errors it quotes are the ones the code gives.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RemoteClient } from "../../src/client/index.js";
import { libraryTask } from "../../src/library/index.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { call, connect, type Connected } from "./helpers.js";

const readme = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const mcpReadme = readme("mcp/README.md");
/** Inline code as the README wraps it: one line. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ");

/** The tool names listed as `- \`name\`` bullets in a part of the Tools section. */
function listed(part: "read-only" | "changing"): string[] {
  const section = /^## Tools\n([\s\S]*?)^## /m.exec(mcpReadme)?.[1] ?? "";
  const [readOnly = "", changing = ""] = section.split(/^Changing things.*$/m);
  return [...(part === "read-only" ? readOnly : changing).matchAll(/^- `(\w+)`/gm)].map((m) => m[1]!);
}

let full: Connected;
let readOnly: Connected;
beforeAll(async () => {
  const sandbox = createSandbox();
  const base = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: "demo-password", fetch: sandbox.fetch });
  full = await connect(base);
  readOnly = await connect(base, { readOnly: true });
});
afterAll(async () => {
  await full.close();
  await readOnly.close();
});

const names = async (c: Connected): Promise<string[]> => (await c.client.listTools()).tools.map((t) => t.name).sort();

describe("mcp/README.md's tool list", () => {
  it("names every tool tools/list offers, and no other", async () => {
    expect([...listed("read-only"), ...listed("changing")].sort()).toEqual(await names(full));
  });

  it("its read-only part is exactly what a read-only server offers", async () => {
    expect(listed("read-only").sort()).toEqual(await names(readOnly));
  });

  it("says how many tools tools/list holds", async () => {
    expect(/The whole `tools\/list` answer \((\d+) tools\)/.exec(oneLine(mcpReadme))?.[1]).toBe(String((await names(full)).length));
  });
});

describe("errors the READMEs quote are the real ones", () => {
  it("a command given as a string", async () => {
    const quoted = /`(field "pipeline\.0\.shell": [^`]*?)…\)`/.exec(oneLine(mcpReadme))?.[1];
    expect(quoted, "mcp/README.md quotes the shape error").toBeDefined();
    const answer = await call(full.client, "prepare_experiment", { experiment_id: "x", nodes: { names: ["node-a"] }, pipeline: [{ shell: "ping -c 3 1.1.1.1" }] });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain(quoted!);
  });

  it("a name the server stores otherwise", async () => {
    const quoted = /`(Experiment "ping demo" \(stored by the server as "ping\+demo"\))`/.exec(mcpReadme)?.[1];
    expect(quoted).toBeDefined();
    const answer = await call(full.client, "prepare_experiment", { experiment_id: "ping demo", nodes: { names: ["node-b"] }, pipeline: [{ shell: ["true"] }] });
    expect(answer.text.startsWith(quoted!)).toBe(true);
  });

  it("a library task parameter of the wrong type (both READMEs)", async () => {
    const message = (() => {
      try {
        libraryTask("Ping", { address: "127.0.0.1", count: "5" } as never);
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    })();
    expect(oneLine(readme("README.md"))).toContain(`(\`${message}\`)`);
    const quoted = /`(pipeline\[0\]: [^`]*?count[^`]*)`/.exec(mcpReadme)?.[1];
    expect(quoted, "mcp/README.md quotes the tool's refusal").toBeDefined();
    const answer = await call(full.client, "prepare_experiment", { experiment_id: "p", nodes: { names: ["node-c"] }, pipeline: [{ task: "Ping", args: { address: "127.0.0.1", count: "5" } }] });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain(quoted!);
  });
});
