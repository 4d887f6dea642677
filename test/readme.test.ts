// The README's examples are documentation that must keep working: every ```ts block preceded by
// `<!-- example expect="a, b" -->` runs as a module against the built package (`netunicorn`
// resolves to this package itself through its `exports`), exits 0 and prints each expected text.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const examples = [...readme.matchAll(/<!-- example expect="([^"]*)" -->\s*```ts\n([\s\S]*?)```/g)].map((m) => ({
  expected: (m[1] ?? "").split(",").map((text) => text.trim()).filter(Boolean),
  code: m[2] ?? "",
}));
// Inside the repository, so that the self-reference `netunicorn` resolves to this package.
const workDir = mkdtempSync(join(root, ".readme-examples-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("README examples", () => {
  it("has runnable examples, and the package is built", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(existsSync(join(root, "dist", "index.js")), "run `npm run build` first (npm test does)").toBe(true);
  });

  examples.forEach(({ code, expected }, index) => {
    it(`example ${index + 1} runs and prints`, async () => {
      const file = join(workDir, `example-${index + 1}.mts`);
      writeFileSync(file, code);
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", file], { cwd: root, timeout: 60_000 });
      expect(expected.length).toBeGreaterThan(0);
      for (const text of expected) expect(stdout).toContain(text);
    });
  });
});
