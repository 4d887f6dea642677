/**
 * One request as the handlers see it, and the steps every FastAPI endpoint of the real server
 * goes through in the same order: body JSON decoding, the bearer token, body validation, the
 * `netunicorn-auth-context` header.
 */
import { decodeBodyField, type BodyValue } from "./body.js";
import { pyJsonTryLoads, type PyJson } from "./py-json.js";
import type { Checked } from "./pydantic.js";
import type { ExperimentRecord } from "./records.js";
import { detail, refusal, unauthorized, validationError } from "./responses.js";
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
function bodyField(ctx: RequestContext): Step<BodyValue> {
  const decoded = decodeBodyField(ctx.body, ctx.request.headers.get("content-type"));
  return Array.isArray(decoded) ? stop(validationError(decoded)) : ok(decoded);
}

/** A validated body, in FastAPI's order: JSON decoding, then the bearer token, then the body's model. */
export function checkedBody<T>(ctx: RequestContext, check: (body: BodyValue) => Checked<T>): Step<{ user: string; value: T }> {
  const body = bodyField(ctx);
  if (!body.ok) return body;
  const user = authenticate(ctx);
  if (!user.ok) return user;
  const checked = check(body.value);
  return checked.ok ? ok({ user: user.value, value: checked.value }) : stop(validationError(checked.items));
}

/** The user's experiment named in the path, or the mediator's "Experiment X not found" refusal. */
export function ownExperiment(ctx: RequestContext, user: string): Step<ExperimentRecord> {
  const name = ctx.params["name"] as string;
  const record = ctx.store.find(user, name, ctx.now);
  return record === undefined ? stop(refusal(`Experiment ${name} not found`)) : ok(record);
}

/** parse_context: the real server reads the header `netunicorn-auth-context` (not the one its client sends). */
export function authContext(ctx: RequestContext): Step<PyJson> {
  const text = ctx.request.headers.get("netunicorn-auth-context");
  if (text === null || text === "" || text === "null") return ok(null);
  const decoded = pyJsonTryLoads(text);
  return "value" in decoded ? ok(decoded.value) : stop(detail(400, `Couldn't parse the context: ${decoded.error.toString()}`));
}
