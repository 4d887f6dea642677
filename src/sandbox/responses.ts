/**
 * The four answer shapes of the real server, with its header quirks: the mediator's own JSON
 * (spaced, `application/json`), FastAPI's JSON errors (compact), an empty 200 without a content
 * type, and a plain-text 500 without a content type.
 */
import { fastApiJsonDumps, pyJsonDumps } from "./py-json.js";

/** One pydantic-v1 style validation error item. */
export interface ValidationItem {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

const JSON_TYPE = { "content-type": "application/json" };

/** The mediator's result_to_response: json.dumps of the value, 200 or 400. */
export function mediatorJson(value: unknown, status = 200): Response {
  return new Response(pyJsonDumps(value), { status, headers: JSON_TYPE });
}

/** The mediator's refusals: a JSON string body with status 400. */
export function refusal(message: string): Response {
  return mediatorJson(message, 400);
}

/** FastAPI's own JSON answers (login, errors raised as HTTPException). */
export function fastApiJson(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(fastApiJsonDumps(value), { status, headers: { ...JSON_TYPE, ...headers } });
}

/** HTTPException(status, detail): `{"detail": ...}`. */
export function detail(status: number, text: string, headers: Record<string, string> = {}): Response {
  return fastApiJson({ detail: text }, status, headers);
}

/** Every 401 of the real server carries `www-authenticate: Bearer`. */
export function unauthorized(text: string): Response {
  return detail(401, text, { "www-authenticate": "Bearer" });
}

/** RequestValidationError: 422 with pydantic v1 items (loc, msg, type[, ctx]). */
export function validationError(items: ValidationItem[]): Response {
  return fastApiJson({ detail: items }, 422);
}

/** verify_token: 200 with an empty body and no content type (the real server's Response(status_code=200)). */
export function emptyOk(): Response {
  return new Response(null, { status: 200 });
}

/** The mediator's catch-all exception handler: 500, str(exc) as plain text, no content type. */
export function plainError(text: string): Response {
  return new Response(new TextEncoder().encode(text), { status: 500 }); // bytes: no content type added
}
