// The npm package as users get it: `npm pack` holds only dist, README, LICENSE and package.json;
// every `exports`/`bin` target is in it; the types resolve for node16/nodenext and bundler
// (checked by @arethetypeswrong/cli); and the unpacked tarball imports under Node and bundles
// for browsers with no Node built-ins.
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, explain, requireBuilt, root, run } from "./helpers.js";

interface PackageJson {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  bin: Record<string, string>;
}
interface AttwReport {
  analysis: {
    problems: { kind: string; entrypoint: string; resolutionKind: string }[];
    entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } } | undefined> }>;
  };
}

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson;

/** Every file path named anywhere in `exports` (conditions included) and `bin`. */
function targets(): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") found.push(value.replace(/^\.\//, ""));
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(pkg.exports);
  walk(pkg.bin);
  return found;
}

const work = join(root, "node_modules", ".cache", "pack-test");
const consumer = join(work, "consumer");
let tarball = "";
/** The files npm pack put in the tarball (its --json report): the one pack every test reads. */
let packedFiles: string[] = [];

beforeAll(async () => {
  requireBuilt();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(consumer, "node_modules", pkg.name), { recursive: true });
  // A package of its own, so "netunicorn" is not a self-reference to the repository's package.
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const packed = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work]);
  expect(packed.code, explain(packed)).toBe(0);
  const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  tarball = join(work, info.filename);
  packedFiles = info.files.map((f) => f.path).sort();
  // Unpacked inside the repository's node_modules tree, so its dependencies resolve upwards.
  const untar = await run("tar", ["-xzf", tarball, "-C", join(consumer, "node_modules", pkg.name), "--strip-components=1"]);
  expect(untar.code, explain(untar)).toBe(0);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm pack", () => {
  it("holds only dist, README.md, LICENSE and package.json, with every exports and bin target", () => {
    // The real pack's own list (no second `npm pack --dry-run`: same files, one npm run less).
    const files = packedFiles;
    expect(files.length).toBeGreaterThan(0);
    // The console's page (dist/console) also ships its HTML and CSS.
    const stray = files.filter((f) => !/^dist\/.+\.(js|d\.ts)$/.test(f) && !/^dist\/console\/[\w-]+\.(html|css)$/.test(f) && !["README.md", "LICENSE", "package.json"].includes(f));
    expect(stray).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json"]));
    const missing = targets().filter((t) => t !== "package.json" && !files.includes(t));
    expect(missing, "exports/bin targets absent from the package (is every entry built?)").toEqual([]);
    // The MCP server is its own package (mcp/, netunicorn-mcp: test/runtime/pack-mcp.test.ts).
    expect(Object.keys(pkg.exports).sort()).toEqual([".", "./browser", "./library", "./library/tasks", "./package.json", "./results", "./sandbox"]);
    expect(Object.keys(pkg.bin).sort()).toEqual(["netunicorn-console", "netunicorn-sandbox"]);
    expect(files).toEqual(expect.arrayContaining(["dist/console/index.html", "dist/console/console.js", "dist/console/console.css"]));
  });

  it("has types that resolve for node16/nodenext (ESM) and bundler (@arethetypeswrong/cli)", async () => {
    // Profile esm-only: the package is ESM-only by design ("type": "module", no "require"
    // condition), so node10 and node16-from-CJS are expected to report "CJS resolves to ESM" /
    // "no resolution" (attw lists them as ignored); every ESM resolution must be clean.
    const attw = await run(bin("attw"), [tarball, "--profile", "esm-only", "--format", "json"]);
    expect(attw.code, explain(attw)).toBe(0);
    const { analysis } = JSON.parse(attw.stdout) as AttwReport;
    const required = new Set(["node16-esm", "bundler"]);
    expect(analysis.problems.filter((p) => required.has(p.resolutionKind))).toEqual([]);
    expect(Object.keys(analysis.entrypoints).sort()).toEqual([".", "./browser", "./library", "./library/tasks", "./package.json", "./results", "./sandbox"]);
    for (const [name, entry] of Object.entries(analysis.entrypoints)) {
      if (name === "./package.json") continue;
      for (const kind of required) {
        // Resolved to our own declaration files (for ./sandbox under node16: the "node" variant).
        expect(entry.resolutions[kind]?.resolution?.fileName, `${name} ${kind}`).toMatch(/^\/node_modules\/netunicorn\/dist\/.+\.d\.ts$/);
      }
    }
    expect(analysis.entrypoints["./sandbox"]?.resolutions["node16-esm"]?.resolution?.fileName).toMatch(/sandbox-node\.d\.ts$/);
    expect(analysis.entrypoints["./sandbox"]?.resolutions.bundler?.resolution?.fileName).toMatch(/\/sandbox\.d\.ts$/);
  });

  it("installs bins that run through npm's symlinks (--help)", async () => {
    const binDir = join(consumer, "node_modules", ".bin");
    mkdirSync(binDir, { recursive: true });
    for (const [name, file] of Object.entries(pkg.bin)) {
      const target = join(consumer, "node_modules", pkg.name, file);
      expect(readFileSync(target, "utf8").startsWith("#!/usr/bin/env node\n"), file).toBe(true);
      // As npm links them: node_modules/.bin/<name> → ../<package>/<file>, executed directly.
      symlinkSync(join("..", pkg.name, file), join(binDir, name));
      const help = await run(join(binDir, name), ["--help"], { cwd: consumer, timeoutMs: 120_000 });
      expect(help.code, explain(help)).toBe(0);
      expect(help.stdout + help.stderr).toMatch(new RegExp(`Usage: ${name}`));
    }
  });
});

describe("the unpacked package", () => {
  it("imports under Node: `.`, `./sandbox` (with serveSandbox), `./library`, `./library/tasks` and `./results`", async () => {
    const script = join(consumer, "check.mjs");
    writeFileSync(
      script,
      `const root = await import("netunicorn");
const sandbox = await import("netunicorn/sandbox");
const library = await import("netunicorn/library");
const tasks = await import("netunicorn/library/tasks");
const results = await import("netunicorn/results");
console.log(JSON.stringify({
  libraryTask: typeof library.libraryTask, resultRows: typeof results.resultRows,
  ping: tasks.Ping({ address: "192.0.2.1" }) instanceof library.LibraryDispatcher,
  root: typeof root.RemoteClient, error: typeof root.NetunicornError,
  createSandbox: typeof sandbox.createSandbox, serveSandbox: typeof sandbox.serveSandbox,
}));`,
    );
    const result = await run(process.execPath, [script], { cwd: consumer });
    expect(result.code, explain(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      libraryTask: "function",
      resultRows: "function",
      ping: true,
      root: "function",
      error: "function",
      createSandbox: "function",
      serveSandbox: "function",
    });
  });

  it("imports the prebuilt browser bundle by package name (`netunicorn/browser`)", async () => {
    const script = join(consumer, "check-browser.mjs");
    writeFileSync(
      script,
      `const browser = await import("netunicorn/browser");
console.log(JSON.stringify({ file: import.meta.resolve("netunicorn/browser").replace(/^.*node_modules\\//, ""), client: typeof browser.RemoteClient, pickle: typeof browser.pickle }));`,
    );
    const result = await run(process.execPath, [script], { cwd: consumer });
    expect(result.code, explain(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ file: "netunicorn/dist/browser/netunicorn.js", client: "function", pickle: "function" });
  });

  it("bundles `.`, `./sandbox`, `./library`, `./library/tasks` and `./results` for browsers without any Node built-in", async () => {
    for (const entry of [`export * from "netunicorn";`, `export * from "netunicorn/sandbox";`, `export * from "netunicorn/library";`, `export * from "netunicorn/library/tasks";`, `export * from "netunicorn/results";`]) {
      const out = await build({
        stdin: { contents: entry, resolveDir: consumer, loader: "js" },
        bundle: true,
        format: "esm",
        platform: "browser",
        write: false,
        logLevel: "silent",
        metafile: true,
      });
      const inputs = Object.keys(out.metafile.inputs);
      expect(inputs.filter((i) => i.startsWith("node:") || /(^|\/)dist\/(mcp|node|sandbox-node|bin\/)/.test(i)), entry).toEqual([]);
      expect(inputs.some((i) => i.includes(`node_modules/${pkg.name}/dist/`)), entry).toBe(true);
    }
  });
});
