// `npx tsx scripts/tool-tokens.ts [--json]`: how much of an assistant's context the tool list
// takes. Prints the size of the JSON of a tools/list answer (every tool, as a client that is
// offered all of them sees it) in characters and in approximate tokens (characters / 4), per
// tool and in total. `--json` prints the tools/list answer itself (to feed a real tokenizer).
import { describeTool } from "../mcp/index.js";
import { ALL_TOOLS } from "../mcp/tools/index.js";

const listed = { tools: ALL_TOOLS.map(describeTool) };
if (process.argv.includes("--json")) {
  process.stdout.write(JSON.stringify(listed));
} else {
  const rows = listed.tools.map((tool) => [tool.name, JSON.stringify(tool).length] as const);
  const total = JSON.stringify(listed).length;
  console.log("| tool | characters | ~tokens (chars/4) |\n| --- | ---: | ---: |");
  for (const [name, chars] of rows) console.log(`| ${name} | ${chars} | ${Math.round(chars / 4)} |`);
  console.log(`| **tools/list** | **${total}** | **${Math.round(total / 4)}** |`);
}
