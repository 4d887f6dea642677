/**
 * Streamable HTTP on 127.0.0.1 (Node): one MCP server and transport per session, an optional
 * bearer token, and Host/Origin checks against DNS rebinding.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { hostAndOriginAllowed, loopbackHosts } from "./host-check.js";

export interface HttpOptions {
  port: number;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  bearerToken?: string | undefined;
  /** A fresh MCP server for each session. */
  makeServer: () => Server;
  /** Largest accepted request body (default 4 MiB). */
  maxBodyBytes?: number;
  /** Most sessions open at once (default 100); more get 503 until one closes. */
  maxSessions?: number;
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
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const limit = options.maxBodyBytes ?? 4 * 1024 * 1024;
  let allowedHosts: string[] = [];

  async function newSession(res: ServerResponse, req: IncomingMessage, body: unknown): Promise<void> {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await options.makeServer().connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAndOriginAllowed(req.headers, allowedHosts)) {
      return jsonError(res, 403, "Forbidden host or origin (this server only answers 127.0.0.1 / localhost)");
    }
    if (new URL(req.url ?? "/", `http://${HOST}`).pathname !== "/mcp") return jsonError(res, 404, "Not found: the MCP endpoint is /mcp");
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
    server.listen(options.port, HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  allowedHosts = loopbackHosts(port);
  return {
    url: `http://${HOST}:${port}/mcp`,
    port,
    async close() {
      await Promise.all([...sessions.values()].map((t) => t.close().catch(() => undefined)));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
