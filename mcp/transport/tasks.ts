/**
 * Long waits as tasks (the `io.modelcontextprotocol/tasks` extension, 2026-07-28): when the
 * client says it supports the extension, a wait_for_experiment longer than the default answers
 * at once with a task handle; the client polls tasks/get until the task holds the tool's result,
 * and may cancel it with tasks/cancel. The SDK has no task runtime: this is a small in-memory
 * store, one per process (a task lives on the process that started it).
 */
import { CLIENT_CAPABILITIES_META_KEY, ProtocolError, ProtocolErrorCode, type Server, type ServerContext } from "@modelcontextprotocol/server";
import * as v from "valibot";
import type { CallToolAnswer } from "../answers/answer.js";

export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";
/** A finished task's result is kept this long for the client to fetch. */
const TTL_MS = 60 * 60_000;
const POLL_INTERVAL_MS = 2_000;

type Status = "working" | "completed" | "failed" | "cancelled";

interface TaskRecord {
  taskId: string;
  status: Status;
  createdAt: string;
  lastUpdatedAt: string;
  statusMessage?: string;
  result?: CallToolAnswer;
  controller: AbortController;
  expiresAt: number;
}

const tasks = new Map<string, TaskRecord>();

/** Whether this request's client takes task handles (its per-request capabilities name the extension). */
export function clientTakesTasks(ctx: ServerContext): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const capabilities = envelope?.[CLIENT_CAPABILITIES_META_KEY] as { extensions?: Record<string, unknown> } | undefined;
  return capabilities?.extensions?.[TASKS_EXTENSION] !== undefined;
}

function expire(now: number): void {
  for (const [id, task] of tasks) if (task.expiresAt < now) tasks.delete(id);
}

/** The wire view of a task (what tools/call, tasks/get and tasks/cancel answer). */
function view(task: TaskRecord) {
  const base = {
    taskId: task.taskId,
    status: task.status,
    createdAt: task.createdAt,
    lastUpdatedAt: task.lastUpdatedAt,
    ttlMs: TTL_MS,
    pollIntervalMs: POLL_INTERVAL_MS,
    ...(task.statusMessage ? { statusMessage: task.statusMessage } : {}),
  };
  return task.status === "completed" ? { ...base, result: task.result } : base;
}

/** Starts `run` in the background (its own cancellation, not the request's) and answers the task handle. */
export function startTask(run: (signal: AbortSignal) => Promise<CallToolAnswer>, statusMessage: string) {
  const now = Date.now();
  expire(now);
  const stamp = new Date(now).toISOString();
  const task: TaskRecord = { taskId: crypto.randomUUID(), status: "working", createdAt: stamp, lastUpdatedAt: stamp, statusMessage, controller: new AbortController(), expiresAt: now + TTL_MS };
  tasks.set(task.taskId, task);
  void run(task.controller.signal).then(
    (result) => settle(task, "completed", result),
    (error: unknown) => settle(task, "failed", undefined, error instanceof Error ? error.message : String(error)),
  );
  return { resultType: "task" as const, ...view(task) };
}

function settle(task: TaskRecord, status: Status, result?: CallToolAnswer, message?: string): void {
  if (task.status !== "working") return;
  task.status = status;
  task.result = result;
  task.statusMessage = message ?? (status === "completed" ? "done" : task.statusMessage);
  task.lastUpdatedAt = new Date().toISOString();
  task.expiresAt = Date.now() + TTL_MS;
}

function find(taskId: string): TaskRecord {
  const task = tasks.get(taskId);
  if (task === undefined) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `no task ${taskId} (unknown, expired, or started on another server process)`);
  return task;
}

const taskIdParams = v.object({ taskId: v.pipe(v.string(), v.minLength(1)) });

export function registerTasks(server: Server): void {
  server.setRequestHandler("tasks/get", { params: taskIdParams }, (params) => ({ resultType: "complete", ...view(find(params.taskId)) }));
  server.setRequestHandler("tasks/cancel", { params: taskIdParams }, (params) => {
    const task = find(params.taskId);
    task.controller.abort();
    settle(task, "cancelled", undefined, "cancelled by the client");
    return { resultType: "complete" };
  });
}
