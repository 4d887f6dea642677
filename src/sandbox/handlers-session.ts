/**
 * Login, token check, health and the node pool, answered as the real server answers them.
 */
import { readForm } from "./body.js";
import { authContext, authenticate, type RequestContext } from "./context.js";
import { visiblePool } from "./pool.js";
import { emptyOk, fastApiJson, mediatorJson, plainError, unauthorized, validationError, type ValidationItem } from "./responses.js";

/** Set while a simulated outage is on: health and nodes answer 500 with this plain text. */
export interface OutageState {
  message: string | null;
}

/** POST /api/v1/token (OAuth2PasswordRequestForm: empty fields count as missing, as in FastAPI). */
export async function login(ctx: RequestContext): Promise<Response> {
  const form = await readForm(ctx.body, ctx.request.headers.get("content-type"));
  const items: ValidationItem[] = [];
  const grantType = form.get("grant_type");
  if (grantType !== undefined && grantType !== "" && !grantType.startsWith("password")) {
    items.push({ loc: ["body", "grant_type"], msg: 'string does not match regex "password"', type: "value_error.str.regex", ctx: { pattern: "password" } });
  }
  for (const field of ["username", "password"]) {
    if ((form.get(field) ?? "") === "") items.push({ loc: ["body", field], msg: "field required", type: "value_error.missing" });
  }
  if (items.length > 0) return validationError(items);
  const username = form.get("username") as string;
  if (ctx.store.user(username)?.password !== form.get("password")) return unauthorized("Incorrect username or token");
  return fastApiJson({ access_token: ctx.store.login(username, ctx.now), token_type: "bearer" });
}

/** GET /api/v1/verify_token: 200 with an empty body and no content type. */
export function verifyToken(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  return user.ok ? emptyOk() : user.response;
}

export function health(ctx: RequestContext, outage: OutageState): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  return outage.message !== null ? plainError(outage.message) : fastApiJson("OK");
}

export function nodes(ctx: RequestContext, outage: OutageState): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const context = authContext(ctx);
  if (!context.ok) return context.response;
  if (outage.message !== null) return plainError(outage.message);
  const account = ctx.store.user(user.value) ?? { password: "" };
  return mediatorJson(visiblePool(ctx.store.options.pool, user.value, account, ctx.store.locks(ctx.now)));
}
