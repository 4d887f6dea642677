// The core needs no Node: src/ type-checks with only the standard and DOM libraries (no
// @types/node, so `Buffer`, `process`, `node:*` imports do not compile), and no file imports a
// Node built-in. The browser and Deno tests then prove the same at run time.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, explain, root, run } from "./helpers.js";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

describe("the core without Node", () => {
  it("imports no Node built-in anywhere under src/", () => {
    const offenders = sources(join(root, "src")).filter((file) =>
      /\bfrom\s+["'](node:|(fs|path|http|https|net|os|crypto|buffer|stream|url|zlib|child_process)["'/])/.test(readFileSync(file, "utf8")),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it("type-checks src/ with no @types/node (tsconfig.core.json)", async () => {
    const result = await run(bin("tsc"), ["--noEmit", "-p", "tsconfig.core.json"]);
    expect(result.code, explain(result)).toBe(0);
  });
});
