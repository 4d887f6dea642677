// `netunicorn-console` as users run it: the built bin (dist/bin, made by `npm run build`, which
// `npm test` runs first) and `npm run console` (from the sources) print the console's URL and
// serve the page and the forward to their in-process sandbox.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const BUILT_BIN = fileURLToPath(new URL("../../dist/bin/netunicorn-console.js", import.meta.url));
const BUILT_PAGE = fileURLToPath(new URL("../../dist/console/index.html", import.meta.url));

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  child = undefined;
});

function startAndReadUrl(args: string[]): Promise<{ url: string; output: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NETUNICORN_")));
  child = spawn(process.execPath, args, { cwd: root, env });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 90_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /netunicorn console: (http:\S+)\n[\s\S]*Demo users/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, output });
      }
    };
    child!.stdout!.on("data", read);
    child!.stderr!.on("data", read);
    child!.on("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

async function checkServes(url: string): Promise<void> {
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<script type="module" src="console.js">');
  const token = await fetch(`${url}api/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=demo&password=demo-password" });
  expect(token.status).toBe(200);
}

describe("netunicorn-console", () => {
  it.skipIf(!existsSync(BUILT_BIN))("the built bin serves the page and the sandbox, and says so", async () => {
    const { url, output } = await startAndReadUrl([BUILT_BIN, "--port", "0"]);
    expect(output).toMatch(/Forwarding \/api\/v1\/… to in-process sandbox/);
    await checkServes(url);
  });

  it.skipIf(!existsSync(BUILT_PAGE))("runs from the sources (npm run console)", async () => {
    const { url } = await startAndReadUrl(["--import", "tsx", "console/server/main.ts", "--port", "0"]);
    await checkServes(url);
  });

  it("explains a bad port", async () => {
    child = spawn(process.execPath, ["--import", "tsx", "console/server/main.ts", "--port", "nope"], { cwd: root });
    let err = "";
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise((resolve) => child!.once("exit", resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--port must be a port number/);
  });
});
