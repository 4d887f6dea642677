// `npm start`: the MCP server over Streamable HTTP on 127.0.0.1 (default port 8765, or the next
// free one) and the web console beside it (the next free port after it), both in front of ONE
// backend: the in-process sandbox, or NETUNICORN_ENDPOINT when set. It prints where each is.
//
// No build step for the MCP server: the TypeScript sources run through tsx (a devDependency,
// installed by `npm ci`), IN THIS PROCESS (no child that could outlive it): stopping this process
// stops both servers. The console's page needs `npm run build` (npm ci runs it).
// Options: --port N (MCP), --console-port N, --no-console; anything else goes to netunicorn-mcp:
// `npm start -- --port 9000 --console-port 9001 --tools get_nodes,healthcheck`.
// The work is done in scripts/start-demo.ts.
import { register } from "tsx/esm/api";

register();
await import("./start-demo.ts");
