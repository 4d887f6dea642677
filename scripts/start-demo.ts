/**
 * What `npm start` runs (through scripts/start.mjs, which loads tsx first): the MCP server over
 * Streamable HTTP and the web console, IN THIS ONE PROCESS, in front of ONE backend. Without
 * NETUNICORN_ENDPOINT that is one in-process sandbox, so what an assistant does through MCP shows
 * in the console. With NETUNICORN_ENDPOINT both use that server; when it is a `netunicorn-sandbox`
 * (it says so in a header) the MCP server logs in as its demo user and may write, as with the
 * in-process one. The banner says where each server is, or why it is not running.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type RunningConsole, serveConsole } from "../console/server/serve-console.js";
import { demoSandbox, shareSandbox } from "../mcp/backend.js";
import { isSandboxEndpoint } from "../node/serving/sandbox-probe.js";
import { PortInUseError } from "../node/serving/listen.js";
import { closeOnStop } from "../node/serving/stop-with-parent.js";
import { DEMO_USERS, type Sandbox } from "../src/sandbox/index.js";
import { choosePorts, parseStartArgs, type PortPlan, StartUsageError } from "./start-ports.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const truthy = (value: string | undefined): boolean => /^(1|true|yes|on)$/i.test(value?.trim() ?? "");
const demoUsers = (): string => Object.entries(DEMO_USERS).map(([login, user]) => `${login} / ${user.password}`).join(", ");

/** The backend both servers use: the in-process sandbox, or NETUNICORN_ENDPOINT (maybe a served sandbox). */
interface Backend {
  endpoint: string | undefined;
  sandbox: Sandbox | undefined;
  /** True when it is a simulation (in-process, or an endpoint that says it is a sandbox). */
  simulation: boolean;
}

const START_USAGE = `npm start [-- options]: the MCP server (Streamable HTTP) and the web console, one backend behind both
(the in-process sandbox, or NETUNICORN_ENDPOINT).

  --port N           the MCP server's port (NETUNICORN_MCP_PORT; default 8765, or the next free one; 0: any)
  --console-port N   the console's port (NETUNICORN_CONSOLE_PORT; default the next free one after the MCP port)
  --no-console       the MCP server only
Any other option goes to netunicorn-mcp:
`;

async function chooseBackend(): Promise<Backend> {
  const endpoint = process.env.NETUNICORN_ENDPOINT?.trim() || undefined;
  if (endpoint === undefined) return { endpoint, sandbox: demoSandbox(truthy(process.env.NETUNICORN_SANDBOX_FAST)), simulation: true };
  return { endpoint, sandbox: undefined, simulation: (await isSandboxEndpoint(endpoint)) === true };
}

/** The console on its planned port, or the reason it is not running. */
async function startConsole(plan: PortPlan["console"], backend: Backend): Promise<RunningConsole | string> {
  if ("problem" in plan) return plan.problem;
  if (!existsSync(join(root, "dist", "console", "index.html"))) return "not running: the page is not built yet (run npm run build, then npm start again)";
  try {
    return await serveConsole({ port: plan.port, endpoint: backend.endpoint, ...(backend.sandbox ? { useSandbox: backend.sandbox } : {}) });
  } catch (error) {
    return error instanceof PortInUseError ? `not running: port ${plan.port} is in use (choose another with --console-port N)` : `not running: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function consoleBanner(running: RunningConsole | string, backend: Backend): string {
  if (typeof running === "string") return `Web console: ${running}`;
  const same = backend.sandbox ? "the same sandbox as the MCP server: what an assistant does shows here" : `the same server as the MCP server, ${backend.endpoint}`;
  const users = backend.simulation ? `\n  Demo users (simulation): ${demoUsers()}` : "";
  return `Web console: ${running.url} (${same})${users}`;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseStartArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof StartUsageError)) throw error;
    process.stderr.write(`npm start: ${error.message}\n`);
    process.exit(2);
  }
  const main = join(root, "mcp", "main.ts");
  if (args.rest.includes("--help") || args.rest.includes("-h")) {
    console.log(START_USAGE);
    process.argv = [process.argv[0]!, main, "--help"];
    await import(pathToFileURL(main).href); // netunicorn-mcp's own usage: its other options pass through
    return;
  }
  const plan = await choosePorts(args);
  if ("problem" in plan.mcp) {
    process.stderr.write(`netunicorn MCP server: ${plan.mcp.problem}\n`);
    process.exit(1);
  }
  const backend = await chooseBackend();
  if (backend.sandbox) shareSandbox(backend.sandbox);
  if (backend.endpoint !== undefined && backend.simulation) {
    // A netunicorn-sandbox: its demo user, as the in-process sandbox has.
    process.env.NETUNICORN_LOGIN ??= "demo";
    process.env.NETUNICORN_PASSWORD ??= DEMO_USERS["demo"]?.password;
  }
  // Against a simulation the tools that change things are offered (nothing real can be harmed);
  // against a real server the HTTP server stays read-only unless NETUNICORN_MCP_ALLOW_WRITES=1.
  const allowWrites = backend.simulation || truthy(process.env.NETUNICORN_MCP_ALLOW_WRITES);
  const mcpArgs = ["--http", "--port", String(plan.mcp.port), ...(allowWrites && !args.rest.includes("--read-only") ? ["--allow-writes"] : []), ...args.rest];

  const running = await startConsole(plan.console, backend);
  // Ctrl-C, `kill`, a closed terminal or a gone parent (`kill <pid of npm start>`: npm's shell may
  // not pass the signal on) stop both servers: they live and die with this process.
  closeOnStop("npm start", async () => undefined);

  process.argv = [process.argv[0]!, main, ...mcpArgs];
  await import(pathToFileURL(main).href); // resolves once the MCP server listens and printed its banner
  if (backend.endpoint !== undefined && backend.simulation) console.log(`(${backend.endpoint} is a netunicorn-sandbox: a SIMULATION; the MCP server acts as its demo user)`);
  console.log(consoleBanner(running, backend));
}

await main();
