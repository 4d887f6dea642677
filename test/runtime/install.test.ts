// Installing the package the ways the README's Install section says, into a fresh project:
//  - from git (`npm install git+file:///…` of a clone: npm clones it, installs its dev
//    dependencies, runs `prepare`, which builds, then packs and installs the result);
//  - from a tarball made by `npm pack` in a fresh clone (`prepare` builds there too);
//  - from the clone's folder once built (`npm install ../netunicorn-ts`).
// Each consumer then imports the package, runs a client against its sandbox, and runs the
// `netunicorn-sandbox` bin. The clone is of HEAD (committed work), as a user would get it.
// npm reads packages from its cache first (`npm ci` filled it); what is missing comes from the registry.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explain, root, run } from "./helpers.js";

const work = join(root, "node_modules", ".cache", "install-test");
const clone = join(work, "clone");
const NPM_INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const cloned = await run("git", ["clone", "--quiet", root, clone]);
  expect(cloned.code, explain(cloned)).toBe(0);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A new project that installs `spec` (a git URL or a tarball path). */
async function consumer(name: string, spec: string): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  const installed = await run("npm", [...NPM_INSTALL, spec], { cwd: dir, timeoutMs: 840_000, env: cleanEnv() });
  expect(installed.code, explain(installed)).toBe(0);
  return dir;
}

/** The environment without the `npm test` run's own npm_* settings (they would leak into npm). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("npm_") && !k.startsWith("NETUNICORN_")));
}

const PROGRAM = `
import { RemoteClient, decodeDeploymentResult } from "netunicorn";
import { createSandbox, serveSandbox } from "netunicorn/sandbox";
const sandbox = createSandbox();
const client = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: "demo-password", fetch: sandbox.fetch });
const names = (await client.getNodes()).take(2).map((node) => node.name);
console.log(JSON.stringify({ healthy: await client.healthcheck(), names, decode: typeof decodeDeploymentResult, serve: typeof serveSandbox }));
`;

/** Imports the installed package and runs its sandbox bin. */
async function checkInstalled(dir: string): Promise<void> {
  for (const file of ["dist/index.js", "dist/browser/netunicorn.js", "dist/bin/netunicorn-sandbox.js"]) {
    expect(existsSync(join(dir, "node_modules", "netunicorn", file)), file).toBe(true);
  }
  writeFileSync(join(dir, "main.js"), PROGRAM);
  const program = await run(process.execPath, ["main.js"], { cwd: dir, env: cleanEnv() });
  expect(program.code, explain(program)).toBe(0);
  expect(JSON.parse(program.stdout)).toEqual({ healthy: true, names: ["node-a", "node-b"], decode: "function", serve: "function" });
  expect(await bannerOf(join(dir, "node_modules", ".bin", "netunicorn-sandbox"), dir)).toMatch(/^netunicorn sandbox listening on http:\/\/127\.0\.0\.1:\d+/);
}

/** Starts the bin on a free port, returns its first lines, stops it. */
function bannerOf(command: string, cwd: string): Promise<string> {
  const child = spawn(command, ["--port", "0"], { cwd, env: cleanEnv() });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no banner: ${out}`));
    }, 120_000);
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (!out.includes("Demo users")) return;
      clearTimeout(timer);
      child.once("exit", () => resolve(out));
      child.kill("SIGTERM");
    });
    child.once("error", reject);
  });
}

describe.concurrent("installing the package", () => {
  it("from git: npm install git+file:///… builds it (prepare) and gives working imports and bins", async () => {
    const dir = await consumer("from-git", `git+file://${clone}`);
    await checkInstalled(dir);
  }, 900_000);

  it("from a tarball: npm pack of a fresh clone builds it and installs with working imports and bins; so does the built folder", async () => {
    // The clone's dev dependencies: this repository's, so `prepare` can build (its output goes
    // to stdout before npm's JSON).
    symlinkSync(join(root, "node_modules"), join(clone, "node_modules"), "dir");
    const packed = await run("npm", ["pack", "--json", "--loglevel=error", "--pack-destination", work], { cwd: clone, env: cleanEnv(), timeoutMs: 300_000 });
    expect(packed.code, explain(packed)).toBe(0);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[$/m))) as [{ filename: string; files: { path: string }[] }];
    expect(info.files.map((f) => f.path)).toContain("dist/bin/netunicorn-sandbox.js");
    const dir = await consumer("from-tarball", join(work, info.filename));
    await checkInstalled(dir);
    // The clone itself, now built: `npm install ../netunicorn-ts` (a link to the folder).
    await checkInstalled(await consumer("from-folder", clone));
  }, 900_000);
});
