/**
 * `netunicorn-console`: serves the netunicorn console (a single-page web app) on 127.0.0.1 and
 * forwards its `/api/v1/…` requests to NETUNICORN_ENDPOINT, or to an in-process sandbox when unset.
 *
 *   npx netunicorn-console [--port 8766]
 */
import { parseArgs } from "node:util";
import { DEMO_USERS } from "../../src/sandbox/index.js";
import { PortInUseError, portInUseMessage } from "../../node/serving/listen.js";
import { closeOnStop } from "../../node/serving/stop-with-parent.js";
import { serveConsole } from "./serve-console.js";

const USAGE = `Usage: netunicorn-console [options]

Serves the netunicorn console on http://127.0.0.1:<port>/: log in, browse nodes and experiments,
read decoded results, set flags, launch small experiments. Its /api/v1/… requests go to
NETUNICORN_ENDPOINT (e.g. https://netunicorn.example.org), or, when that is unset, to an
in-process SIMULATED netunicorn (the sandbox, with demo users).

Options:
  --port <n>    port to listen on (default 8766; 0 picks a free one)
  -h, --help    show this help
`;

function fail(message: string, code: number): never {
  process.stderr.write(`netunicorn-console: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let values: { port?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ options: { port: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`, 2);
  }
  if (values.help === true) return void process.stdout.write(USAGE);
  const port = Number(values.port ?? process.env.NETUNICORN_CONSOLE_PORT ?? 8766);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, got ${JSON.stringify(values.port)}`, 2);
  const running = await serveConsole({ port, endpoint: process.env.NETUNICORN_ENDPOINT }).catch((error: unknown) => {
    if (!(error instanceof PortInUseError)) throw error;
    fail(portInUseMessage(error), 1);
  });
  const users = running.sandbox ? `Demo users (simulation): ${Object.entries(DEMO_USERS).map(([login, user]) => `${login} / ${user.password}`).join(", ")}\n` : "";
  process.stdout.write(`netunicorn console: ${running.url}\nForwarding /api/v1/… to ${running.upstream}\n${users}`);
  // Ctrl-C, `kill`, a gone parent (`kill <pid of npx>`) or a closed terminal stop it.
  closeOnStop("netunicorn-console", () => running.close());
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));
