// Part of `npm run build` (after tsdown): the prebuilt browser bundle shipped in the package,
// dist/browser/netunicorn.js — the whole core as ONE ES module with valibot inside, so a page can
// `import … from "…/netunicorn.js"` with no bundler and no import map. Minified; the package's
// own dist/index.js stays the entry for bundlers, which tree-shake it further.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist", "browser", "netunicorn.js");

await build({
  entryPoints: [join(root, "src", "index.ts")],
  outfile,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
// Its types are the package root's, for editors following a path import.
mkdirSync(dirname(outfile), { recursive: true });
writeFileSync(join(dirname(outfile), "netunicorn.d.ts"), 'export * from "../index.js";\n');
