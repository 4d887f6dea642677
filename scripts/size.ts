// `npm run size`: what the core costs a browser page, next to ky, ofetch and @octokit/core
// measured the same way in the same run. Each case is bundled by esbuild (platform browser, ESM,
// minified, tree-shaken, dependencies included) and gzipped at level 9; "kB" is 1000 bytes.
// `netunicorn` resolves to the built package (dist/), so run `npm run build` first. Code behind an
// `import()` goes to chunks of its own, counted only for the pages whose `calls` load them.
// Prints a markdown table; exits 1 when a budget is exceeded. `--explain` adds, for our cases,
// the minified bytes each source area and file contributes (bundled from src/, same settings).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface SizeCase {
  /** Row label. */
  name: string;
  /** Module source bundled as the entry point. */
  code: string;
  /** Maximum gzipped bytes, for our own cases. */
  budget?: number;
  /**
   * Modules loaded by `import()` that the page's calls reach, counted with the page (matched
   * against the start of each lazy chunk's source path, e.g. "model/nodes." for `getNodes()`).
   */
  calls?: string[];
}

export interface SizeResult extends SizeCase {
  minified: number;
  gzipped: number;
}

export const KB = 1000;

export const ourCases: SizeCase[] = [
  { name: "netunicorn: `RemoteClient` alone", code: `export { RemoteClient } from "netunicorn";`, budget: 8 * KB },
  {
    name: "netunicorn: whole core (client, models, pickle codec, builder)",
    code: `import * as all from "netunicorn"; export { all };`,
    budget: 25 * KB,
  },
  // Its own entry point: a page that never imports it does not download the catalog.
  { name: "netunicorn/library: `libraryTask` with the catalog (on top of the core it uses)", code: `export { libraryTask } from "netunicorn/library";` },
  // Its own entry point too (issue 18): rows, summaries, files, chart, compare, with the pickle decoder they use.
  { name: "netunicorn/results: the whole entry point (with the decoder it uses)", code: `export * from "netunicorn/results";` },
  { name: "netunicorn/results: `resultsChartSVG` + `chartTable` alone", code: `export { resultsChartSVG, chartTable } from "netunicorn/results";` },
  { name: "netunicorn: `RemoteClient` + netunicorn/results (a results page)", code: `export { RemoteClient } from "netunicorn"; export * from "netunicorn/results";` },
  // Pages that call operations: RemoteClient's page plus the lazy chunks their `calls` name, were
  // models behind an import() (measured twice in issue 20, see CONTRIBUTING.md: real pages grew;
  // today every model is in RemoteClient's own chunk, so these rows equal RemoteClient alone).
  { name: "netunicorn: `RemoteClient` calling `getNodes()`", code: `export { RemoteClient } from "netunicorn";`, calls: ["model/nodes."] },
  { name: "netunicorn: `RemoteClient` calling `getExperimentStatus()`", code: `export { RemoteClient } from "netunicorn";`, calls: ["model/status."] },
  // prepareExperiment and startExecution answer a name (no models); the status is read with its models.
  {
    name: "netunicorn: `RemoteClient` calling `prepareExperiment` + `startExecution` + `getExperimentStatus()`",
    code: `export { RemoteClient } from "netunicorn";`,
    calls: ["model/status."],
  },
  // A dashboard calling every operation (pools, statuses, flags, the UI extras).
  { name: "netunicorn: `RemoteClient` calling every operation", code: `export { RemoteClient } from "netunicorn";`, calls: ["model/nodes.", "model/status.", "model/extras."] },
  // netunicorn/library/tasks (issue 20): one function per class; a page naming Ping carries Ping's facts only.
  { name: "netunicorn/library: one task (Ping) imported by name", code: `export { Ping } from "netunicorn/library/tasks";` },
];

export const referenceCases: SizeCase[] = [
  { name: "ky (default export)", code: `export { default } from "ky";` },
  { name: "ofetch (`ofetch`)", code: `export { ofetch } from "ofetch";` },
  { name: "@octokit/core (`Octokit`)", code: `export { Octokit } from "@octokit/core";` },
];

/**
 * `netunicorn`, `netunicorn/library`, `netunicorn/library/tasks` and `netunicorn/results` → the built files, as a user's
 * bundler would see them: with package.json's `"sideEffects": false`, which esbuild applies only
 * to paths it resolved itself (without it, a page's chunk imports every chunk holding a module the
 * entry re-exports, even unused ones, so code behind an `import()` would count as loaded up front).
 */
const builtPackage: Plugin = {
  name: "netunicorn-dist",
  setup(b) {
    const built = (file: string) => () => ({ path: join(root, "dist", file), sideEffects: false });
    b.onResolve({ filter: /^netunicorn$/ }, built("index.js"));
    b.onResolve({ filter: /^netunicorn\/library$/ }, built("library.js"));
    b.onResolve({ filter: /^netunicorn\/library\/tasks$/ }, built("library-tasks.js"));
    b.onResolve({ filter: /^netunicorn\/results$/ }, built("results.js"));
  },
};

/**
 * How a browser page's bundler would treat us: ESM, minified, tree-shaken, and what sits behind an
 * `import()` in chunks of its own (esbuild's splitting, as Vite, Rollup and webpack do by default).
 */
const BROWSER_BUNDLE = {
  bundle: true,
  minify: true,
  treeShaking: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  splitting: true,
  // Nothing is written (write: false); splitting needs a directory to name the chunks.
  outdir: join(root, "node_modules", ".cache", "size"),
  metafile: true,
  write: false,
  logLevel: "silent",
  legalComments: "none",
} as const;

type Bundled = Awaited<ReturnType<typeof buildCase>>;

function buildCase(code: string, plugins: Plugin[], loader: "js" | "ts" = "js") {
  return build({ stdin: { contents: code, resolveDir: root, loader, sourcefile: "entry.js" }, ...BROWSER_BUNDLE, plugins });
}

/**
 * The chunks a page downloads: the entry and what it imports statically, plus, for each module of
 * `calls`, the lazy chunk loaded for it and its static imports. Paths as in the metafile.
 */
function pageChunks(out: Bundled, calls: readonly string[] = []): string[] {
  const outputs = out.metafile.outputs;
  const names = Object.keys(outputs);
  const starts = names.filter((name) => {
    const from = outputs[name]!.entryPoint ?? "";
    return from.endsWith("entry.js") || calls.some((call) => from.replace(/^(dist\/)?src\//, "").startsWith(call));
  });
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const item of outputs[name]?.imports ?? []) if (item.kind === "import-statement") visit(item.path);
  };
  starts.forEach(visit);
  return [...seen];
}

/** The chunk files' contents by metafile path. */
function contents(out: Bundled): Map<string, Uint8Array> {
  return new Map(out.outputFiles.map((file) => [file.path.slice(root.length + 1), file.contents]));
}

/** One case bundled and minified as a browser page's bundler would: every chunk it may ever load, joined (the bytes before gzip). */
export async function bundle(code: string): Promise<Uint8Array> {
  const out = await buildCase(code, [builtPackage]);
  const files = out.outputFiles.map((file) => file.contents);
  const all = new Uint8Array(files.reduce((sum, file) => sum + file.byteLength, 0));
  let at = 0;
  for (const file of files) all.set(file, (at += file.byteLength) - file.byteLength);
  return all;
}

/** Bundles, minifies and gzips one case: the chunks the page downloads (see pageChunks), each gzipped, summed. */
export async function measure(item: SizeCase): Promise<SizeResult> {
  const out = await buildCase(item.code, [builtPackage]);
  const files = contents(out);
  let minified = 0;
  let gzipped = 0;
  for (const name of pageChunks(out, item.calls)) {
    const code = files.get(name) ?? new Uint8Array();
    minified += code.byteLength;
    gzipped += gzipSync(code, { level: 9 }).byteLength;
  }
  return { ...item, minified, gzipped };
}

/** Reference libraries are dev dependencies: a missing one is reported, not fatal to the table. */
function installed(pkg: string): boolean {
  return existsSync(join(root, "node_modules", pkg, "package.json"));
}

export async function measureAll(): Promise<{ ours: SizeResult[]; references: SizeResult[]; missing: string[] }> {
  if (!existsSync(join(root, "dist", "index.js"))) throw new Error("size: dist/index.js is missing, run `npm run build` first");
  const ours = await Promise.all(ourCases.map(measure));
  const missing: string[] = [];
  const present = referenceCases.filter((c) => {
    const pkg = /from "([^"]+)"/.exec(c.code)?.[1] ?? "";
    if (installed(pkg)) return true;
    missing.push(pkg);
    return false;
  });
  const references = await Promise.all(present.map(measure));
  return { ours, references, missing };
}

const kb = (bytes: number): string => `${(bytes / KB).toFixed(1)} kB`;

export function table(rows: readonly SizeResult[]): string {
  const lines = ["| bundle | minified | gzipped | target (gzipped) |", "| --- | ---: | ---: | ---: |"];
  for (const r of rows) {
    const budget = r.budget === undefined ? "" : `${kb(r.budget)} ${r.gzipped <= r.budget ? "(met)" : "(not met)"}`;
    lines.push(`| ${r.name} | ${kb(r.minified)} | ${kb(r.gzipped)} | ${budget} |`);
  }
  return lines.join("\n");
}

/** Minified bytes per source file of one case (the chunks its page downloads), bundled from src/ (for finding what to trim). */
export async function explain(item: SizeCase): Promise<[string, number][]> {
  const out = await buildCase(item.code.replace(/"netunicorn"/, JSON.stringify(join(root, "src", "index.ts"))), [], "ts");
  const bytes = new Map<string, number>();
  for (const name of pageChunks(out, item.calls)) {
    for (const [file, info] of Object.entries(out.metafile.outputs[name]?.inputs ?? {})) bytes.set(file, (bytes.get(file) ?? 0) + info.bytesInOutput);
  }
  return [...bytes].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]);
}

function explanation(name: string, files: readonly [string, number][]): string {
  const areas = new Map<string, number>();
  for (const [file, bytes] of files) {
    const area = file.startsWith("src/") ? file.split("/").slice(0, 2).join("/") : file.replace(/\/dist\/.*$/, "");
    areas.set(area, (areas.get(area) ?? 0) + bytes);
  }
  const byArea = [...areas].sort((a, b) => b[1] - a[1]).map(([a, b]) => `${a} ${kb(b)}`);
  const top = files.slice(0, 12).map(([f, b]) => `${f} ${kb(b)}`);
  return `\n${name} (minified bytes, from src/):\n  by area: ${byArea.join(", ")}\n  largest: ${top.join(", ")}`;
}

async function main(): Promise<void> {
  const { ours, references, missing } = await measureAll();
  console.log(table([...ours, ...references]));
  console.log("\nesbuild --bundle --minify --format=esm --platform=browser, then gzip -9; 1 kB = 1000 bytes.");
  if (missing.length > 0) console.log(`Not installed, not measured: ${missing.join(", ")}`);
  if (process.argv.includes("--explain")) {
    for (const item of ourCases) console.log(explanation(item.name, await explain(item)));
  }
  const over = ours.filter((r) => r.budget !== undefined && r.gzipped > r.budget);
  if (over.length > 0) {
    console.error(`Over budget: ${over.map((r) => r.name).join("; ")}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
