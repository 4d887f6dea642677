/**
 * The MCP server under Deno, over the web-standard Streamable HTTP transport and `Deno.serve`.
 *
 *   deno run --allow-net=127.0.0.1 --allow-env --allow-read mcp/deno.ts --port 8765 [--allow-writes]
 *
 * Configuration as the Node server: NETUNICORN_ENDPOINT, NETUNICORN_LOGIN, NETUNICORN_PASSWORD,
 * NETUNICORN_AUTHENTICATION_CONTEXT (JSON); without an endpoint, an in-process sandbox with the
 * demo pool. Over HTTP the server is read-only unless started with --allow-writes; with
 * NETUNICORN_MCP_TOKEN set, requests must carry `Authorization: Bearer <token>`.
 * Stateless: every POST gets a fresh server and transport (no sessions to leak or expire).
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { RemoteClient } from "../src/client/index.js";
import { createSandbox } from "../src/sandbox/index.js";
import { createMcpServer, type McpServerOptions } from "./server.js";

interface Flags {
  hostname: string;
  port: number;
  allowWrites: boolean;
  path: string;
}

function parseFlags(args: readonly string[]): Flags {
  const flags: Flags = { hostname: "127.0.0.1", port: 8765, allowWrites: false, path: "/mcp" };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--allow-writes") flags.allowWrites = true;
    else if (arg === "--port") flags.port = Number(args[++i]);
    else if (arg === "--hostname") flags.hostname = String(args[++i]);
    else throw new Error(`netunicorn-mcp (deno): unknown argument ${String(arg)}; known: --port N, --hostname H, --allow-writes`);
  }
  if (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65535) throw new Error("netunicorn-mcp (deno): --port needs 0..65535");
  return flags;
}

/** The client from the environment, or the in-process sandbox (demo pool) without an endpoint. */
function makeClient(): { client: RemoteClient; sandbox: boolean; secrets: string[] } {
  const endpoint = Deno.env.get("NETUNICORN_ENDPOINT");
  if (!endpoint) {
    const sandbox = createSandbox();
    const client = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: "demo-password", fetch: sandbox.fetch });
    return { client, sandbox: true, secrets: [] };
  }
  const login = Deno.env.get("NETUNICORN_LOGIN") ?? "";
  const password = Deno.env.get("NETUNICORN_PASSWORD") ?? "";
  const context = Deno.env.get("NETUNICORN_AUTHENTICATION_CONTEXT");
  const authenticationContext = context ? (JSON.parse(context) as Record<string, Record<string, string>>) : undefined;
  const client = new RemoteClient({ endpoint, login, password, ...(authenticationContext ? { authenticationContext } : {}) });
  return { client, sandbox: false, secrets: password ? [password] : [] };
}

function main(): void {
  const flags = parseFlags(Deno.args);
  const { client, sandbox, secrets } = makeClient();
  const token = Deno.env.get("NETUNICORN_MCP_TOKEN");
  const options: McpServerOptions = { sandbox, secrets: token ? [...secrets, token] : secrets, readOnly: !flags.allowWrites };
  Deno.serve(
    {
      hostname: flags.hostname,
      port: flags.port,
      onListen: ({ hostname, port }) => {
        // The one line a launcher reads: where to connect.
        console.log(`netunicorn MCP server (Deno, Streamable HTTP) on http://${hostname}:${port}${flags.path}`);
        if (sandbox) console.log("No NETUNICORN_ENDPOINT: serving an in-process SANDBOX (simulated netunicorn, demo pool).");
        if (!flags.allowWrites) console.log("Read-only: start with --allow-writes to offer tools that change anything.");
      },
    },
    async (request: Request): Promise<Response> => {
      if (new URL(request.url).pathname !== flags.path) return new Response("Not Found", { status: 404 });
      if (token && request.headers.get("authorization") !== `Bearer ${token}`) {
        return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": "Bearer" } });
      }
      const server = createMcpServer(client, options);
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: false });
      await server.connect(transport);
      return transport.handleRequest(request);
    },
  );
}

main();
