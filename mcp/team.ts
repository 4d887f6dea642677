/**
 * "One server for a team" (--user-tokens): every MCP request carries its user's own netunicorn
 * access token as its bearer. The token is checked with netunicorn, then forwarded by a
 * RemoteClient made for this one request; the server holds no credentials and nothing per user
 * (short-lived caches keyed by token hash aside: verdicts, and finished experiments' results for
 * paging), so any replica can serve any request.
 * It builds servers (server.ts), so it sits at the top of mcp/ beside backend.ts; the HTTP
 * transport knows only the `Team` it returns (transport/http-per-request.ts).
 */
import { createHash } from "node:crypto";
import { type FetchFunction, RemoteClient } from "../src/client/index.js";
import { PreparedNames } from "./tools/prepared-names.js";
import { ResultsStore, bindResultsCache } from "./answers/results-cache.js";
import { createMcpServer, type McpServerOptions } from "./server.js";
import type { Team } from "./transport/http-per-request.js";
import { bearerOf, createTokenCheck, type TokenCheck } from "./transport/token-check.js";

export interface TeamOptions {
  /** netunicorn's base URL: where tokens are checked and every call goes. */
  endpoint: string;
  /** The tool set and limits every user's server gets (`secrets` gains the user's token). */
  server: McpServerOptions;
  /** The token check (default: netunicorn's verify_token, verdicts cached briefly). */
  check?: TokenCheck;
  /** The fetch for netunicorn calls (tests). */
  fetch?: FetchFunction;
}

export function createTeam(options: TeamOptions): Team {
  const fetch = options.fetch;
  const prepared = preparedNamesByToken();
  // Fails now, not at the first request, on a malformed endpoint or an unknown tool name (no request is sent).
  createMcpServer(new RemoteClient({ endpoint: options.endpoint, token: "startup-check" }), options.server);
  const check = options.check ?? createTokenCheck({ endpoint: options.endpoint, fetch });
  // Finished experiments' results kept for paging: one store, a scope per user (by token hash), never shared.
  const results = new ResultsStore();
  // RFC 6750 §3: the challenge names the realm, and says why when a token was sent.
  const challenge = (error?: string) => ({ "www-authenticate": `Bearer realm="netunicorn"${error ? `, error="${error}"` : ""}` });
  return {
    async admit(authorization) {
      const token = bearerOf(authorization);
      if (token === undefined) {
        return { ok: false, status: 401, message: "This server acts as each user: send your netunicorn access token as \"Authorization: Bearer <token>\"", headers: challenge() };
      }
      const verdict = await check.verify(token);
      if (verdict.ok) return { ok: true, token };
      const message = verdict.status === 401 ? `${verdict.reason}: log in to netunicorn again for a fresh token` : `${verdict.reason}; try again later`;
      return { ok: false, status: verdict.status, message, headers: verdict.status === 401 ? challenge("invalid_token") : {} };
    },
    serverFor(token) {
      const client = new RemoteClient({ endpoint: options.endpoint, token, fetch: forgettingOnRefusal(fetch, () => check.forget(token)) });
      const preparedNames = prepared.of(token);
      bindResultsCache(client, results.scoped(createHash("sha256").update(token).digest("hex")));
      return createMcpServer(client, { ...options.server, preparedNames, secrets: [...(options.server.secrets ?? []), token] });
    },
  };
}

/**
 * The fetch of one user's client: when netunicorn refuses the token (it expired since it was
 * checked), the remembered acceptance is dropped, so the user's next request gets HTTP 401 at once.
 */
function forgettingOnRefusal(fetch: FetchFunction | undefined, forget: () => void): FetchFunction {
  return async (input, init) => {
    const response = await (fetch ?? globalThis.fetch)(input, init);
    if (response.status === 401) forget();
    return response;
  };
}

/**
 * The names each user prepared moments ago (see tools/prepared-names.ts), keyed by the token's SHA-256
 * like the verdict cache: a per-request client has no memory of its own. Bounded: the least
 * recently used user is forgotten first. (Per replica: another replica only has the server's word.)
 */
function preparedNamesByToken(max = 1_000): { of(token: string): PreparedNames } {
  const byHash = new Map<string, PreparedNames>();
  return {
    of(token) {
      const hash = createHash("sha256").update(token).digest("hex");
      const names = byHash.get(hash) ?? new PreparedNames();
      byHash.delete(hash);
      byHash.set(hash, names);
      while (byHash.size > max) byHash.delete(byHash.keys().next().value as string);
      return names;
    },
  };
}
