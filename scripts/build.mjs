// `npm run build`, the root package's part: the package entries (tsdown.config.ts), then the
// console page (tsdown.console.config.ts). Through tsdown's API, not its CLI: the 0.21 line that
// package.json holds us to builds fine on Node 20, but its CLI prints "Node.js v20 is deprecated"
// on every run, noise in every build and test log of a project whose floor is Node 20.
import { build } from "tsdown";

await build({ config: "tsdown.config.ts" });
await build({ config: "tsdown.console.config.ts" });
