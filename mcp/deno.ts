/**
 * The MCP server under Deno, over the web-standard Streamable HTTP transport and `Deno.serve`.
 *
 *   deno run --allow-net=127.0.0.1 --allow-env --allow-read mcp/deno.ts [--port N] [--allow-writes]
 *
 * Same flags and environment as `netunicorn-mcp --http` (mcp/config.ts): NETUNICORN_ENDPOINT,
 * NETUNICORN_LOGIN, NETUNICORN_PASSWORD, NETUNICORN_AUTHENTICATION_CONTEXT (JSON); without an
 * endpoint, an in-process sandbox with the demo pool. Read-only unless --allow-writes; with
 * --bearer-token (or NETUNICORN_MCP_BEARER_TOKEN) requests need `Authorization: Bearer <token>`.
 * Stateless: every request gets a fresh server (no sessions to leak or expire), for clients of both
 * protocol eras (the SDK's createMcpHandler; 2025-era clients are served statelessly, so they
 * confirm destructive tools with `confirm: true` rather than elicitation).
 */
import { createMcpHandler } from "@modelcontextprotocol/server";
import { makeBackend, serverOptions } from "./backend.js";
import { parseConfig, USAGE } from "./config.js";
import { createMcpServer } from "./server.js";

const PATH = "/mcp";

function main(): void {
  const config = parseConfig(["--http", ...Deno.args], Deno.env.toObject());
  if (config.help) {
    console.log(USAGE);
    return;
  }
  // Per-user mode (mcp/team.ts) is served by the Node entry only, for now: refuse rather than run with no identity.
  if (config.userTokens) throw new Error("--user-tokens is served by the Node entry (netunicorn-mcp --http --user-tokens), not yet under Deno");
  const backend = makeBackend(config);
  const client = backend.client;
  const token = config.bearerToken;
  const options = serverOptions(config, backend);
  createMcpServer(client, options); // fails early (unknown tool names) rather than on the first request
  const handler = createMcpHandler(() => createMcpServer(client, options));
  Deno.serve(
    {
      hostname: "127.0.0.1",
      port: config.port,
      onListen: ({ hostname, port }) => {
        // The first line is what a launcher reads: where to connect.
        console.log(`netunicorn MCP server (Deno, Streamable HTTP) on http://${hostname}:${port}${PATH}`);
        console.log(`Backend: ${backend.description}`);
        if (config.readOnly) console.log("Read-only: start with --allow-writes to offer tools that change anything.");
      },
    },
    async (request: Request): Promise<Response> => {
      if (new URL(request.url).pathname !== PATH) return new Response("Not Found", { status: 404 });
      // The scheme is case-insensitive (RFC 9110).
      if (token && /^bearer\s+(.*)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim() !== token) {
        return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": "Bearer" } });
      }
      return handler.fetch(request);
    },
  );
}

main();
