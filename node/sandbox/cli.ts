/**
 * `netunicorn-sandbox`: serves the demo sandbox — a SIMULATED netunicorn server, nothing is
 * executed — on a local port, and prints its URL and the demo credentials.
 *
 *   npx netunicorn-sandbox [--port 26511] [--host 127.0.0.1] [--cors] [--preparation-ms 2000] [--execution-ms 3000]
 */
import { parseArgs } from "node:util";
import { DEFAULT_TIMING, DEMO_USERS } from "../../src/sandbox/index.js";
import { serveSandbox } from "./serve-sandbox.js";
import { PortInUseError, portInUseMessage } from "../serving/listen.js";
import { closeOnStop } from "../serving/stop-with-parent.js";

/** netunicorn's own default port: the sandbox stands in for it. */
const DEFAULT_PORT = 26511;

const USAGE = `Usage: netunicorn-sandbox [options]

Serves a SIMULATED netunicorn server (in memory; tasks are never executed) for trying the
client and the MCP server without a netunicorn installation.

Options:
  --port <n>             port to listen on (default ${DEFAULT_PORT}, netunicorn's; 0 picks a free one)
  --host <address>       interface to listen on (default 127.0.0.1)
  --cors                 let browser pages from any origin call it (CORS headers; off by default)
  --preparation-ms <n>   simulated preparation time (default ${DEFAULT_TIMING.preparationMs})
  --execution-ms <n>     simulated execution time (default ${DEFAULT_TIMING.executionMs})
  -h, --help             show this help
`;

function number(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`netunicorn-sandbox: ${name} must be a whole number ≥ 0, got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        cors: { type: "boolean" },
        "preparation-ms": { type: "string" },
        "execution-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`netunicorn-sandbox: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  const port = number(values.port, DEFAULT_PORT, "--port");
  const cors = values.cors === true;
  let served;
  try {
    served = await serveSandbox({
      hostname: values.host ?? "127.0.0.1",
      port,
      cors,
      timing: { preparationMs: number(values["preparation-ms"], DEFAULT_TIMING.preparationMs, "--preparation-ms"), executionMs: number(values["execution-ms"], DEFAULT_TIMING.executionMs, "--execution-ms") },
    });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    const whose = port === DEFAULT_PORT ? " (netunicorn's own default port: is a netunicorn server or another sandbox running?)" : "";
    process.stderr.write(`netunicorn-sandbox: ${portInUseMessage(error, whose)}\n`);
    process.exit(1);
  }
  const users = Object.entries(DEMO_USERS)
    .map(([login, user]) => `  ${login} / ${user.password}${user.sudo === true ? " (sudo)" : ""}`)
    .join("\n");
  process.stdout.write(
    `netunicorn sandbox listening on ${served.url}\n` +
      `This is a SIMULATION: experiments go through the real lifecycle, but no task is executed.\n` +
      `CORS: ${cors ? "on (pages from any origin may call it)" : "off (browser pages on another origin are refused: restart with --cors)"}\n` +
      `Demo users:\n${users}\n` +
      `Try: curl -s -X POST ${served.url}/api/v1/token -d 'username=demo&password=demo-password'\n`,
  );
  // Ctrl-C, `kill`, a gone parent (`kill <pid of npx>`) or a closed terminal stop it.
  closeOnStop("netunicorn-sandbox", () => served.close());
}

main().catch((error: unknown) => {
  process.stderr.write(`netunicorn-sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
