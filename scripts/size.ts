// `npm run size`: what the core costs a browser page, next to ky, ofetch and @octokit/core
// measured the same way in the same run. Each case is bundled by esbuild (platform browser, ESM,
// minified, tree-shaken, dependencies included) and gzipped at level 9; "kB" is 1000 bytes.
// `netunicorn` resolves to the built package (dist/), so run `npm run build` first.
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
];

export const referenceCases: SizeCase[] = [
  { name: "ky (default export)", code: `export { default } from "ky";` },
  { name: "ofetch (`ofetch`)", code: `export { ofetch } from "ofetch";` },
  { name: "@octokit/core (`Octokit`)", code: `export { Octokit } from "@octokit/core";` },
];

/** `netunicorn` and `netunicorn/sandbox` → the built files, as a user's bundler would see them. */
const builtPackage: Plugin = {
  name: "netunicorn-dist",
  setup(b) {
    b.onResolve({ filter: /^netunicorn$/ }, () => ({ path: join(root, "dist", "index.js") }));
    b.onResolve({ filter: /^netunicorn\/library$/ }, () => ({ path: join(root, "dist", "library.js") }));
    b.onResolve({ filter: /^netunicorn\/results$/ }, () => ({ path: join(root, "dist", "results.js") }));
  },
};

/** How a browser page's bundler would treat us: one ESM file, minified, tree-shaken. */
const BROWSER_BUNDLE = {
  bundle: true,
  minify: true,
  treeShaking: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  write: false,
  logLevel: "silent",
  legalComments: "none",
} as const;

/** One case bundled and minified as a browser page's bundler would (the bytes before gzip). */
export async function bundle(code: string): Promise<Uint8Array> {
  const out = await build({
    stdin: { contents: code, resolveDir: root, loader: "js", sourcefile: "entry.js" },
    ...BROWSER_BUNDLE,
    plugins: [builtPackage],
  });
  return out.outputFiles[0]?.contents ?? new Uint8Array();
}

/** Bundles, minifies and gzips one case. */
export async function measure(item: SizeCase): Promise<SizeResult> {
  const code = await bundle(item.code);
  return { ...item, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
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

/** Minified bytes per source file of one case, bundled from src/ (for finding what to trim). */
export async function explain(item: SizeCase): Promise<[string, number][]> {
  const out = await build({
    stdin: { contents: item.code.replace(/"netunicorn"/, JSON.stringify(join(root, "src", "index.ts"))), resolveDir: root, loader: "ts" },
    ...BROWSER_BUNDLE,
    metafile: true,
  });
  const output = Object.values(out.metafile.outputs)[0];
  return Object.entries(output?.inputs ?? {})
    .map(([file, info]): [string, number] => [file, info.bytesInOutput])
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1]);
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
