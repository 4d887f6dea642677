/**
 * What assistants see (names, titles, descriptions, schemas, annotations) is kept in
 * tools.snapshot.json: a change to it must be deliberate. To accept a change (or to write the
 * file when it is missing), and only then:
 *   UPDATE_MCP_SNAPSHOT=1 npx vitest run test/mcp/tools-snapshot.test.ts
 * Without that variable the test never writes: a missing snapshot is a failure, not a pass.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeTool } from "../../mcp/index.js";
import { ALL_TOOLS } from "../../mcp/tools/index.js";

const file = new URL("./tools.snapshot.json", import.meta.url);

describe("tool list snapshot", () => {
  const current = ALL_TOOLS.map(describeTool);

  it("matches the committed snapshot", () => {
    if (process.env.UPDATE_MCP_SNAPSHOT === "1") writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
    expect(existsSync(file), "test/mcp/tools.snapshot.json is missing: write it with UPDATE_MCP_SNAPSHOT=1 (see the header)").toBe(true);
    const committed = JSON.parse(readFileSync(file, "utf8")) as unknown;
    expect(JSON.parse(JSON.stringify(current))).toEqual(committed);
  });

  it("keeps the whole list small enough for an assistant's context", () => {
    expect(JSON.stringify(current).length).toBeLessThan(60_000);
  });

  it("names every tool in snake_case, with a description an assistant can act on", () => {
    for (const tool of current) {
      expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(tool.description!.length, tool.name).toBeGreaterThan(60);
      expect(tool.description!.length, tool.name).toBeLessThan(1200);
    }
  });
});
