// The READMEs' examples are documentation that must keep working. Every script block (```ts,
// ```js…) of README.md and mcp/README.md is run: a block marked `<!-- example -->` here, a
// `<!-- deno-example -->` by test/runtime/deno-readme.test.ts; any other script block (unmarked,
// another marker, an example without its output) fails this file, so none escapes silently.
// Each example runs as the README tells a reader to run it: saved as a .ts file in a project
// whose package.json says "type": "module" and where `netunicorn` is installed (here: linked to
// this built package), type-checked by `tsc --strict` and run with tsx; it exits 0 and prints
// exactly the ```text block after its "Prints…:" line.
// (The browser and bundler recipes run in test/runtime/browser.test.ts.)
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { codeBlocks, RUN_ELSEWHERE, unrunBlocks } from "./readme-blocks.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const DOCS = ["README.md", "mcp/README.md"];
const blocks = DOCS.map((file) => ({ file, blocks: codeBlocks(readFileSync(join(root, file), "utf8")) }));
const examples = blocks.flatMap(({ file, blocks: all }) =>
  all.filter((b) => b.marker === "example" && b.printed !== null).map((b) => ({ where: `${file}:${b.line}`, code: b.code, printed: b.printed! })));

// A reader's project: "type": "module", netunicorn installed (a link to this package).
const project = mkdtempSync(join(tmpdir(), "netunicorn-readme-examples-"));
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "my-project", private: true, type: "module" }));
mkdirSync(join(project, "node_modules"));
symlinkSync(root, join(project, "node_modules", "netunicorn"), "dir");
const files = examples.map((_, index) => join(project, `example-${index + 1}.ts`));
examples.forEach(({ code }, index) => writeFileSync(files[index]!, code));
afterAll(() => rmSync(project, { recursive: true, force: true }));

const run = promisify(execFile);

describe("the rule: every script block of the READMEs is run by a test", () => {
  it("no block escapes (unmarked, unknown marker, or an example without its output)", () => {
    expect(blocks.flatMap(({ file, blocks: all }) => unrunBlocks(file, all))).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const [marker, test] of Object.entries(RUN_ELSEWHERE)) {
      expect(readFileSync(join(root, test), "utf8"), `${test} runs <!-- ${marker} -->`).toContain(`<!-- ${marker} -->`);
    }
  });

  it("catches what it must: a block with no marker, a marker nothing runs, an example with no output", () => {
    const doc = ["<!-- example -->", "```ts", "a", "```", "Prints:", "```text", "x", "```", "```ts", "b", "```",
      "<!-- example expect=\"x\" -->", "```ts", "c", "```", "<!-- example -->", "```js", "d", "```", "```sh", "e", "```"].join("\n");
    const problems = unrunBlocks("doc.md", codeBlocks(doc));
    expect(problems).toEqual([
      "doc.md:9 (```ts) has no marker: mark it <!-- example --> and follow it with \"Prints:\" and its output",
      "doc.md:13 (```ts) has the marker <!-- example expect=\"x\" -->, which no test runs (use <!-- example -->)",
      "doc.md:17 (```js) is marked example but no \"Prints…:\" block follows it",
    ]);
  });
});

describe("README examples, as a reader runs them", () => {
  it("the package is built (npm test builds it first)", () => {
    expect(existsSync(join(root, "dist", "index.d.ts")), "run `npm run build` first (npm test does)").toBe(true);
  });

  it("type-check under tsc --strict, as a user's project would", async () => {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const types = join(root, "node_modules", "@types");
    const args = ["--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--typeRoots", types, "--types", "node", ...files];
    const result = await run(process.execPath, [tsc, ...args], { cwd: project, timeout: 120_000 }).catch((error: { stdout: string }) => error);
    expect(result.stdout).toBe("");
    // tsc's own limit above: one tsc over every example takes over 30 s on a loaded machine
  }, 150_000);

  const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
  examples.forEach(({ where, code, printed }, index) => {
    it(`${where} runs with tsx and prints what the README says`, async () => {
      expect(code).toContain('from "netunicorn"');
      const { stdout } = await run(process.execPath, [tsx, files[index]!], { cwd: project, timeout: 120_000 });
      expect(stdout.trim()).toBe(printed.trim());
    });
  });
});
