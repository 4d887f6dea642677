/**
 * A long wait as a task (io.modelcontextprotocol/tasks, 2026-07-28) over Streamable HTTP, with
 * raw 2026 requests (the SDK's client has no task runtime): the handle at once, tasks/get until
 * the wait's result, tasks/cancel; and the plain answer for a client without the extension.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHttp, serveHttp } from "../../mcp/transport/http.js";
import { createMcpServer } from "../../mcp/index.js";
import { RemoteClient } from "../../src/client/index.js";
import { DEMO_USERS, createSandbox } from "../../src/sandbox/index.js";

const TASKS = { extensions: { "io.modelcontextprotocol/tasks": {} } };
let http: RunningHttp;
let id = 0;

beforeAll(async () => {
  // Quick preparation, and a run that lasts ten minutes (a wait for FINISHED that a test can cancel).
  const sandbox = createSandbox({ timing: { preparationMs: 150, executionMs: 600_000, executorsStartMs: 50, cancelMs: 50, rowDelayMs: 0 } });
  const client = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: DEMO_USERS.demo!.password, fetch: (input, init) => sandbox.fetch(new Request(input, init)) });
  http = await serveHttp({ port: 0, makeServer: () => createMcpServer(client, { sandbox: true }) });
});
afterAll(() => http.close());

type Answer = { result?: Record<string, unknown>; error?: { code: number; message: string } };

/** One 2026-07-28 request: the envelope in _meta, the routing headers (Mcp-Name: the tool or the task). */
async function rpc(method: string, params: Record<string, unknown>, capabilities: object = TASKS): Promise<Answer> {
  const meta = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientInfo": { name: "tasks-test", version: "1" },
    "io.modelcontextprotocol/clientCapabilities": capabilities,
  };
  const name = method === "tools/call" ? params.name : params.taskId;
  const response = await fetch(http.url, {
    method: "POST",
    headers: {
      accept: "application/json, text/event-stream",
      "content-type": "application/json",
      "mcp-method": method,
      "mcp-protocol-version": "2026-07-28",
      ...(name === undefined ? {} : { "mcp-name": String(name) }),
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: { ...params, _meta: meta } }),
  });
  return (await response.json()) as Answer;
}

const tool = (name: string, args: Record<string, unknown>, capabilities?: object) => rpc("tools/call", { name, arguments: args }, capabilities);

/** tasks/get until the task is no longer working (a condition: no count of tries to outlast). */
async function settled(taskId: string): Promise<Record<string, unknown>> {
  let got: Record<string, unknown> = {};
  await expect.poll(async () => (got = (await rpc("tasks/get", { taskId })).result!).status, { interval: 25 }).not.toBe("working");
  return got;
}

describe("wait_for_experiment as a task", () => {
  it("the server announces the extension", async () => {
    const discovered = await rpc("server/discover", {});
    expect(discovered.result!.capabilities).toMatchObject({ extensions: { "io.modelcontextprotocol/tasks": {} } });
  });

  it("a long wait answers a task handle at once; tasks/get then holds the wait's result", async () => {
    await tool("prepare_experiment", { experiment_id: "task-1", nodes: { names: ["node-a"] }, pipeline: [{ sleep: 1 }] });
    const handle = (await tool("wait_for_experiment", { experiment_id: "task-1", status: "READY", timeout_seconds: 600, interval_seconds: 0.05 })).result!;
    expect(handle).toMatchObject({ resultType: "task", status: "working", pollIntervalMs: 2000, statusMessage: 'waiting for "task-1"' });
    const done = await settled(handle.taskId as string);
    expect(done).toMatchObject({ resultType: "complete", status: "completed", taskId: handle.taskId });
    const result = done.result as { structuredContent: Record<string, unknown>; content: { text: string }[] };
    expect(result.structuredContent).toMatchObject({ experiment_id: "task-1", status_name: "READY", reached: true, timed_out: false });
    expect(result.content[0]!.text).toMatch(/task-1 is READY/);
  });

  it("tasks/cancel stops a wait that would take ten minutes", async () => {
    await tool("prepare_experiment", { experiment_id: "task-2", nodes: { names: ["node-b"] }, pipeline: [{ sleep: 1 }] });
    const ready = (await tool("wait_for_experiment", { experiment_id: "task-2", status: "READY", timeout_seconds: 30, interval_seconds: 0.05 }, {})).result!;
    expect(ready).toMatchObject({ structuredContent: { reached: true } });
    expect((await tool("start_execution", { experiment_id: "task-2" })).result).toMatchObject({ structuredContent: { started: true } });
    const handle = (await tool("wait_for_experiment", { experiment_id: "task-2", status: "FINISHED", timeout_seconds: 600, interval_seconds: 0.05 })).result!;
    expect(handle.status).toBe("working");
    expect((await rpc("tasks/cancel", { taskId: handle.taskId })).result).toMatchObject({ resultType: "complete" });
    expect((await rpc("tasks/get", { taskId: handle.taskId })).result).toMatchObject({ status: "cancelled", statusMessage: "cancelled by the client" });
  });

  it("a client without the extension, or a wait within the default, gets the answer itself", async () => {
    await tool("prepare_experiment", { experiment_id: "task-3", nodes: { names: ["node-c"] }, pipeline: [{ sleep: 1 }] });
    const plain = (await tool("wait_for_experiment", { experiment_id: "task-3", status: "READY", timeout_seconds: 600, interval_seconds: 0.05 }, {})).result!;
    expect(plain).toMatchObject({ resultType: "complete", structuredContent: { status_name: "READY" } });
    const short = (await tool("wait_for_experiment", { experiment_id: "task-3", status: "READY", timeout_seconds: 10, interval_seconds: 0.05 })).result!;
    expect(short.resultType).toBe("complete");
  });

  it("an unknown task is an invalid-params error that says so", async () => {
    const answer = await rpc("tasks/get", { taskId: "no-such-task" });
    expect(answer.error).toMatchObject({ code: -32602 });
    expect(answer.error!.message).toMatch(/no task no-such-task/);
  });
});
