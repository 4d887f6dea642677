// One build, every entry point, so the entries share chunks: `netunicorn` and `netunicorn/sandbox`
// then hand out the same classes (an error thrown by the sandbox's models is
// `instanceof` the root's NetunicornError). Output names are fixed here and mirrored in
// package.json `exports`/`bin`; test/runtime/pack.test.ts checks the two agree.
import { existsSync, readFileSync } from "node:fs";
import { defineConfig } from "tsdown";

/** dist name → source. `bin/*` entries get a shebang and are the package's `bin` commands. */
export const entries: Record<string, string> = {
  // The fetch-only core (platform neutral: browsers, Deno, Node, workers).
  index: "src/index.ts",
  // `netunicorn/sandbox` outside Node: the in-memory server as `fetch(Request) → Response`.
  sandbox: "src/sandbox/index.ts",
  // `netunicorn/sandbox` under the "node" export condition: the same plus `serveSandbox`.
  "sandbox-node": "node/sandbox/index.ts",
  // `netunicorn/library`: netunicorn-library's tasks by name, with the catalog (platform neutral).
  library: "src/library/index.ts",
  // `netunicorn/library/tasks`: one function per library class; a page carries only the classes it names.
  "library-tasks": "src/library/tasks.ts",
  // `netunicorn/results`: tidy rows, summaries, CSV/JSON Lines, SVG chart (platform neutral).
  results: "src/results/index.ts",
  // (The MCP server is the netunicorn-mcp package: mcp/package.json, built by mcp/tsdown.config.ts.)
  "bin/netunicorn-sandbox": "node/sandbox/cli.ts",
  // The console's server; the page itself is built by tsdown.console.config.ts.
  "bin/netunicorn-console": "console/server/main.ts",
};

// While other areas are still being written, an entry whose source does not exist yet is left
// out with a warning; the pack test then fails loudly on the missing dist file.
const present = Object.fromEntries(
  Object.entries(entries).filter(([name, source]) => {
    if (existsSync(source)) return true;
    console.warn(`tsdown.config: entry "${name}" skipped, ${source} does not exist yet`);
    return false;
  }),
);

export default defineConfig({
  entry: present,
  format: "esm",
  // Neutral: no Node shims are injected into the core; Node-only entries import node:* explicitly.
  platform: "neutral",
  // Node built-ins (only the Node-only entries import them) stay imports; dependencies from
  // package.json are external anyway.
  deps: { neverBundle: [/^node:/] },
  target: "es2022",
  unbundle: true,
  dts: true,
  clean: true,
  sourcemap: false,
  // The dts plugin always dominates build time; rolldown's note saying so is noise.
  checks: { pluginTimings: false },
  // `.js`/`.d.ts` (the package is "type": "module"), not `.mjs`.
  fixedExtension: false,
  // Bins need a shebang: added here unless the source starts with one (rolldown keeps it). Set on
  // rolldown's output directly: tsdown 0.21's own `banner` evaluates a function only once.
  outputOptions: {
    banner: (chunk) => {
      const source = chunk.isEntry ? entries[chunk.fileName.replace(/\.js$/, "")] : undefined;
      if (source === undefined || !chunk.fileName.startsWith("bin/")) return "";
      return readFileSync(source, "utf8").startsWith("#!") ? "" : "#!/usr/bin/env node";
    },
  },
});
