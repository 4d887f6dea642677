/**
 * One server for a team, the serving half: every request, of either protocol era, is served by a
 * fresh server acting as the request's user, and nothing of it outlives the response. The SDK's
 * per-request entry does the era routing: 2026-07-28 requests on its modern path, 2025-era ones
 * by its stateless fallback (no session ids issued, GET and DELETE answered 405).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { toNodeHandler } from "@modelcontextprotocol/node";
import { type AuthInfo, type Server, createMcpHandler } from "@modelcontextprotocol/server";

export type Admission =
  | { ok: true; token: string }
  | { ok: false; status: number; message: string; headers: Record<string, string> };

/** What the HTTP layer needs for per-user serving (made by mcp/team.ts, which builds the servers). */
export interface Team {
  /** Admits a request from its Authorization header: the verified token, or the HTTP refusal to send instead. */
  admit(authorization: string | undefined): Promise<Admission>;
  /** A fresh server acting as the user of an admitted token, for one request. */
  serverFor(token: string): Server;
}

export interface PerRequestServing {
  /** Serves one admitted request (its body already read and parsed) as the user of `token`. */
  serve(req: IncomingMessage, res: ServerResponse, token: string, body: unknown): Promise<void>;
  close(): Promise<void>;
}

export function servePerRequest(team: Team, maxBodyBytes: number): PerRequestServing {
  // The token rides to the factory as the request's authInfo (the SDK passes it through untouched).
  const handler = createMcpHandler(
    ({ authInfo }) => {
      if (authInfo === undefined) throw new Error("per-user serving: a request reached the server without an admitted token");
      return team.serverFor(authInfo.token);
    },
    { legacy: "stateless", maxRequestBodySize: maxBodyBytes },
  );
  const node = toNodeHandler(handler, { maxRequestBodySize: maxBodyBytes });
  return {
    serve(req, res, token, body) {
      const auth: AuthInfo = { token, clientId: "netunicorn-user", scopes: [] };
      (req as IncomingMessage & { auth?: AuthInfo }).auth = auth;
      return node(req, res, body);
    },
    close: () => handler.close(),
  };
}
