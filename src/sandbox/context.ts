/**
 * One request as the handlers see it, and the steps every FastAPI endpoint of the real server
 * goes through in the same order: body JSON decoding, the bearer token, body validation, the
 * `netunicorn-auth-context` header.
 */
import { decodeBodyField, type BodyValue } from "./body.js";
import { PyJsonDecodeError, pyJsonLoads, type PyJson } from "./py-json.js";
import { detail, unauthorized, validationError } from "./responses.js";
import type { Store } from "./store.js";

export interface RequestContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  body: Uint8Array;
  now: number;
  store: Store;
}

/** A step that either yields a value or ends the request with a response. */
export type Step<T> = { ok: true; value: T } | { ok: false; response: Response };

const ok = <T>(value: T): Step<T> => ({ ok: true, value });
const stop = (response: Response): Step<never> => ({ ok: false, response });

/** OAuth2PasswordBearer + verify_access_token: the user, or the real 401s. */
export function authenticate(ctx: RequestContext): Step<string> {
  const header = ctx.request.headers.get("authorization");
  const space = header === null ? -1 : header.indexOf(" ");
  const scheme = header === null ? "" : space < 0 ? header : header.slice(0, space);
  if (header === null || header === "" || scheme.toLowerCase() !== "bearer") return stop(unauthorized("Not authenticated"));
  const token = space < 0 ? "" : header.slice(space + 1);
  const username = ctx.store.verify(token, ctx.now);
  return username === undefined ? stop(unauthorized("Access token not found")) : ok(username);
}

/** A declared JSON body field: decoding failures answer 422 before authentication, as FastAPI does. */
export function bodyField(ctx: RequestContext): Step<BodyValue> {
  const decoded = decodeBodyField(ctx.body, ctx.request.headers.get("content-type"));
  return Array.isArray(decoded) ? stop(validationError(decoded)) : ok(decoded);
}

/** parse_context: the real server reads the header `netunicorn-auth-context` (not the one its client sends). */
export function authContext(ctx: RequestContext): Step<PyJson> {
  const text = ctx.request.headers.get("netunicorn-auth-context");
  if (text === null || text === "" || text === "null") return ok(null);
  try {
    return ok(pyJsonLoads(text));
  } catch (error) {
    if (error instanceof PyJsonDecodeError) return stop(detail(400, `Couldn't parse the context: ${error.toString()}`));
    throw error;
  }
}
