/**
 * Streamable HTTP on 127.0.0.1 (Node), for clients of both protocol eras on one endpoint:
 * 2026-07-28 requests (per-request `_meta` envelope) go to the SDK's stateless handler; 2025-era
 * clients get a session each (so the server can ask their user to confirm). Idle sessions expire,
 * and a full session table evicts its least recently used idle session rather than lock newcomers
 * out. An optional bearer token, and Host/Origin checks against DNS rebinding. Or, with
 * `perRequest` (one server for a team, mcp/team.ts), no sessions at all: each request is admitted
 * by its own bearer and served alone (mcp/transport/http-per-request.ts), so any replica can serve it.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { NodeStreamableHTTPServerTransport, toNodeHandler } from "@modelcontextprotocol/node";
import { type Server, createMcpHandler, isInitializeRequest, isLegacyRequest } from "@modelcontextprotocol/server";
import { closeServer } from "../../node/serving/close-server.js";
import { hostAndOriginAllowed, LOOPBACK_HOST, loopbackHosts } from "../../node/serving/host-check.js";
import { listen, urlHost } from "../../node/serving/listen.js";
import { BodyTooLarge, drainThenClose, readBody } from "../../node/serving/request-body.js";
import { refuseMessage } from "./guard.js";
import { servePerRequest } from "./http-per-request.js";
import { SessionTable, clientKey } from "./session-table.js";
import type { Team } from "./http-per-request.js";

export interface HttpOptions {
  port: number;
  /** When set, every request must carry `Authorization: Bearer <token>` (scheme in any case). */
  bearerToken?: string | undefined;
  /** A fresh MCP server for each 2025-era session and each 2026-07-28 request (required unless `perRequest`). */
  makeServer?: () => Server;
  /** Largest accepted request body (default 4 MiB). */
  maxBodyBytes?: number;
  /** Most 2025-era sessions open at once (default 100); a new one evicts the least recently used one not serving a request. */
  maxSessions?: number;
  /** Most sessions of one client (remote address and credentials) at once (default half of maxSessions). */
  maxSessionsPerClient?: number;
  /** A session with no request for this long is closed, an open GET stream with it (default 10 minutes). */
  sessionIdleMs?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Host headers accepted besides <listening address>:<port> and localhost:<port> (a reverse proxy's public name). */
  allowedHosts?: readonly string[];
  /** Origin headers accepted besides http://<the server's own address>. */
  allowedOrigins?: readonly string[];
  /** One server for a team: each request admitted by its own bearer and served alone (no sessions; `makeServer` unused). */
  perRequest?: Team;
}

export interface RunningHttp {
  /** The MCP endpoint, e.g. http://127.0.0.1:8765/mcp. */
  url: string;
  port: number;
  close(): Promise<void>;
}

function jsonError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, code = -32000): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

function tokenMatches(header: string | undefined, token: string): boolean {
  // RFC 9110: the auth scheme is case-insensitive.
  const match = /^bearer\s+(.+)$/i.exec(header ?? "");
  const given = Buffer.from(match?.[1]?.trim() ?? "");
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * Why the request's target is ambiguous, or undefined: several Host headers (Node keeps the first
 * and drops the rest, so a proxy and this server could disagree on the host), or an absolute-form
 * target (`POST http://a/mcp`) naming another authority than Host (RFC 9112 makes the target win,
 * while the DNS-rebinding check reads Host).
 */
function ambiguousTarget(req: IncomingMessage): string | undefined {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === "host") hosts++;
  if (hosts > 1) return `${hosts} Host headers (send exactly one)`;
  const target = req.url ?? "/";
  if (target.startsWith("/")) return undefined;
  let authority: string;
  try {
    authority = new URL(target).host;
  } catch {
    return "the request target is neither a path nor an absolute URL";
  }
  if (authority.toLowerCase() !== (req.headers.host ?? "").toLowerCase()) return `the request target names ${authority} but Host is ${req.headers.host ?? "missing"}`;
  return undefined;
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await readBody(req, limit));
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

export async function serveHttp(options: HttpOptions): Promise<RunningHttp> {
  const limit = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const maxSessions = options.maxSessions ?? 100;
  const sessions = new SessionTable({
    max: maxSessions,
    perClient: options.maxSessionsPerClient ?? Math.max(1, Math.ceil(maxSessions / 2)),
    idleMs: options.sessionIdleMs ?? 10 * 60_000,
  });
  const makeServer = () => {
    if (!options.makeServer) throw new Error("serveHttp: give makeServer or perRequest");
    return options.makeServer();
  };
  const modern = createMcpHandler(makeServer, { legacy: "reject", maxRequestBodySize: limit });
  const serveModern = toNodeHandler(modern, { maxRequestBodySize: limit });
  const alone = options.perRequest && servePerRequest(options.perRequest, limit);
  let allowedHosts: string[] = [];
  let allowedOrigins: string[] = [];

  async function newSession(res: ServerResponse, req: IncomingMessage, body: unknown): Promise<void> {
    const client = clientKey(req);
    const full = sessions.makeRoom(client);
    if (full) return jsonError(res, 503, full.message, { "retry-after": String(full.retryAfterSeconds) });
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id: string): void => sessions.add(id, transport, client),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.drop(transport.sessionId);
    };
    await makeServer().connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function isModern(req: IncomingMessage, body: unknown): Promise<boolean> {
    if (req.method !== "POST" || req.headers["mcp-session-id"] !== undefined) return false;
    const probe = new Request(`http://${LOOPBACK_HOST}/mcp`, { method: "POST", headers: { "content-type": "application/json" } });
    return !(await isLegacyRequest(probe, body, { maxRequestBodySize: limit }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ambiguous = ambiguousTarget(req);
    if (ambiguous) return jsonError(res, 400, `Bad request: ${ambiguous}`);
    if (!hostAndOriginAllowed(req.headers, allowedHosts, allowedOrigins)) {
      return jsonError(res, 403, "Forbidden host or origin (see --allowed-hosts and --allowed-origins)");
    }
    if (new URL(req.url ?? "/", `http://${LOOPBACK_HOST}`).pathname !== "/mcp") return jsonError(res, 404, "Not found: the MCP endpoint is /mcp");
    // Per-user mode: the bearer is checked before the body is even read.
    const admitted = await options.perRequest?.admit(req.headers.authorization);
    if (admitted && !admitted.ok) return jsonError(res, admitted.status, admitted.message, admitted.headers);
    if (options.bearerToken !== undefined && !tokenMatches(req.headers.authorization, options.bearerToken)) {
      return jsonError(res, 401, "Missing or wrong bearer token", { "www-authenticate": "Bearer" });
    }
    const body = req.method === "POST" ? await readJson(req, limit) : undefined;
    const refused = refuseMessage(body);
    if (refused) {
      res.writeHead(refused.id === null ? 400 : 200, { "content-type": "application/json" });
      return void res.end(JSON.stringify(refused));
    }
    if (alone && admitted?.ok) return alone.serve(req, res, admitted.token, body);
    if (await isModern(req, body)) return serveModern(req, res, body);
    const sessionId = req.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (existing) {
      sessions.use(existing, req, res);
      return existing.transport.handleRequest(req, res, body);
    }
    if (sessionId !== undefined) return jsonError(res, 404, "Session not found (expired or closed): start a new session");
    if (req.method === "POST" && isInitializeRequest(body)) return newSession(res, req, body);
    return jsonError(res, 400, "Bad request: no valid session id (send initialize first, or use protocol 2026-07-28)");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Over the limit: the rest is read and dropped (so the client gets the 413 instead of a reset),
      // but past 8 × the limit it is not a mistake but a flood: cut it off.
      if (error instanceof BodyTooLarge) {
        drainThenClose(req, { maxBytes: 8 * limit });
        return jsonError(res, 413, `Request body over ${limit} bytes`);
      }
      const message = error instanceof SyntaxError ? "Parse error: the body is not JSON" : error instanceof Error ? error.message : "internal error";
      const status = error instanceof SyntaxError ? 400 : 500;
      jsonError(res, status, message, {}, error instanceof SyntaxError ? -32700 : -32000);
    });
  });
  const host = options.host ?? LOOPBACK_HOST;
  const { port } = await listen(server, options.port, host);
  const shown = urlHost(host);
  const ownHosts = [...new Set([...loopbackHosts(port), `${shown}:${port}`])];
  allowedHosts = [...ownHosts, ...(options.allowedHosts ?? [])];
  // Pages of this server's own address, and the configured origins (a proxy's public https:// one).
  allowedOrigins = [...ownHosts.map((h) => `http://${h}`), ...(options.allowedOrigins ?? [])];
  return {
    url: `http://${shown}:${port}/mcp`,
    port,
    async close() {
      await sessions.close();
      await modern.close();
      await alone?.close();
      await closeServer(server);
    },
  };
}
