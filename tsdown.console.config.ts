// The console's page (console/app): one minified browser bundle plus its HTML and CSS, written to
// dist/console/ after the package build (`npm run build` runs both configs). The page imports
// "netunicorn", "netunicorn/library" and "netunicorn/results" like any web app; here those names
// are the package's own public entries (src/index.ts, src/library/index.ts, src/results/index.ts),
// bundled together with valibot, so the page loads nothing but its own origin's files.
import { fileURLToPath } from "node:url";
import { defineConfig } from "tsdown";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  entry: { console: "console/app/main.ts" },
  outDir: "dist/console",
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  dts: false,
  // The package build (run just before) already cleaned dist/ and wrote dist/console/server/.
  clean: false,
  sourcemap: false,
  tsconfig: "console/app/tsconfig.json",
  // Most specific first: "netunicorn" would otherwise also match "netunicorn/library".
  alias: {
    "netunicorn/library": here("./src/library/index.ts"),
    "netunicorn/results": here("./src/results/index.ts"),
    netunicorn: here("./src/index.ts"),
  },
  // Everything (valibot too) goes into the one file the page loads.
  deps: { alwaysBundle: [/.*/], onlyBundle: false },
  checks: { pluginTimings: false },
  fixedExtension: false,
  copy: [{ from: ["console/app/index.html", "console/app/console.css"], to: "dist/console" }],
});
