// `npm run build` of netunicorn-mcp: mcp/tsdown.config.ts through tsdown's API rather than its CLI,
// which prints a "Node.js v20 is deprecated" line on every run (the tsdown line we use builds on Node 20).
import { build } from "tsdown";

await build({ config: "tsdown.config.ts" });
