// The netunicorn-mcp package: the MCP server and its `netunicorn-mcp` bin. The core code it uses
// (../src: client, models, sandbox) is bundled in, so the package depends only on the MCP SDK,
// valibot and @valibot/to-json-schema (its package.json dependencies, left external).
import { defineConfig } from "tsdown";

export default defineConfig({
  entry: { index: "index.ts", "bin/netunicorn-mcp": "main.ts" },
  format: "esm",
  platform: "node",
  target: "es2022",
  dts: true,
  clean: true,
  sourcemap: false,
  checks: { pluginTimings: false },
  // `.js`/`.d.ts` (the package is "type": "module"), not `.mjs`.
  fixedExtension: false,
  // main.ts starts with its shebang; rolldown keeps it on the bin.
});
