/**
 * wait_for_experiment: polls the status until a target, a timeout, or a dead end. Answers
 * before the client's usual 60 s request timeout unless asked for a longer wait, and sends
 * progress notifications at least every 10 s when the caller gave a progress token.
 */
import * as v from "valibot";
import type { BaseClient } from "../../src/base-client.js";
import { AbortError, HttpError, TimeoutError } from "../../src/errors.js";
import { ExperimentStatus } from "../../src/model/index.js";
import { statusOf } from "../answers/answer.js";
import { nextStep, resultsOf, statusNameOutput, unprepared } from "../answers/status-view.js";
import { READ_ONLY, type ToolContext, defineTool } from "./tool.js";
import { STATUS_NAMES, type StatusName, type WireStatus, statusName, wireOf } from "../answers/wire-view.js";
import { experimentIdInput } from "../experiment-spec/schema.js";

/**
 * netunicorn creates the experiment row in a background task after prepare's 200, so "Experiment
 * X not found" may answer the first reads of a new experiment: until it is found, the wait keeps
 * polling for this long, then says plainly that the server does not know the name.
 */
const NOT_FOUND_GRACE_MS = 5_000;

const TARGETS = ["READY", "RUNNING", "FINISHED"] as const;

/**
 * True when waiting alone cannot reach `target` from `status`: an experiment stops at READY until
 * someone calls start_execution (PREPARING only leads there), and UNKNOWN is a dead end.
 */
export function unreachableByWaiting(status: number, target: number): boolean {
  if (status >= target) return false;
  const name = statusName(status);
  return name === "UNKNOWN" || ((name === "READY" || name === "PREPARING") && target > ExperimentStatus.READY);
}

/** What to do when waiting cannot reach the target from READY or PREPARING (see unreachableByWaiting). */
function deadEndStep(outcome: Polled, target: StatusName): string {
  const name = statusName(outcome.status);
  if (name === "READY") {
    const failed = outcome.info ? unprepared(outcome.info) : [];
    const then = failed.length > 0 ? readyAwareStep(outcome) : "Call start_execution, then wait_for_experiment.";
    return `It was prepared but not started: it stays READY and never becomes ${target} by waiting. ${then}`;
  }
  if (name === "PREPARING") {
    return `It becomes READY by itself but ${target} only after start_execution: call wait_for_experiment with status READY, then start_execution, then wait_for_experiment.`;
  }
  return "";
}

const cancelled = (): AbortError => new AbortError("wait_for_experiment: cancelled by the caller", { operation: "waitForExperiment" });

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function isNotFound(error: unknown): boolean {
  return statusOf(error) === 400 && /not found/i.test(String((error as { serverMessage?: unknown }).serverMessage ?? ""));
}

/** One poll's answer, with the whole status (`info`) for the READY step. */
type Polled = { status: number; results: boolean; info?: WireStatus };

/** One poll: the status number and whether results are in; the not-found error while tolerated. */
async function poll(client: BaseClient, id: string, signal: AbortSignal, tolerateNotFound: boolean): Promise<Polled | HttpError> {
  try {
    const info = wireOf<WireStatus>(await client.getExperimentStatus(id, { signal }));
    return { status: info.status, results: resultsOf(info).length > 0, info };
  } catch (error) {
    if (tolerateNotFound && isNotFound(error) && error instanceof HttpError) return error;
    throw error;
  }
}

/** The server's "not found", with what it means for a wait (never dressed up as PREPARING). */
function notKnown(error: HttpError, id: string, waitedMs: number): HttpError {
  const after = Math.round(waitedMs / 100) / 10;
  const serverMessage =
    `${error.serverMessage}: the server does not know an experiment named ${JSON.stringify(id)} (yet; waited ${after} s). ` +
    "A just-prepared experiment appears within seconds (call wait_for_experiment again); otherwise check the name with get_experiments.";
  return new HttpError(error.message, { ...error, serverMessage, cause: error });
}

type PollOutcome = Polled | HttpError | "deadline";

/**
 * A poll that cannot outlive the wait: aborted at the deadline (a slow or hung server must not
 * hold the answer past the client's request timeout), with progress reported while it runs.
 */
async function boundedPoll(plan: WaitPlan, deadline: number, tolerateNotFound: boolean, tick: () => Promise<void>, context: ToolContext): Promise<PollOutcome> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  context.signal.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(onAbort, Math.max(0, deadline - Date.now()));
  const ticker = setInterval(() => void tick(), Math.max(10, context.progressEveryMs));
  try {
    return await poll(context.client, plan.id, controller.signal, tolerateNotFound);
  } catch (error) {
    if (!context.signal.aborted && controller.signal.aborted) return "deadline";
    throw error;
  } finally {
    clearTimeout(timer);
    clearInterval(ticker);
    context.signal.removeEventListener("abort", onAbort);
  }
}

interface WaitPlan {
  id: string;
  target: number;
  timeoutMs: number;
  intervalMs: number;
}

/** Sleeps until the next poll (or the deadline), waking at least every progress period to report. */
async function pause(until: number, deadline: number, started: number, report: (elapsedMs: number) => Promise<void>, context: ToolContext) {
  for (;;) {
    const now = Date.now();
    const end = Math.min(until, deadline);
    if (now >= end) return;
    await sleep(Math.max(1, Math.min(end - now, context.progressEveryMs)), context.signal);
    if (Date.now() < end) await report(Date.now() - started);
  }
}

async function waitLoop(plan: WaitPlan, context: ToolContext) {
  const started = Date.now();
  const deadline = started + plan.timeoutMs;
  let name = "not known to the server yet";
  let last: Polled | undefined;
  let notFound: HttpError | undefined;
  let lastProgress = -Infinity;
  const report = async (elapsedMs: number) => {
    if (Date.now() - lastProgress < context.progressEveryMs) return;
    lastProgress = Date.now();
    await context.progress(elapsedMs / 1000, plan.timeoutMs / 1000, `${plan.id}: ${name} after ${Math.round(elapsedMs / 1000)} s`);
  };
  for (;;) {
    const polledAt = Date.now();
    // "not found" is tolerated until the experiment was seen once, for NOT_FOUND_GRACE_MS at most
    const outcome = await boundedPoll(plan, deadline, last === undefined, () => report(Date.now() - started), context);
    if (outcome instanceof HttpError) {
      notFound = outcome;
      const now = Date.now();
      if (now - started >= NOT_FOUND_GRACE_MS || now >= deadline) throw notKnown(outcome, plan.id, now - started);
      await report(now - started);
      await pause(Math.min(polledAt + plan.intervalMs, started + NOT_FOUND_GRACE_MS), deadline, started, report, context);
      continue;
    }
    if (outcome === "deadline") {
      if (notFound !== undefined && last === undefined) throw notKnown(notFound, plan.id, Date.now() - started);
      if (last === undefined) {
        throw new TimeoutError(`wait_for_experiment: the server did not answer the status of ${plan.id} within ${plan.timeoutMs / 1000} s`, {
          operation: "getExperimentStatus",
          timeoutMs: plan.timeoutMs,
        });
      }
      return { ...last, done: false, waitedMs: Date.now() - started };
    }
    last = outcome;
    name = statusName(outcome.status);
    const done = unreachableByWaiting(outcome.status, plan.target) || outcome.status >= plan.target;
    const now = Date.now();
    if (done || now >= deadline) return { ...outcome, done, waitedMs: now - started };
    await report(now - started);
    await pause(polledAt + plan.intervalMs, deadline, started, report, context);
  }
}

/** The next step; at READY it names the deployments that failed to prepare and what starting does. */
function readyAwareStep(outcome: Polled): string {
  const failed = outcome.info ? unprepared(outcome.info) : [];
  return nextStep(outcome.status, outcome.results, failed, outcome.info?.experiment?.deployment_map.length ?? 0);
}

export const waitForExperiment = defineTool({
  name: "wait_for_experiment",
  title: "Wait for an experiment",
  description:
    "Waits until an experiment reaches a status (READY after prepare, FINISHED after start) or the timeout, polling the server. " +
    "By default it returns within 45 s (before clients give up) with the current status; if not reached, call it again. " +
    "Answers at once when waiting cannot get there: an experiment stays READY until start_execution (so waiting for RUNNING or FINISHED " +
    "before starting answers with that next step), and UNKNOWN is a failure. Sends progress notifications when given a progress token. " +
      "A longer wait runs as a task for clients of the io.modelcontextprotocol/tasks extension.",
  annotations: READ_ONLY,
  input: v.strictObject({
    experiment_id: experimentIdInput,
    status: v.optional(v.pipe(v.picklist(TARGETS), v.description("The status to wait for (or any later one). Default FINISHED.")), "FINISHED"),
    timeout_seconds: v.optional(
      v.pipe(v.number(), v.minValue(0), v.maxValue(3600), v.description("Longest wait (default 45 s; longer waits need a client without a 60 s request timeout).")),
    ),
    interval_seconds: v.optional(v.pipe(v.number(), v.minValue(0.01), v.maxValue(60), v.description("Time between polls (default 2 s).")), 2),
  }),
  output: v.object({
    experiment_id: v.string(),
    status: v.number(),
    status_name: statusNameOutput,
    target: v.picklist(STATUS_NAMES),
    reached: v.pipe(v.boolean(), v.description("True when the experiment is in the target status or a later one.")),
    timed_out: v.boolean(),
    needs_action: v.pipe(
      v.boolean(),
      v.description("True when waiting alone cannot reach the target from this status (not started yet, or failed): next_step says what to do."),
    ),
    waited_seconds: v.number(),
    next_step: v.string(),
  }),
  async run(args, context) {
    const timeoutSeconds = args.timeout_seconds ?? context.defaultWaitSeconds;
    const target: number = ExperimentStatus[args.status];
    const plan = { id: args.experiment_id, target, timeoutMs: timeoutSeconds * 1000, intervalMs: args.interval_seconds * 1000 };
    const outcome = await waitLoop(plan, context);
    const name: StatusName = statusName(outcome.status);
    const reached = outcome.status >= target;
    const timedOut = !outcome.done;
    const stuck = unreachableByWaiting(outcome.status, target);
    const next = timedOut
      ? `Not ${args.status} yet (${name}): call wait_for_experiment again.`
      : stuck && name !== "UNKNOWN"
        ? deadEndStep(outcome, args.status)
        : readyAwareStep(outcome);
    const waited = Math.round(outcome.waitedMs / 100) / 10;
    const structured = {
      experiment_id: args.experiment_id,
      status: outcome.status,
      status_name: name,
      target: args.status,
      reached,
      timed_out: timedOut,
      needs_action: stuck,
      waited_seconds: waited,
      next_step: next,
    };
    const head = reached ? `${args.experiment_id} is ${name} (waited ${waited} s).` : `${args.experiment_id} is ${name} after ${waited} s.`;
    return { structured, text: `${head} ${next}` };
  },
});
