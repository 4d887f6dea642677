/**
 * Executors cancellation, flags and the read-only UI endpoints (locks, compilations, running and
 * last experiments), with the real server's wording and defaults.
 */
import { authContext, authenticate, bodyField, type RequestContext } from "./context.js";
import { planStop } from "./lifecycle.js";
import { pyRepr, pyStrRepr, statusText } from "./py-repr.js";
import { checkCancellationRequest, checkFlagValues } from "./pydantic.js";
import { pyDatetimeText, Status, type DeploymentRecord, type ExperimentRecord } from "./records.js";
import { mediatorJson, plainError, refusal, validationError } from "./responses.js";

/** POST /api/v1/executors/cancel, with the mediator's ownership checks. */
export function cancelExecutors(ctx: RequestContext): Response {
  const body = bodyField(ctx);
  if (!body.ok) return body.response;
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const request = checkCancellationRequest(body.value);
  if (!request.ok) return validationError(request.items);
  const context = authContext(ctx);
  if (!context.ok) return context.response;
  const { executors } = request.value;
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
    return refusal(`All executors already finished or no experiments found belonging to user ${user.value} with given executors: ${pyRepr(executors)}`);
  }
  if ([...owners.values()].some((owner) => owner !== user.value)) {
    const unknown = executors.find((x) => !owners.has(x));
    // the mediator indexes its dict with every requested id: an unknown one raises KeyError → 500
    if (unknown !== undefined) return plainError(pyStrRepr(unknown));
    const others = executors.filter((x) => owners.get(x) !== user.value);
    return refusal(`Some of executors do not belong to user ${user.value}: \n ${pyRepr(others)}`);
  }
  for (const d of targets) planStop(d, ctx.now, ctx.store.options.timing.cancelMs);
  return mediatorJson("Executors cancellation started");
}

export function getFlag(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const name = ctx.params["name"] as string;
  const flag = ctx.params["flag"] as string;
  const record = ctx.store.find(user.value, name, ctx.now);
  if (record === undefined) return refusal(`Experiment ${name} not found`);
  const values = record.flags.get(flag);
  if (values === undefined) return refusal(`Flag ${flag} not found for experiment ${name}`);
  return mediatorJson({ text_value: values.text_value, int_value: values.int_value });
}

/** POST .../flag/{flag}: answers 200 with `null` although the route declares 204 (real server). */
export function setFlag(ctx: RequestContext): Response {
  const body = bodyField(ctx);
  if (!body.ok) return body.response;
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const values = checkFlagValues(body.value);
  if (!values.ok) return validationError(values.items);
  const name = ctx.params["name"] as string;
  const record = ctx.store.find(user.value, name, ctx.now);
  if (record === undefined) return refusal(`Experiment ${name} not found`);
  record.flags.set(ctx.params["flag"] as string, { ...values.value });
  return mediatorJson(null);
}

function visibleTo(ctx: RequestContext, username: string): (r: ExperimentRecord) => boolean {
  const sudo = ctx.store.user(username)?.sudo === true;
  return (r) => sudo || (r.deletedAs === null && r.owner === username);
}

function uiRow(r: ExperimentRecord): Record<string, unknown> {
  return {
    username: r.deletedAs === null ? r.owner : `deleted_${r.owner}`,
    experiment_name: r.deletedAs ?? r.name,
    experiment_id: r.id,
    status: statusText(r.status),
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
  const sudo = ctx.store.user(user.value)?.sudo === true;
  return mediatorJson(ctx.store.locks(ctx.now).filter((l) => sudo || l.username === user.value));
}

export function uiCompilations(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const rows = ctx.store
    .live(ctx.now)
    .filter((r) => r.status === Status.PREPARING && visibleTo(ctx, user.value)(r))
    .flatMap((r) =>
      r.deployments
        .filter((d, i, all) => d.compilationId !== null && all.findIndex((x) => x.compilationId === d.compilationId) === i)
        .map((d) => ({ username: r.owner, experiment_name: r.name, experiment_id: r.id, compilation_id: d.compilationId, architecture: d.parsed.node.architecture })),
    );
  return mediatorJson(rows);
}

export function uiRunning(ctx: RequestContext): Response {
  const user = authenticate(ctx);
  if (!user.ok) return user.response;
  const rows = ctx.store
    .live(ctx.now)
    .filter((r) => (r.status === Status.PREPARING || r.status === Status.RUNNING) && visibleTo(ctx, user.value)(r));
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
  ctx.store.live(ctx.now);
  const since = ctx.now - days * 24 * 60 * 60 * 1000;
  const rows = ctx.store.history.filter((r) => r.createdAt > since && r.rowAt <= ctx.now && visibleTo(ctx, user.value)(r));
  return mediatorJson(rows.sort(newestFirst).map(uiRow));
}
