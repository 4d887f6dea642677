/**
 * The console's HTTP server (Node): the static single-page app plus a same-origin forward of
 * `/api/v1/…` to one netunicorn endpoint (or an in-process sandbox), so the page needs no CORS.
 * Loopback only, with the MCP server's Host/Origin checks against DNS rebinding.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hostAndOriginAllowed, LOOPBACK_HOST, loopbackHosts } from "../../mcp/host-check.js";
import { createSandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { BodyTooLarge, forward, FORWARDED_METHODS, type UpstreamFetch } from "./forward.js";
import { findConsoleDir, loadStaticFiles, type StaticFile } from "./static-files.js";
import { API_PREFIX, parseEndpoint, refuseTarget, upstreamUrl } from "./target.js";

export interface ConsoleOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** A real netunicorn server; when absent, an in-process sandbox answers. */
  endpoint?: string | undefined;
  /** Options of the in-process sandbox (timings, users...). */
  sandbox?: SandboxOptions;
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

function plain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "application/json" }).end(JSON.stringify({ detail: `netunicorn console: ${text}` }));
}

function upstreamOf(options: ConsoleOptions): { fetch: UpstreamFetch; endpoint: URL; label: string; sandbox: boolean } {
  if (options.endpoint !== undefined && options.endpoint.trim() !== "") {
    const endpoint = parseEndpoint(options.endpoint.trim());
    return { fetch: options.fetch ?? ((request) => fetch(request)), endpoint, label: endpoint.href, sandbox: false };
  }
  const sandbox = createSandbox(options.sandbox ?? {});
  return { fetch: (request) => sandbox.fetch(request), endpoint: new URL("http://sandbox.invalid/"), label: "in-process sandbox", sandbox: true };
}

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
    const file: StaticFile | undefined = files.get(target.split("?")[0] ?? "");
    if (file === undefined) return plain(res, 404, "not found");
    res.writeHead(200, { ...SECURITY_HEADERS, "content-type": file.type, "content-length": String(file.body.byteLength), "cache-control": "no-cache" });
    res.end(method === "HEAD" ? undefined : file.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) return plain(res, 413, error.message);
      const timeout = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      plain(res, timeout ? 504 : 502, `${upstream.label} could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  // CONNECT and upgrades are never tunnelled anywhere.
  server.on("connect", (_req, socket) => socket.end("HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"));
  server.on("upgrade", (_req, socket) => socket.end("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = loopbackHosts(port);
  return {
    url: `http://${LOOPBACK_HOST}:${port}/`,
    port,
    upstream: upstream.label,
    sandbox: upstream.sandbox,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
