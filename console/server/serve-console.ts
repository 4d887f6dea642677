/**
 * The console's HTTP server (Node): the static single-page app plus a same-origin forward of
 * `/api/v1/…` to one netunicorn endpoint (or an in-process sandbox), so the page needs no CORS.
 * Loopback only, with the MCP server's Host/Origin checks against DNS rebinding.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer } from "../../node/serving/close-server.js";
import { hostAndOriginAllowed, LOOPBACK_HOST, loopbackHosts } from "../../node/serving/host-check.js";
import { listen } from "../../node/serving/listen.js";
import { BodyTooLarge, drainThenClose } from "../../node/serving/request-body.js";
import { isSandboxEndpoint } from "../../node/serving/sandbox-probe.js";
import { createSandbox, DEMO_USERS, type Sandbox, type SandboxOptions, type SandboxUser } from "../../src/sandbox/index.js";
import { forward, FORWARDED_METHODS, type UpstreamFetch } from "./forward.js";
import { findConsoleDir, loadStaticFiles, type StaticFile } from "./static-files.js";
import { API_PREFIX, parseEndpoint, refuseTarget, upstreamUrl } from "./target.js";

export interface ConsoleOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** A real netunicorn server; when absent, an in-process sandbox answers. */
  endpoint?: string | undefined;
  /** Options of the in-process sandbox (timings, users...). */
  sandbox?: SandboxOptions;
  /** An existing in-process sandbox to answer instead (npm start: the one the MCP server uses). */
  useSandbox?: Sandbox;
  /** The built console's folder (default: found next to this module, see findConsoleDir). */
  staticDir?: string;
  /** Largest forwarded request body (default 32 MiB: prepared experiments carry pickles). */
  maxBodyBytes?: number;
  /** Time allowed for each forwarded request (default 60 s). */
  timeoutMs?: number;
  /** Replaces the fetch used for a real endpoint (tests). */
  fetch?: UpstreamFetch;
}

export interface RunningConsole {
  /** The page, e.g. http://127.0.0.1:8766/ */
  url: string;
  port: number;
  /** What the forward reaches, for the operator: the endpoint or "in-process sandbox". */
  upstream: string;
  /** True when the in-process sandbox answers. */
  sandbox: boolean;
  close(): Promise<void>;
}

/** Headers of every answer: the page may load only its own files and talk only to its origin. */
const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, "content-type": "application/json" }).end(JSON.stringify({ detail: `netunicorn console: ${text}` }));
}

interface Upstream {
  fetch: UpstreamFetch;
  endpoint: URL;
  label: string;
  /** True for the in-process sandbox; for an endpoint, asked of it (a served sandbox says so). */
  simulation: () => Promise<boolean>;
  /** The sandbox's users, shown on the login page of a simulation. */
  users: Record<string, SandboxUser>;
}

function upstreamOf(options: ConsoleOptions): Upstream {
  if (options.endpoint !== undefined && options.endpoint.trim() !== "") {
    const endpoint = parseEndpoint(options.endpoint.trim());
    const upstreamFetch = options.fetch ?? ((request: Request) => fetch(request));
    // Asked once it answers (a server that is down is asked again on the next page load).
    let known: boolean | undefined;
    const simulation = async (): Promise<boolean> => (known ??= await isSandboxEndpoint(endpoint.href, upstreamFetch)) ?? false;
    return { fetch: upstreamFetch, endpoint, label: endpoint.href, simulation, users: DEMO_USERS };
  }
  const sandbox = options.useSandbox ?? createSandbox(options.sandbox ?? {});
  return { fetch: (request) => sandbox.fetch(request), endpoint: new URL("http://sandbox.invalid/"), label: "in-process sandbox", simulation: async () => true, users: options.sandbox?.users ?? DEMO_USERS };
}

/** Where the page learns what it talks to (the console server's own answer, never forwarded). */
export const INFO_PATH = "/console-info.json";

/** What the page shows before login: a simulation banner and the demo users, for a sandbox only. */
async function info(upstream: Upstream): Promise<{ simulation: boolean; demoUsers: { login: string; password: string; sudo: boolean }[] }> {
  const simulation = await upstream.simulation();
  const demoUsers = simulation ? Object.entries(upstream.users).map(([login, user]) => ({ login, password: user.password, sudo: user.sudo === true })) : [];
  return { simulation, demoUsers };
}

/** Serves the console on 127.0.0.1; resolves once it listens (PortInUseError when the port is taken). */
export async function serveConsole(options: ConsoleOptions = {}): Promise<RunningConsole> {
  const files = loadStaticFiles(options.staticDir ?? findConsoleDir());
  const upstream = upstreamOf(options);
  const forwardOptions = { upstream: upstream.fetch, maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024, timeoutMs: options.timeoutMs ?? 60_000 };
  let allowedHosts: string[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAndOriginAllowed(req.headers, allowedHosts)) return plain(res, 403, "forbidden host or origin (this server only answers 127.0.0.1 / localhost)");
    const target = req.url ?? "";
    const method = (req.method ?? "GET").toUpperCase();
    if (target.startsWith(API_PREFIX)) {
      if (!FORWARDED_METHODS.has(method)) return plain(res, 405, `method ${method} is not forwarded`);
      const url = upstreamUrl(target, upstream.endpoint);
      if (url === null) return plain(res, 400, refuseTarget(target) ?? "the target is not forwarded");
      return forward(req, res, url, forwardOptions);
    }
    if (method !== "GET" && method !== "HEAD") return plain(res, 405, `method ${method} is not allowed here`);
    if (target === INFO_PATH) {
      const body = JSON.stringify(await info(upstream));
      return void res.writeHead(200, { ...SECURITY_HEADERS, "content-type": "application/json", "cache-control": "no-store" }).end(method === "HEAD" ? undefined : body);
    }
    const file: StaticFile | undefined = files.get(target.split("?")[0] ?? "");
    if (file === undefined) return plain(res, 404, "not found");
    res.writeHead(200, { ...SECURITY_HEADERS, "content-type": file.type, "content-length": String(file.body.byteLength), "cache-control": "no-cache" });
    res.end(method === "HEAD" ? undefined : file.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The rest of an over-limit body is read and dropped, so the client can read this 413.
      if (error instanceof BodyTooLarge) {
        drainThenClose(req);
        return plain(res, 413, `the request body is larger than this console accepts (${error.limit} bytes)`);
      }
      const timeout = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      plain(res, timeout ? 504 : 502, `${upstream.label} could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  // CONNECT and upgrades are never tunnelled anywhere.
  server.on("connect", (_req, socket) => socket.end("HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"));
  server.on("upgrade", (_req, socket) => socket.end("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"));
  const { port } = await listen(server, options.port ?? 0, LOOPBACK_HOST);
  allowedHosts = loopbackHosts(port);
  return {
    url: `http://${LOOPBACK_HOST}:${port}/`,
    port,
    upstream: upstream.label,
    sandbox: options.endpoint === undefined || options.endpoint.trim() === "",
    close: () => closeServer(server),
  };
}
