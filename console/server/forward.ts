/**
 * Forwards one accepted `/api/v1/…` request upstream (Node): the browser's method, body and the
 * few headers the netunicorn API reads, and nothing of the console server's own (no cookies, no
 * credentials: the browser's `Authorization` goes through as sent). The answer comes back with
 * its status, content type and body; redirects are not followed and never point the browser
 * elsewhere.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../../node/serving/request-body.js";

/** Where requests go: the global fetch to a real server, or an in-process sandbox's fetch. */
export type UpstreamFetch = (request: Request) => Promise<Response>;

/** Request headers the netunicorn API reads; every other header stays with the console. */
const REQUEST_HEADERS = ["authorization", "content-type", "accept", "netunicorn-authentication-context", "netunicorn-auth-context"];
/** Response headers passed back to the browser. */
const RESPONSE_HEADERS = ["content-type", "www-authenticate", "retry-after"];
/** Methods the netunicorn API uses. */
export const FORWARDED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE"]);

export interface ForwardOptions {
  upstream: UpstreamFetch;
  maxBodyBytes: number;
  timeoutMs: number;
}

/** Forwards one request; a body over `maxBodyBytes` rejects with BodyTooLarge (node/serving/request-body.ts). */
export async function forward(req: IncomingMessage, res: ServerResponse, target: URL, options: ForwardOptions): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req, options.maxBodyBytes);
  const request = new Request(target, { method, headers, redirect: "manual", signal: AbortSignal.timeout(options.timeoutMs), ...(body ? { body } : {}) });
  const response = await options.upstream(request);
  const out: Record<string, string> = { "cache-control": "no-store" };
  for (const name of RESPONSE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) out[name] = value;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A redirect (opaque or not) is reported, never followed or handed to the browser.
  if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
    res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ detail: "netunicorn console: the server answered with a redirect, which is not forwarded" }));
    return;
  }
  out["content-length"] = String(bytes.byteLength);
  res.writeHead(response.status, out);
  res.end(method === "HEAD" ? undefined : bytes);
}
