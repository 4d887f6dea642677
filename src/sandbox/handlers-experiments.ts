/**
 * The experiment endpoints: list, prepare, start, status, delete and cancel, each with the real
 * server's checks in its order and its wording.
 */
import { decodeJsonText } from "./body.js";
import { authContext, authenticate, bodyField, type RequestContext } from "./context.js";
import { uuid4 } from "./ids.js";
import { planStart, planStop, unfinished } from "./lifecycle.js";
import { parseExperiment } from "./parse-experiment.js";
import { planExperiment } from "./prepare.js";
import { runPrechecks } from "./prechecks.js";
import { PyRaised } from "./py-access.js";
import { fastApiJsonDumps } from "./py-json.js";
import { pyRepr, statusText } from "./py-repr.js";
import { checkContext } from "./pydantic.js";
import { Status } from "./records.js";
import { detail, fastApiJson, mediatorJson, plainError, refusal, validationError } from "./responses.js";
import { statusView } from "./views.js";

const notFound = (name: string): Response => refusal(`Experiment ${name} not found`);

export function listExperiments(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const all: Record<string, unknown> = {};
  // defineProperty: an experiment named "__proto__" is listed like any other.
  for (const r of ctx.store.list(user.value, ctx.now)) Object.defineProperty(all, r.name, { value: statusView(r, ctx.now), enumerable: true, writable: true, configurable: true });
  return mediatorJson(all);
}

/** POST .../prepare: parse like Experiment.from_json, run the prechecks, then plan the background work. */
export function prepare(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const context = authContext(ctx);
  if (!context.ok) return context.response;
  const name = ctx.params["name"] as string;
  const json = decodeJsonText(ctx.body);
  let experiment;
  try {
    if ("error" in json) throw new PyRaised("ValueError", json.error);
    experiment = parseExperiment(json.value);
  } catch (error) {
    if (!(error instanceof PyRaised)) throw error;
    return detail(400, `Couldn't parse experiment from the provided data: ${error.text}`);
  }
  const sudo = ctx.store.user(user.value)?.sudo === true;
  const check = runPrechecks(experiment, sudo);
  if (check !== null) return "refusal" in check ? refusal(check.refusal) : plainError(check.crash);
  // a second prepare with a known name answers 200 and changes nothing, as the real background task
  if (!ctx.store.exists(user.value, name)) ctx.store.add(planExperiment(name, user.value, experiment, ctx.store, ctx.now));
  return fastApiJson(name);
}

export function start(ctx: RequestContext): Response {
  const body = bodyField(ctx);
  if (!body.ok) return body.response;
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const executionContext = checkContext(body.value);
  if (!executionContext.ok) return validationError(executionContext.items);
  const context = authContext(ctx);
  if (!context.ok) return context.response;
  const name = ctx.params["name"] as string;
  const record = ctx.store.find(user.value, name, ctx.now);
  if (record === undefined) return notFound(name);
  if (record.status !== Status.READY) {
    return refusal(`Experiment ${name} is not ready to start. Current status: ${statusText(record.status)}`);
  }
  const { executionMs, executorsStartMs } = ctx.store.options.timing;
  planStart(record, ctx.now, executionMs, executorsStartMs);
  return mediatorJson(name);
}

export function status(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const name = ctx.params["name"] as string;
  const record = ctx.store.find(user.value, name, ctx.now);
  return record === undefined ? notFound(name) : mediatorJson(statusView(record, ctx.now));
}

export function remove(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const name = ctx.params["name"] as string;
  const record = ctx.store.find(user.value, name, ctx.now);
  if (record === undefined) return notFound(name);
  if (record.status === Status.PREPARING || record.status === Status.RUNNING) {
    return refusal(`Experiment ${name} for user ${user.value} is in status ${statusText(record.status)}, cannot delete it`);
  }
  for (const d of unfinished(record, ctx.now)) planStop(d, ctx.now, 0);
  ctx.store.remove(record, `${name}_${uuid4()}`);
  return mediatorJson(null);
}

export function cancel(ctx: RequestContext): Response {
  const body = bodyField(ctx);
  if (!body.ok) return body.response;
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const cancellationContext = checkContext(body.value);
  if (!cancellationContext.ok) return validationError(cancellationContext.items);
  const context = authContext(ctx);
  if (!context.ok) return context.response;
  const name = ctx.params["name"] as string;
  const record = ctx.store.find(user.value, name, ctx.now);
  if (record === undefined) return notFound(name);
  const running = unfinished(record, ctx.now);
  // the infrastructure's JSON error text is passed on as a string and encoded again
  if (running.length === 0) return refusal(fastApiJsonDumps(`Executors ${pyRepr([])} not found`));
  for (const d of running) planStop(d, ctx.now, ctx.store.options.timing.cancelMs);
  return mediatorJson("Executors cancellation started");
}
