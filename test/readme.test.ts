// The README's examples are documentation that must keep working: every ```ts block preceded by
// `<!-- example -->` type-checks under `tsc --strict` and runs as a module against the built
// package (`netunicorn` resolves to this package itself through its `exports`), exits 0, and
// prints exactly the ```text block that follows it after "Prints:".
// (The browser, bundler and Deno recipes run in test/runtime/browser.test.ts and deno.test.ts.)
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const examples = [...readme.matchAll(/<!-- example -->\s*```ts\n([\s\S]*?)```\s*Prints[^\n]*?:\s*```text\n([\s\S]*?)```/g)].map((m) => ({
  code: m[1] ?? "",
  printed: m[2] ?? "",
}));
// Inside the repository, so that the self-reference `netunicorn` resolves to this package.
const workDir = mkdtempSync(join(root, ".readme-examples-"));
const files = examples.map((_, index) => join(workDir, `example-${index + 1}.mts`));
examples.forEach(({ code }, index) => writeFileSync(files[index]!, code));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const run = promisify(execFile);

describe("README examples", () => {
  it("has runnable examples, each with its output, and the package is built", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    // Every example marker was matched (none lost to a malformed block).
    expect(examples.length).toBe(readme.split("<!-- example -->").length - 1);
    expect(existsSync(join(root, "dist", "index.d.ts")), "run `npm run build` first (npm test does)").toBe(true);
  });

  it("type-check under tsc --strict, as a user's project would", async () => {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const args = ["--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--types", "node", ...files];
    const result = await run(process.execPath, [tsc, ...args], { cwd: root, timeout: 120_000 }).catch((error: { stdout: string }) => error);
    expect(result.stdout).toBe("");
    // tsc's own limit above: one tsc over every example takes over 30 s on a loaded machine
  }, 150_000);

  examples.forEach(({ code, printed }, index) => {
    it(`example ${index + 1} runs and prints what the README says`, async () => {
      expect(code).toContain('from "netunicorn"');
      const { stdout } = await run(process.execPath, ["--import", "tsx", files[index]!], { cwd: root, timeout: 60_000 });
      expect(stdout.trim()).toBe(printed.trim());
    });
  });
});
