/** Helpers for the per-user ("one server for a team") tests: tokens from the served sandbox, SDK clients over HTTP. */
import { Client, type FetchLike, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

/** Logs a sandbox demo user in (password `<user>-password`) and returns their access token. */
export async function sandboxToken(endpoint: string, user: string): Promise<string> {
  const response = await fetch(`${endpoint}/api/v1/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `username=${user}&password=${user}-password`,
  });
  if (!response.ok) throw new Error(`login of ${user} failed: HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * An SDK client over Streamable HTTP that sends `token` as its bearer, through `fetch` when given:
 * of the 2025 era, or (`asking`) of the 2026-07-28 era and able to ask its user, who says yes to
 * every question (collected in `asking`).
 */
export async function clientWithToken(url: string, token: string, fetch?: FetchLike, asking?: string[]): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    ...(fetch ? { fetch } : {}),
  });
  const modern = { versionNegotiation: { mode: { pin: "2026-07-28" } }, capabilities: { elicitation: { form: {} } } };
  const client = new Client({ name: "team-test", version: "1.0.0" }, asking ? modern : {});
  if (asking) {
    client.setRequestHandler("elicitation/create", async (request) => {
      asking.push(String(request.params.message));
      return { action: "accept", content: { confirm: true } };
    });
  }
  await client.connect(transport);
  return client;
}

/** A raw JSON-RPC POST to an MCP endpoint, as a client of either era would send it. */
export function rawPost(url: string, message: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18", ...headers },
    body: JSON.stringify(message),
  });
}
