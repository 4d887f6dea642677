/**
 * Streamable HTTP on 127.0.0.1 (Node): one MCP server and transport per session, an optional
 * bearer token, and Host/Origin checks against DNS rebinding. Or, with `perRequest` (one server
 * for a team, mcp/team.ts), no sessions at all: each request is admitted by its own bearer and
 * served alone (mcp/http-per-request.ts), so that any replica can serve any request.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import { type Server, isInitializeRequest } from "@modelcontextprotocol/server";
import { type PerRequestServing, servePerRequest } from "./http-per-request.js";
import type { Team } from "./team.js";

export interface HttpOptions {
  port: number;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  bearerToken?: string | undefined;
  /** A fresh MCP server for each session (required unless `perRequest`). */
  makeServer?: () => Server;
  /** Largest accepted request body (default 4 MiB). */
  maxBodyBytes?: number;
  /** Most sessions open at once (default 100); more get 503 until one closes. */
  maxSessions?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Host headers accepted besides <listening address>:<port> and localhost:<port> (a reverse proxy's public name). */
  allowedHosts?: readonly string[];
  /** Origin headers accepted besides http://<an accepted host>. */
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

const HOST = "127.0.0.1";

function jsonError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7).trim() : "");
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

class BodyTooLarge extends Error {}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Over the limit: keep reading (so the client gets the 413 instead of a reset) but keep nothing.
    if (size <= limit) chunks.push(chunk as Buffer);
    else if (size > 8 * limit) req.destroy(); // not a mistake but a flood: cut it off
  }
  if (size > limit) throw new BodyTooLarge(`Request body over ${limit} bytes`);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

export async function serveHttp(options: HttpOptions): Promise<RunningHttp> {
  const sessions = new Map<string, NodeStreamableHTTPServerTransport>();
  const limit = options.maxBodyBytes ?? 4 * 1024 * 1024;
  let allowedHosts: string[] = [];
  let allowedOrigins: string[] = [];

  async function newSession(res: ServerResponse, req: IncomingMessage, body: unknown): Promise<void> {
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    if (!options.makeServer) throw new Error("serveHttp: give makeServer or perRequest");
    await options.makeServer().connect(transport);
    await transport.handleRequest(req, res, body);
  }

  const alone: PerRequestServing | undefined = options.perRequest && servePerRequest(options.perRequest, limit);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    const originOk = origin === undefined || allowedOrigins.includes(origin);
    if (!allowedHosts.includes(req.headers.host ?? "") || !originOk) {
      return jsonError(res, 403, "Forbidden host or origin (see --allowed-hosts and --allowed-origins)");
    }
    if (new URL(req.url ?? "/", `http://${HOST}`).pathname !== "/mcp") return jsonError(res, 404, "Not found: the MCP endpoint is /mcp");
    if (options.perRequest && alone) {
      const admitted = await options.perRequest.admit(req.headers.authorization);
      if (!admitted.ok) return jsonError(res, admitted.status, admitted.message, admitted.headers);
      return alone.serve(req, res, admitted.token);
    }
    if (options.bearerToken !== undefined && !tokenMatches(req.headers.authorization, options.bearerToken)) {
      return jsonError(res, 401, "Missing or wrong bearer token", { "www-authenticate": "Bearer" });
    }
    const sessionId = req.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    const body = req.method === "POST" ? await readJson(req, limit) : undefined;
    if (existing) return existing.handleRequest(req, res, body);
    if (sessionId !== undefined) return jsonError(res, 404, "Session not found: start a new session");
    if (req.method === "POST" && isInitializeRequest(body)) {
      if (sessions.size >= (options.maxSessions ?? 100)) return jsonError(res, 503, "Too many open sessions: close one (DELETE /mcp) and retry");
      return newSession(res, req, body);
    }
    return jsonError(res, 400, "Bad request: no valid session id (send initialize first)");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof SyntaxError ? "Parse error: the body is not JSON" : error instanceof Error ? error.message : "internal error";
      jsonError(res, error instanceof SyntaxError ? 400 : error instanceof BodyTooLarge ? 413 : 500, message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  const host = options.host ?? HOST;
  const shown = host.includes(":") ? `[${host}]` : host;
  const ownHosts = [`${HOST}:${port}`, `localhost:${port}`, `${shown}:${port}`];
  allowedHosts = [...new Set([...ownHosts, ...(options.allowedHosts ?? [])])];
  // Pages of this server's own address, and the configured origins (a proxy's public https:// one).
  allowedOrigins = [...new Set([...ownHosts.map((h) => `http://${h}`), ...(options.allowedOrigins ?? [])])];
  return {
    url: `http://${shown}:${port}/mcp`,
    port,
    async close() {
      await Promise.all([...sessions.values()].map((t) => t.close().catch(() => undefined)));
      await alone?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
