// Three projects, all run by `npm test` (after `npm run build`):
//  - node:           every unit/integration test under test/ (except the runtime checks below);
//  - core-happy-dom: the core's suites again, with happy-dom's window as the global scope, so
//                    `fetch`, `Request`, `Response`, `Headers`, `AbortController`, `AbortSignal`,
//                    `URL`, `URLSearchParams`, `FormData` are happy-dom's, not Node's: the core
//                    must work with any standards-compliant implementation of them (environment:
//                    test/runtime/happy-dom-environment.ts; happy-dom-globals.test.ts proves it);
//  - runtime:        test/runtime/*.test.ts, which drive real runtimes against the built package
//                    (Chromium, Deno, `deno publish --dry-run`, npm pack, attw, the size budget,
//                    tsc without @types/node).
import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./test/longest-first-sequencer.js";

/** The core's suites: they import only src/ (plus test helpers) and never the MCP layer. */
export const coreSuites = [
  "test/model/**/*.test.ts",
  "test/pickle/**/*.test.ts",
  "test/graph/**/*.test.ts",
  "test/client/**/*.test.ts",
  "test/wire/**/*.test.ts",
  "test/sandbox/**/*.test.ts",
];

export default defineConfig({
  test: {
    // Skipped tests are listed after every run, and fail it when CI is set (.ci/run sets it).
    reporters: ["default", "./test/runtime/skip-reporter.ts"],
    // Deadlines for a loaded machine (`npm test` beside other work, 2 cores): they bound a hang,
    // they never decide a pass. Tests wait on conditions (expect.poll, waitFor), not on time, and
    // a poll gives up only after 30 s (vitest's default, 1 s, fails under load).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Three files at a time on the 2-core machine `npm test` must fit (6 min; vitest's default
    // there, cores - 1, is ONE file at a time). Most slow files wait on a child (npm, Deno,
    // Chromium, tsc, Python, sockets), so a third file uses the cores they leave idle. Files
    // sharing the machine never collide: each writes only to its own folder (mkdtemp, or a
    // node_modules/.cache/<file>-test folder no other file uses), ports are 0, Chromium's
    // decompression is atomic, and screenshots go to a temporary folder unless
    // UPDATE_SCREENSHOTS=1 (CONTRIBUTING.md). The longest files start first, from every project
    // (test/longest-first-sequencer.ts), so install.test.ts (~100 s) runs beside the rest.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirstSequencer },
    expect: { poll: { timeout: 30_000, interval: 50 } },
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/runtime/**", "test/deno/**", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "core-happy-dom",
          include: [...coreSuites, "test/runtime/happy-dom-globals.test.ts"],
          // Not again here: suites that only drive subprocesses (Python) or real sockets (serve*).
          exclude: ["test/**/*python*.test.ts", "test/sandbox/serve*.test.ts", "**/node_modules/**"],
          environment: "./test/runtime/happy-dom-environment.ts",
          environmentOptions: {
            happyDOM: {
              // The page's origin is http://localhost:3000 and the tests' servers listen on
              // 127.0.0.1: CORS itself is proven by the real-browser test, not here.
              settings: { fetch: { disableSameOriginPolicy: true } },
            },
          },
        },
      },
      {
        extends: true,
        test: {
          name: "runtime",
          include: ["test/runtime/**/*.test.ts"],
          exclude: ["test/runtime/happy-dom-globals.test.ts", "**/node_modules/**"],
          // Each file drives a heavy process (Chromium, Deno, esbuild, npm): give them time.
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
