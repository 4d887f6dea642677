#!/usr/bin/env node
/**
 * `netunicorn-mcp`: the MCP server over stdio (default) or Streamable HTTP on 127.0.0.1.
 * Logs go to stderr (stdout belongs to the stdio protocol); secrets never appear in them.
 */
import { NetunicornError } from "../src/errors.js";
import { scrub } from "./answer.js";
import { makeBackend, serverOptions } from "./backend.js";
import { type CliConfig, USAGE, parseConfig } from "./config.js";
import { serveHttp } from "./http.js";
import { createMcpServer } from "./server.js";
import { serveOverStdio } from "./stdio.js";

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

function connectHint(url: string, token: string | undefined): string {
  const header = token === undefined ? "" : `, "headers": {"Authorization": "Bearer <your token>"}`;
  return [
    `MCP endpoint (Streamable HTTP): ${url}`,
    "Connect an assistant:",
    `  Claude Code:  claude mcp add --transport http netunicorn ${url}`,
    `  VS Code (.vscode/mcp.json): {"servers": {"netunicorn": {"type": "http", "url": "${url}"${header}}}}`,
    `  Cursor (~/.cursor/mcp.json): {"mcpServers": {"netunicorn": {"url": "${url}"${header}}}}`,
    "  Try it: npx @modelcontextprotocol/inspector  (transport: Streamable HTTP, URL above)",
  ].join("\n");
}

async function run(config: CliConfig): Promise<void> {
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
  const http = await serveHttp({ port: config.port, bearerToken: config.bearerToken, makeServer: () => createMcpServer(backend.client, options) });
  console.log(`netunicorn MCP server, ${mode}${config.readOnly ? " (start with --allow-writes to offer the tools that change things)" : ""}`);
  console.log(`Backend: ${backend.description}`);
  console.log(connectHint(http.url, config.bearerToken));
  const stop = () => void http.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
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
    log(NetunicornError.is(error) || error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

await main();
