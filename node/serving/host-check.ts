/**
 * DNS-rebinding guard shared by our loopback HTTP servers (the MCP endpoint and the console): a
 * request must name one of the server's own loopback hosts in `Host`, and a browser's `Origin`,
 * when sent, must be that same host over http.
 */

/** The interface our HTTP servers listen on by default. */
export const LOOPBACK_HOST = "127.0.0.1";

/** The `Host` values a loopback server on `port` answers to. */
export function loopbackHosts(port: number): string[] {
  return [`${LOOPBACK_HOST}:${port}`, `localhost:${port}`];
}

/**
 * True when `Host` is one of `allowedHosts` and `Origin` is absent or one of `allowedOrigins`
 * (by default `http://` + each allowed host; the MCP endpoint adds a reverse proxy's https:// one).
 */
export function hostAndOriginAllowed(
  headers: { host?: string | undefined; origin?: string | undefined },
  allowedHosts: readonly string[],
  allowedOrigins: readonly string[] = allowedHosts.map((h) => `http://${h}`),
): boolean {
  const { host, origin } = headers;
  if (!allowedHosts.includes(host ?? "")) return false;
  return origin === undefined || allowedOrigins.includes(origin);
}
