// The README's Deno example (<!-- deno-example -->), exactly as written, under the Deno binary of
// the `deno` dev dependency: a project next to a clone (`./netunicorn-ts` is this repository)
// imports the prebuilt bundle by path and talks to a sandbox on a free port, whose URL it is
// given on the command line as the README says.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSandbox } from "../../node/sandbox/serve-sandbox.js";
import { bin, denoEnv, explain, requireBuilt, root, run } from "./helpers.js";

const readme = readFileSync(join(root, "README.md"), "utf8");
const DENO_EXAMPLE = /<!-- deno-example -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];

const project = mkdtempSync(join(tmpdir(), "netunicorn-deno-project-"));
let sandbox: { url: string; close(): Promise<void> } | undefined;

beforeAll(async () => {
  sandbox = await serveSandbox({ hostname: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(project, { recursive: true, force: true });
});

describe("the README's Deno example", () => {
  it("runs as written under Deno, importing the package from a clone", async () => {
    requireBuilt("dist/browser/netunicorn.js");
    expect(DENO_EXAMPLE, "README: <!-- deno-example --> ts block").toBeDefined();
    expect(DENO_EXAMPLE, "no fixed port in the example").not.toMatch(/127\.0\.0\.1:\d/);
    symlinkSync(root, join(project, "netunicorn-ts"), "dir");
    writeFileSync(join(project, "main.ts"), DENO_EXAMPLE!);
    const result = await run(bin("deno"), ["run", "--no-remote", "--allow-net=127.0.0.1", "main.ts", sandbox!.url], { cwd: project, env: denoEnv() });
    expect(result.code, explain(result)).toBe(0);
    expect(result.stdout.trim()).toBe("true");
  });
});
