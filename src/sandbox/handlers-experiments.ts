/**
 * The experiment endpoints: list, prepare, start, status, delete and cancel, each with the real
 * server's checks in its order and its wording.
 */
import { setOwnProperty } from "../json.js";
import { experimentStatusPythonName } from "../model/status.js";
import { decodeJsonText } from "./body.js";
import { authContext, authenticate, checkedBody, ownExperiment, type RequestContext, type Step } from "./context.js";
import { uuid4 } from "./ids.js";
import { planStart, planStop, unfinished } from "./lifecycle.js";
import { parseExperiment } from "./parse-experiment.js";
import { planExperiment } from "./prepare.js";
import { runPrechecks } from "./prechecks.js";
import { PyRaised } from "./py-access.js";
import { fastApiJsonDumps } from "./py-json.js";
import { pyRepr } from "./py-repr.js";
import { checkContext } from "./pydantic.js";
import { Status, type ExperimentRecord } from "./records.js";
import { detail, fastApiJson, mediatorJson, plainError, refusal } from "./responses.js";
import { statusView } from "./views.js";

export function listExperiments(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const all: Record<string, unknown> = {};
  // an own property: an experiment named "__proto__" is listed like any other
  for (const r of ctx.store.list(user.value, ctx.now)) setOwnProperty(all, r.name, statusView(r, ctx.now));
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
  const check = runPrechecks(experiment, ctx.store.isSudo(user.value));
  if (check !== null) return "refusal" in check ? refusal(check.refusal) : plainError(check.crash);
  // a second prepare with a known name answers 200 and changes nothing, as the real background task
  if (!ctx.store.exists(user.value, name)) ctx.store.add(planExperiment(name, user.value, experiment, ctx.store, ctx.now));
  return fastApiJson(name);
}

/** start and cancel: the optional connector-context body, the auth-context header, then the user's experiment. */
function contextCall(ctx: RequestContext): Step<ExperimentRecord> {
  const call = checkedBody(ctx, checkContext);
  if (!call.ok) return call;
  const context = authContext(ctx);
  if (!context.ok) return context;
  return ownExperiment(ctx, call.value.user);
}

export function start(ctx: RequestContext): Response {
  const record = contextCall(ctx);
  if (!record.ok) return record.response;
  const experiment = record.value;
  if (experiment.status !== Status.READY) {
    return refusal(`Experiment ${experiment.name} is not ready to start. Current status: ${experimentStatusPythonName(experiment.status)}`);
  }
  planStart(experiment, ctx.now, ctx.store.options.timing);
  return mediatorJson(experiment.name);
}

export function status(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const record = ownExperiment(ctx, user.value);
  return record.ok ? mediatorJson(statusView(record.value, ctx.now)) : record.response;
}

export function remove(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const record = ownExperiment(ctx, user.value);
  if (!record.ok) return record.response;
  const experiment = record.value;
  if (experiment.status === Status.PREPARING || experiment.status === Status.RUNNING) {
    return refusal(`Experiment ${experiment.name} for user ${user.value} is in status ${experimentStatusPythonName(experiment.status)}, cannot delete it`);
  }
  for (const d of unfinished(experiment, ctx.now)) planStop(d, ctx.now, 0);
  ctx.store.remove(experiment, `${experiment.name}_${uuid4()}`);
  return mediatorJson(null);
}

export function cancel(ctx: RequestContext): Response {
  const record = contextCall(ctx);
  if (!record.ok) return record.response;
  const { cancelMs } = ctx.store.options.timing;
  if (record.value.status === Status.READY) {
    // the real server frees a READY experiment's node locks (within about half a second) and
    // leaves the experiment READY: nothing runs yet, so no executor is stopped
    record.value.locksFreedAt ??= ctx.now + cancelMs;
    return mediatorJson("Executors cancellation started");
  }
  const running = unfinished(record.value, ctx.now);
  // the infrastructure's JSON error text is passed on as a string and encoded again
  if (running.length === 0) return refusal(fastApiJsonDumps(`Executors ${pyRepr([])} not found`));
  for (const d of running) planStop(d, ctx.now, cancelMs);
  return mediatorJson("Executors cancellation started");
}
