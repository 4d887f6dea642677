#!/usr/bin/env node
/**
 * `netunicorn-mcp`: the MCP server over stdio (default) or Streamable HTTP on 127.0.0.1.
 * Logs go to stderr (stdout belongs to the stdio protocol); secrets never appear in them.
 */
import { NetunicornError } from "../src/errors.js";
import { scrub } from "./answers/answer.js";
import { makeBackend, serverOptions } from "./backend.js";
import { type CliConfig, USAGE, parseConfig } from "./config.js";
import { serveHttp } from "./transport/http.js";
import { createMcpServer } from "./server.js";
import { serveOverStdio } from "./transport/stdio.js";
import { PortInUseError, portInUseMessage } from "../node/serving/listen.js";
import { closeOnStop } from "../node/serving/stop-with-parent.js";
import { createTeam } from "./team.js";

/** Strings never written to the log (password, bearer token), set once the config is read. */
let secrets: readonly string[] = [];
/** Set once stderr fails: logging then stops (a failing log must never loop or crash the server). */
let logBroken = false;
process.stderr.on("error", () => {
  logBroken = true;
});
function log(line: string): void {
  if (logBroken) return;
  try {
    process.stderr.write(`netunicorn-mcp: ${scrub(line, secrets)}\n`);
  } catch {
    logBroken = true;
  }
}

function connectHint(url: string, token: string | undefined, name: string): string {
  const header = token === undefined ? "" : `, "headers": {"Authorization": "Bearer <your token>"}`;
  return [
    `MCP endpoint (Streamable HTTP): ${url}`,
    "Connect an assistant:",
    `  Claude Code:  claude mcp add --transport http ${name} ${url}${token === undefined ? "" : ' --header "Authorization: Bearer <your token>"'}`,
    `  VS Code (.vscode/mcp.json): {"servers": {"${name}": {"type": "http", "url": "${url}"${header}}}}`,
    `  Cursor (~/.cursor/mcp.json): {"mcpServers": {"${name}": {"url": "${url}"${header}}}}`,
    "  Try it: npx @modelcontextprotocol/inspector  (transport: Streamable HTTP, URL above)",
  ].join("\n");
}

/** Where the HTTP server listens and whom it answers (behind a reverse proxy: its public names). */
const listening = (config: CliConfig) => ({ port: config.port, host: config.host, allowedHosts: config.allowedHosts, allowedOrigins: config.allowedOrigins });

/** `name`: the server's name in the assistant's configuration (as mcp/README.md names it). */
function announce(url: string, mode: string, backend: string, bearer: string | undefined, readOnly: boolean, name = "netunicorn"): void {
  console.log(`netunicorn MCP server, ${mode}${readOnly ? " (start with --allow-writes to offer the tools that change things)" : ""}`);
  console.log(`Backend: ${backend}`);
  console.log(connectHint(url, bearer, name));
}

/** --user-tokens: no backend of its own; each request acts as the user whose token it carries. */
async function runTeam(config: CliConfig, endpoint: string): Promise<void> {
  const options = { readOnly: config.readOnly, tools: config.tools, excludeTools: config.excludeTools, confirmationKey: config.confirmationKey };
  const http = await serveHttp({ ...listening(config), perRequest: createTeam({ endpoint, server: options }) });
  const mode = `${config.readOnly ? "read-only" : "read-write"}, one server for a team (each request acts as the user whose netunicorn token it carries; no sessions, no shared credentials)`;
  announce(http.url, mode, `netunicorn server ${endpoint} (tokens checked with GET /api/v1/verify_token)`, "your netunicorn access token", config.readOnly);
  closeOnStop("netunicorn-mcp", () => http.close()); // SIGINT, SIGTERM, a closed terminal or a gone parent
}

async function run(config: CliConfig): Promise<void> {
  if (config.userTokens && config.remote) return runTeam(config, config.remote.endpoint);
  const backend = makeBackend(config);
  const options = serverOptions(config, backend);
  secrets = options.secrets ?? [];
  createMcpServer(backend.client, options); // fails fast on unknown tool names
  const mode = config.readOnly ? "read-only" : "read-write";
  if (config.transport === "stdio") {
    serveOverStdio({ makeServer: () => createMcpServer(backend.client, options), log });
    log(`serving on stdio, ${mode}, against the ${backend.description}`);
    return;
  }
  const http = await serveHttp({ ...listening(config), bearerToken: config.bearerToken, makeServer: () => createMcpServer(backend.client, options) });
  announce(http.url, mode, backend.description, config.bearerToken, config.readOnly, backend.sandbox ? "netunicorn-sandbox" : "netunicorn");
  closeOnStop("netunicorn-mcp", () => http.close()); // SIGINT, SIGTERM, a closed terminal or a gone parent
}

async function main(): Promise<void> {
  let config: CliConfig;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    log((error as Error).message);
    process.exit(2);
  }
  if (config.help) {
    console.log(USAGE);
    return;
  }
  secrets = [config.remote?.password, config.bearerToken].filter((s): s is string => typeof s === "string" && s !== "");
  // A failed call must never bring the server down: log and go on.
  process.on("unhandledRejection", (reason) => log(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`));
  process.on("uncaughtException", (error) => log(`uncaught exception: ${error.message}`));
  try {
    await run(config);
  } catch (error) {
    if (error instanceof PortInUseError) log(portInUseMessage(error));
    else log(NetunicornError.is(error) || error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

await main();
