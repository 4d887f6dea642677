/**
 * Which upstream URL a console request may reach: only `/api/v1/…` under the one configured
 * endpoint. The raw request target is checked as sent, before any URL parser can normalise it,
 * so nothing that a parser or the upstream server could read as another path gets through:
 * dot segments (also %-encoded), encoded slashes and backslashes, empty segments (`//evil`),
 * absolute or authority-form targets, fragments and anything outside printable ASCII.
 */

/** The prefix every forwarded request target starts with. */
export const API_PREFIX = "/api/v1/";

/** One path segment: RFC 3986 pchar, where `%XX` may not encode `.`, `/`, `\` or NUL. */
const SEGMENT = /^(?:[A-Za-z0-9\-_.~!$&'()*+,;=:@]|%(?![2][eEfF]|5[cC]|00)[0-9A-Fa-f]{2})+$/;
/** A query: the same characters plus `/` and `?` (a query cannot change the path); `%XX` as above. */
const QUERY = /^(?:[A-Za-z0-9\-_.~!$&'()*+,;=:@/?]|%(?![2][eEfF]|5[cC]|00)[0-9A-Fa-f]{2})*$/;

/** Why a target is refused, or null when it may be forwarded. */
export function refuseTarget(rawTarget: string): string | null {
  if (!rawTarget.startsWith(API_PREFIX)) return "only /api/v1/… is forwarded";
  const queryAt = rawTarget.indexOf("?");
  const path = queryAt === -1 ? rawTarget : rawTarget.slice(0, queryAt);
  const query = queryAt === -1 ? "" : rawTarget.slice(queryAt + 1);
  const segments = path.slice(1).split("/");
  for (const segment of segments) {
    if (segment === "." || segment === "..") return "dot segments are not forwarded";
    if (!SEGMENT.test(segment)) return "the path holds an empty segment or a character that is not forwarded";
  }
  if (!QUERY.test(query)) return "the query holds a character that is not forwarded";
  return null;
}

/**
 * The upstream URL for an accepted target: the endpoint's origin and path followed by the target
 * exactly as sent. Null when the target is refused or when the URL parser would read it as any
 * other origin or path (a second check: nothing may be normalised away).
 */
export function upstreamUrl(rawTarget: string, endpoint: URL): URL | null {
  if (refuseTarget(rawTarget) !== null) return null;
  return parsedAsSent(rawTarget, endpoint);
}

/**
 * The second check on its own: the endpoint followed by the target, when the URL parser reads it
 * as exactly that (same origin, same path, no credentials); null when it would normalise anything
 * away (dot segments, also %-encoded, backslashes, an authority).
 */
export function parsedAsSent(rawTarget: string, endpoint: URL): URL | null {
  const base = endpoint.pathname.replace(/\/+$/, "");
  const queryAt = rawTarget.indexOf("?");
  const path = queryAt === -1 ? rawTarget : rawTarget.slice(0, queryAt);
  let url: URL;
  try {
    url = new URL(`${endpoint.origin}${base}${rawTarget}`);
  } catch {
    return null;
  }
  if (url.origin !== endpoint.origin || url.pathname !== `${base}${path}` || url.username !== "" || url.password !== "") return null;
  return url;
}

/** Reads NETUNICORN_ENDPOINT-style text: an http(s) URL without credentials, query or fragment. */
export function parseEndpoint(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`NETUNICORN_ENDPOINT must be an http(s) URL, got ${JSON.stringify(text.slice(0, 200))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`NETUNICORN_ENDPOINT must be an http(s) URL, got ${url.protocol}`);
  if (url.username !== "" || url.password !== "") throw new Error("NETUNICORN_ENDPOINT must not hold credentials: the console forwards the browser's own");
  if (url.search !== "" || url.hash !== "") throw new Error("NETUNICORN_ENDPOINT must not hold a query or a fragment");
  return url;
}
