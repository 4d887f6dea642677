/** The BaseClient behind the MCP server: a RemoteClient to a real server, or to the in-process sandbox. */
import type { BaseClient } from "../src/base-client.js";
import { RemoteClient } from "../src/client/index.js";
import { createSandbox, DEMO_USERS, type Sandbox } from "../src/sandbox/index.js";
import type { CliConfig } from "./config.js";
import type { McpServerOptions } from "./server.js";

export interface Backend {
  client: BaseClient;
  sandbox: boolean;
  /** What the server must never show (password). */
  secrets: string[];
  /** One line for the operator's console. */
  description: string;
}

/** The sandbox's demo user (its credentials are public: they are printed by the sandbox too). */
const SANDBOX_LOGIN = { login: "demo", password: DEMO_USERS["demo"]?.password ?? "" };

/**
 * Short lifecycle timings (NETUNICORN_SANDBOX_FAST=1): an experiment finishes in about a second,
 * and its status row exists as soon as prepare answers (no simulated not-found window).
 */
const FAST_TIMING = { preparationMs: 150, executionMs: 300, executorsStartMs: 50, cancelMs: 50, rowDelayMs: 0 };

/** The sandbox of `netunicorn-mcp` without NETUNICORN_ENDPOINT: demo pool, default or fast timings. */
export function demoSandbox(fast: boolean): Sandbox {
  return createSandbox(fast ? { timing: FAST_TIMING } : {});
}

/** Set by `npm start` before the server starts: the sandbox it shares with the web console. */
let sharedSandbox: Sandbox | undefined;

/** `npm start`: the MCP server answers from `sandbox` (the console's), not from a sandbox of its own. */
export function shareSandbox(sandbox: Sandbox): void {
  sharedSandbox = sandbox;
}

export function makeBackend(config: CliConfig): Backend {
  if (config.remote) {
    const { endpoint, login, password, authenticationContext } = config.remote;
    const client = new RemoteClient({ endpoint, login: login ?? "", password: password ?? "", ...(authenticationContext ? { authenticationContext } : {}) });
    // Connector credentials may sit in the authentication context: its values are secrets too.
    // (Only values of 8+ characters: token-like, while short ones such as a region stay readable.)
    const contextValues = Object.values(authenticationContext ?? {})
      .flatMap((entries) => Object.values(entries ?? {}))
      .filter((value): value is string => typeof value === "string" && value.length >= 8);
    const secrets = [...(password ? [password] : []), ...contextValues];
    return { client, sandbox: false, secrets, description: `netunicorn server ${withoutUserInfo(endpoint)} as ${login ?? "(no login)"}` };
  }
  const sandbox = sharedSandbox ?? demoSandbox(config.fastSandbox);
  const client = new RemoteClient({ endpoint: "http://sandbox.invalid", ...SANDBOX_LOGIN, fetch: (input, init) => sandbox.fetch(new Request(input, init)) });
  const timing = config.fastSandbox ? "fast timings" : "default timings";
  const shared = sharedSandbox === undefined ? "" : ", shared with the web console";
  return { client, sandbox: true, secrets: [], description: `in-process sandbox (simulated netunicorn, demo node pool, ${timing}${shared})` };
}

/** The server options a CLI config asks for; the bearer token is scrubbed like the backend's secrets. */
export function serverOptions(config: CliConfig, backend: Backend): McpServerOptions {
  return {
    readOnly: config.readOnly,
    tools: config.tools,
    excludeTools: config.excludeTools,
    sandbox: backend.sandbox,
    secrets: [...backend.secrets, ...(config.bearerToken ? [config.bearerToken] : [])],
    confirmationKey: config.confirmationKey,
  };
}

/** The endpoint as shown in logs: credentials written into the URL (user:pass@) are hidden. */
function withoutUserInfo(endpoint: string): string {
  return endpoint.replace(/^([a-z][\w+.-]*:\/\/)[^/@]*@/i, "$1[redacted]@");
}
