/** Command line and environment of the `netunicorn-mcp` command, parsed into one plain object. */
import { UsageError } from "../src/errors.js";

type ConnectorContext = Record<string, Record<string, string>>;

export interface CliConfig {
  transport: "stdio" | "http";
  port: number;
  bearerToken: string | undefined;
  readOnly: boolean;
  tools: string[];
  excludeTools: string[];
  help: boolean;
  /** Connection to a real server; undefined = the in-process sandbox. */
  remote: { endpoint: string; login: string | undefined; password: string | undefined; authenticationContext: ConnectorContext | undefined } | undefined;
  /** Short sandbox timings (NETUNICORN_SANDBOX_FAST=1), for demos and tests. */
  fastSandbox: boolean;
  /** HTTP, one server for a team: each request's bearer is its user's netunicorn token (mcp/team.ts). */
  userTokens: boolean;
  /** Interface the HTTP server listens on (default 127.0.0.1). */
  host: string;
  /** Host headers accepted besides the listening address's (a reverse proxy's public name). */
  allowedHosts: string[];
  /** Origin headers accepted besides http://<an accepted host> (e.g. https://mcp.example.org). */
  allowedOrigins: string[];
  /** HMAC key sealing the questions asked for confirmation (NETUNICORN_MCP_CONFIRMATION_KEY; replicas share it). */
  confirmationKey: string | undefined;
}

export const DEFAULT_HTTP_PORT = 8765;

export const USAGE = `netunicorn-mcp: netunicorn's operations as MCP tools for AI assistants.

Usage: netunicorn-mcp [--http [--port N] [--bearer-token T | --user-tokens] [--allow-writes]
                       [--host ADDR] [--allowed-hosts h,h] [--allowed-origins o,o]]
                      [--read-only] [--tools a,b] [--exclude-tools c,d]

Transports: stdio (default, what assistants spawn), or Streamable HTTP on 127.0.0.1:N/mcp
(--http; read-only unless --allow-writes; --bearer-token or NETUNICORN_MCP_BEARER_TOKEN
requires "Authorization: Bearer <token>").

One server for a team (--user-tokens or NETUNICORN_MCP_USER_TOKENS=1, with --http and
NETUNICORN_ENDPOINT): each client sends its own netunicorn access token as its bearer; it is
checked with netunicorn and used for that request only. No NETUNICORN_LOGIN/PASSWORD allowed.
Behind a reverse proxy: --host (NETUNICORN_MCP_HOST), --allowed-hosts (NETUNICORN_MCP_ALLOWED_HOSTS),
--allowed-origins (NETUNICORN_MCP_ALLOWED_ORIGINS). Replicas that may serve one client's two
rounds of a confirmation share NETUNICORN_MCP_CONFIRMATION_KEY (32 characters or more).

Environment:
  NETUNICORN_ENDPOINT                 netunicorn server URL (none: in-process sandbox with a demo pool)
  NETUNICORN_LOGIN, NETUNICORN_PASSWORD
  NETUNICORN_AUTHENTICATION_CONTEXT   JSON {"connector": {"key": "value"}}
  NETUNICORN_MCP_READ_ONLY=1          offer only the tools that change nothing
  NETUNICORN_SANDBOX_FAST=1           sandbox lifecycle in fractions of a second`;

const truthy = (value: string | undefined) => value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
const list = (value: string) => value.split(",").map((s) => s.trim()).filter((s) => s !== "");

function parseContext(text: string | undefined): ConnectorContext | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed === null) return undefined;
    if (typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    return parsed as ConnectorContext;
  } catch (error) {
    throw new UsageError(`NETUNICORN_AUTHENTICATION_CONTEXT must be JSON like {"connector": {"key": "value"}} (${(error as Error).message})`);
  }
}

function take(argv: string[], index: number, flag: string): string {
  const value = argv[index + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
  return value;
}

export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliConfig {
  const args = [...argv];
  let http = false;
  let allowWrites = false;
  let readOnly = truthy(env.NETUNICORN_MCP_READ_ONLY);
  let port = DEFAULT_HTTP_PORT;
  let bearerToken = env.NETUNICORN_MCP_BEARER_TOKEN || env.NETUNICORN_MCP_TOKEN || undefined;
  let tools: string[] = [];
  let excludeTools: string[] = [];
  let help = false;
  let userTokens = truthy(env.NETUNICORN_MCP_USER_TOKENS);
  let host = env.NETUNICORN_MCP_HOST?.trim() || "127.0.0.1";
  let allowedHosts = list(env.NETUNICORN_MCP_ALLOWED_HOSTS ?? "");
  let allowedOrigins = list(env.NETUNICORN_MCP_ALLOWED_ORIGINS ?? "");
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? take(args, i++, flag);
    if (flag === "--http") http = true;
    else if (flag === "--stdio") http = false;
    else if (flag === "--allow-writes") allowWrites = true;
    else if (flag === "--read-only") readOnly = true;
    else if (flag === "--port") port = Number(value());
    else if (flag === "--bearer-token") bearerToken = value();
    else if (flag === "--tools") tools = list(value());
    else if (flag === "--exclude-tools") excludeTools = list(value());
    else if (flag === "--user-tokens") userTokens = true;
    else if (flag === "--host") host = value();
    else if (flag === "--allowed-hosts") allowedHosts = list(value());
    else if (flag === "--allowed-origins") allowedOrigins = list(value());
    else if (flag === "--help" || flag === "-h") help = true;
    else throw new UsageError(`unknown argument ${JSON.stringify(flag)}\n\n${USAGE}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port must be an integer from 0 to 65535");
  const endpoint = env.NETUNICORN_ENDPOINT?.trim() || undefined;
  const remote = endpoint === undefined
    ? undefined
    : {
        endpoint,
        login: env.NETUNICORN_LOGIN || undefined,
        password: env.NETUNICORN_PASSWORD || undefined,
        authenticationContext: parseContext(env.NETUNICORN_AUTHENTICATION_CONTEXT),
      };
  checkHttpExposure({ http, userTokens, bearerToken, host, allowedOrigins }, env);
  const confirmationKey = env.NETUNICORN_MCP_CONFIRMATION_KEY || undefined;
  if (confirmationKey !== undefined && new TextEncoder().encode(confirmationKey).length < 32) {
    throw new UsageError("NETUNICORN_MCP_CONFIRMATION_KEY must be at least 32 bytes (it keys an HMAC-SHA256)");
  }
  return {
    transport: http ? "http" : "stdio",
    port,
    bearerToken,
    // Over HTTP anyone reaching the port could act: writes need an explicit --allow-writes.
    readOnly: readOnly || (http && !allowWrites),
    tools,
    excludeTools,
    help,
    remote,
    fastSandbox: truthy(env.NETUNICORN_SANDBOX_FAST),
    userTokens,
    host,
    allowedHosts,
    allowedOrigins,
    confirmationKey,
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

/**
 * Per-user mode holds no shared identity, and a server reachable beyond this machine needs some
 * authentication: the combinations that would break either are refused, saying why.
 */
function checkHttpExposure(
  options: { http: boolean; userTokens: boolean; bearerToken: string | undefined; host: string; allowedOrigins: string[] },
  env: Readonly<Record<string, string | undefined>>,
): void {
  const { http, userTokens, bearerToken, host } = options;
  if (userTokens) {
    if (!http) throw new UsageError("--user-tokens needs --http (over stdio the one user is whoever started the server)");
    if (!env.NETUNICORN_ENDPOINT?.trim()) throw new UsageError("--user-tokens needs NETUNICORN_ENDPOINT: the netunicorn server that checks and accepts the users' tokens");
    const shared = ["NETUNICORN_LOGIN", "NETUNICORN_PASSWORD", "NETUNICORN_AUTHENTICATION_CONTEXT"].filter((name) => env[name]?.trim());
    if (shared.length > 0) {
      throw new UsageError(`--user-tokens: each user brings their own netunicorn token, so the server holds no shared credentials; unset ${shared.join(", ")}`);
    }
    if (/^[a-z][\w+.-]*:\/\/[^/@]*@/i.test(env.NETUNICORN_ENDPOINT.trim())) throw new UsageError("--user-tokens: NETUNICORN_ENDPOINT must not carry credentials (user:password@)");
    if (bearerToken !== undefined) throw new UsageError("--user-tokens and --bearer-token (NETUNICORN_MCP_BEARER_TOKEN) exclude each other: with --user-tokens the bearer is each user's netunicorn token");
  }
  for (const origin of options.allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/i.test(origin)) throw new UsageError(`--allowed-origins: ${JSON.stringify(origin)} is not an origin like https://mcp.example.org (scheme and host, no path)`);
  }
  if (http && !LOOPBACK.test(host) && !userTokens && bearerToken === undefined) {
    throw new UsageError(`--host ${host}: a server reachable from other machines needs --user-tokens or --bearer-token`);
  }
}
