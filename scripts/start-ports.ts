/**
 * `npm start`'s command line and its two ports, chosen together: the MCP server's (`--port`,
 * NETUNICORN_MCP_PORT, else the first free one from 8765) and the web console's
 * (`--console-port`, NETUNICORN_CONSOLE_PORT, else the first free one after the MCP port; any
 * free port when the MCP port is 0). A port given explicitly is used as it is, or reported busy.
 */
import { createServer } from "node:net";

export const DEFAULT_MCP_PORT = 8765;
/** How far past a busy default port the next free one is looked for. */
const SEARCH = 100;

export interface StartArgs {
  mcpPort: number | undefined;
  consolePort: number | undefined;
  console: boolean;
  /** Everything else, passed on to netunicorn-mcp. */
  rest: string[];
}

export class StartUsageError extends Error {}

function portNumber(text: string | undefined, what: string): number {
  const port = Number(text);
  if (text === undefined || text.trim() === "" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartUsageError(`${what} must be a port number from 0 to 65535, got ${JSON.stringify(text ?? "")}`);
  }
  return port;
}

/** Reads `--port N`, `--console-port N` (also `--flag=N`) and `--no-console`; the rest passes through. */
export function parseStartArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): StartArgs {
  const args: StartArgs = { mcpPort: undefined, consolePort: undefined, console: true, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (arg === "--") continue;
    else if (flag === "--port") args.mcpPort = portNumber(value(), "--port");
    else if (flag === "--console-port") args.consolePort = portNumber(value(), "--console-port");
    else if (arg === "--no-console") args.console = false;
    else args.rest.push(arg);
  }
  if (args.mcpPort === undefined && env.NETUNICORN_MCP_PORT?.trim()) args.mcpPort = portNumber(env.NETUNICORN_MCP_PORT, "NETUNICORN_MCP_PORT");
  if (args.consolePort === undefined && env.NETUNICORN_CONSOLE_PORT?.trim()) args.consolePort = portNumber(env.NETUNICORN_CONSOLE_PORT, "NETUNICORN_CONSOLE_PORT");
  return args;
}

/** Whether nothing listens on 127.0.0.1:port (0 is always free). */
export function portFree(port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** The first free port from `from` on, skipping `taken`; undefined when none is free nearby. */
async function firstFree(from: number, taken: ReadonlySet<number>): Promise<number | undefined> {
  for (let port = from; port < Math.min(from + SEARCH, 65536); port++) {
    if (!taken.has(port) && (await portFree(port))) return port;
  }
  return undefined;
}

/** Where each server goes, or why it cannot (the banner says so). */
export interface PortPlan {
  mcp: { port: number } | { problem: string };
  console: { port: number } | { problem: string };
}

export async function choosePorts(args: StartArgs): Promise<PortPlan> {
  const explicitConsole = args.consolePort;
  let mcp: PortPlan["mcp"];
  if (args.mcpPort !== undefined) {
    mcp = (await portFree(args.mcpPort)) ? { port: args.mcpPort } : { problem: `port ${args.mcpPort} is in use (choose another with --port N, or leave --port out to take the next free one)` };
  } else {
    const port = await firstFree(DEFAULT_MCP_PORT, new Set(explicitConsole === undefined ? [] : [explicitConsole]));
    mcp = port === undefined ? { problem: `no free port from ${DEFAULT_MCP_PORT} to ${DEFAULT_MCP_PORT + SEARCH - 1} (choose one with --port N)` } : { port };
  }
  if (!args.console) return { mcp, console: { problem: "not started (--no-console)" } };
  if (explicitConsole !== undefined) {
    const clash = "port" in mcp && mcp.port === explicitConsole && explicitConsole !== 0;
    const free = !clash && (await portFree(explicitConsole));
    return { mcp, console: free ? { port: explicitConsole } : { problem: `not running: port ${explicitConsole} is in use (choose another with --console-port N)` } };
  }
  const base = "port" in mcp ? mcp.port : DEFAULT_MCP_PORT;
  if (base === 0) return { mcp, console: { port: 0 } };
  const port = await firstFree(base + 1, new Set([base]));
  return { mcp, console: port === undefined ? { problem: `not running: no free port after ${base} (choose one with --console-port N)` } : { port } };
}
