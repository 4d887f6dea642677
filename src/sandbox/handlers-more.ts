/**
 * Executors cancellation, flags and the read-only UI endpoints (locks, compilations, running and
 * last experiments), with the real server's wording and defaults.
 */
import { experimentStatusPythonName } from "../model/status.js";
import { authContext, authenticate, checkedBody, ownExperiment, type RequestContext } from "./context.js";
import { planStop } from "./lifecycle.js";
import { pyRepr, pyStrRepr } from "./py-repr.js";
import { checkCancellationRequest, checkFlagValues } from "./pydantic.js";
import { pyDatetimeText, Status, type DeploymentRecord, type ExperimentRecord } from "./records.js";
import { mediatorJson, plainError, refusal, validationError } from "./responses.js";

/** POST /api/v1/executors/cancel, with the mediator's ownership checks. */
export function cancelExecutors(ctx: RequestContext): Response {
  const call = checkedBody(ctx, checkCancellationRequest);
  if (!call.ok) return call.response;
  const context = authContext(ctx);
  if (!context.ok) return context.response;
  const { user, value: { executors } } = call.value;
  const owners = new Map<string, string>();
  const targets: DeploymentRecord[] = [];
  for (const r of ctx.store.live(ctx.now)) {
    for (const d of r.deployments) {
      if (!executors.includes(d.executorId)) continue;
      targets.push(d);
      if (r.status !== Status.FINISHED && (d.endAt === null || d.endAt > ctx.now)) owners.set(d.executorId, r.owner);
    }
  }
  if (owners.size === 0) {
    return refusal(`All executors already finished or no experiments found belonging to user ${user} with given executors: ${pyRepr(executors)}`);
  }
  if ([...owners.values()].some((owner) => owner !== user)) {
    const unknown = executors.find((x) => !owners.has(x));
    // the mediator indexes its dict with every requested id: an unknown one raises KeyError → 500
    if (unknown !== undefined) return plainError(pyStrRepr(unknown));
    const others = executors.filter((x) => owners.get(x) !== user);
    return refusal(`Some of executors do not belong to user ${user}: \n ${pyRepr(others)}`);
  }
  for (const d of targets) planStop(d, ctx.now, ctx.store.options.timing.cancelMs);
  return mediatorJson("Executors cancellation started");
}

export function getFlag(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const record = ownExperiment(ctx, user.value);
  if (!record.ok) return record.response;
  const flag = ctx.params["flag"] as string;
  const values = record.value.flags.get(flag);
  if (values === undefined) return refusal(`Flag ${flag} not found for experiment ${record.value.name}`);
  return mediatorJson({ text_value: values.text_value, int_value: values.int_value });
}

/** POST .../flag/{flag}: answers 200 with `null` although the route declares 204 (real server). */
export function setFlag(ctx: RequestContext): Response {
  const call = checkedBody(ctx, checkFlagValues);
  if (!call.ok) return call.response;
  const record = ownExperiment(ctx, call.value.user);
  if (!record.ok) return record.response;
  record.value.flags.set(ctx.params["flag"] as string, { ...call.value.value });
  return mediatorJson(null);
}

function visibleTo(ctx: RequestContext, username: string): (r: ExperimentRecord) => boolean {
  const sudo = ctx.store.isSudo(username);
  return (r) => sudo || (r.deletedAs === null && r.owner === username);
}

function uiRow(r: ExperimentRecord): Record<string, unknown> {
  return {
    username: r.deletedAs === null ? r.owner : `deleted_${r.owner}`,
    experiment_name: r.deletedAs ?? r.name,
    experiment_id: r.id,
    status: experimentStatusPythonName(r.status),
    error: r.error,
    creation_time: pyDatetimeText(r.createdAt),
    start_time: pyDatetimeText(r.startedAt),
    nodes: r.deployments.map((d) => d.nodeName).join(", "),
  };
}

/** ORDER BY start_time DESC, creation_time DESC (PostgreSQL puts NULLs first when descending). */
function newestFirst(a: ExperimentRecord, b: ExperimentRecord): number {
  const sa = a.startedAt ?? Infinity;
  const sb = b.startedAt ?? Infinity;
  return sa !== sb ? sb - sa : b.createdAt - a.createdAt;
}

export function uiLocks(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const sudo = ctx.store.isSudo(user.value);
  return mediatorJson(ctx.store.locks(ctx.now).filter((l) => sudo || l.username === user.value));
}

/** One row per compilation of an experiment: deployments building the same image share it. */
function compilationRows(r: ExperimentRecord): Record<string, unknown>[] {
  const rows = new Map<string, Record<string, unknown>>();
  for (const d of r.deployments) {
    if (d.compilationId === null || rows.has(d.compilationId)) continue;
    rows.set(d.compilationId, { username: r.owner, experiment_name: r.name, experiment_id: r.id, compilation_id: d.compilationId, architecture: d.parsed.node.architecture });
  }
  return [...rows.values()];
}

export function uiCompilations(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const visible = visibleTo(ctx, user.value);
  const rows = ctx.store
    .live(ctx.now)
    .filter((r) => r.status === Status.PREPARING && visible(r))
    .flatMap(compilationRows);
  return mediatorJson(rows);
}

export function uiRunning(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const visible = visibleTo(ctx, user.value);
  const rows = ctx.store
    .live(ctx.now)
    .filter((r) => (r.status === Status.PREPARING || r.status === Status.RUNNING) && visible(r));
  return mediatorJson(rows.sort(newestFirst).map(uiRow));
}

export function uiLast(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const raw = ctx.url.searchParams.getAll("days").at(-1);
  const days = raw === undefined ? 14 : /^\s*[-+]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(days)) {
    return validationError([{ loc: ["query", "days"], msg: "value is not a valid integer", type: "type_error.integer" }]);
  }
  ctx.store.live(ctx.now); // applies due transitions to the live records the history holds too
  const since = ctx.now - days * 24 * 60 * 60 * 1000;
  const visible = visibleTo(ctx, user.value);
  const rows = ctx.store.history.filter((r) => r.createdAt > since && r.rowAt <= ctx.now && visible(r));
  return mediatorJson(rows.sort(newestFirst).map(uiRow));
}
