/**
 * Answers that stay true (issue 19, points 7-9): a wait that cannot reach its status says so at
 * once with the next step; a name prepared moments ago is refused although the server does not
 * show it yet; an integer flag value JSON cannot carry exactly (or int64 cannot hold) is refused.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RemoteClient } from "../../src/client/index.js";
import { DEMO_USERS, type SandboxTiming, createSandbox } from "../../src/sandbox/index.js";
import { PreparedNames } from "../../mcp/tools/prepared-names.js";
import { fakeClient } from "./fake-client.js";
import { type Connected, call, connect } from "./helpers.js";

let clock = 0;
let mcp: Connected | undefined;
afterEach(async () => {
  await mcp?.close();
  mcp = undefined;
});

/** A sandbox client; with `clocked`, the sandbox's time moves only when the test moves `clock`. */
function sandboxClient(timing: Partial<SandboxTiming>, clocked: boolean): RemoteClient {
  clock = 1_000_000;
  const sandbox = createSandbox({ ...(clocked ? { now: () => clock } : {}), timing });
  return new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: DEMO_USERS.demo!.password, fetch: (input, init) => sandbox.fetch(new Request(input, init)) });
}

const tool = (name: string, args: Record<string, unknown> = {}) => call(mcp!.client, name, args);
const spec = (id: string, node = "node-a") => ({ experiment_id: id, nodes: { names: [node] }, pipeline: [{ shell: ["hostname"], name: "host" }] });

describe("wait_for_experiment answers at once when waiting cannot reach the status", () => {
  const timing = { rowDelayMs: 0, preparationMs: 1_000, executionMs: 60_000, executorsStartMs: 100, cancelMs: 100 };

  it("READY, never started, waited for FINISHED: the truth and start_execution, without waiting out the timeout", async () => {
    mcp = await connect(sandboxClient(timing, true), { sandbox: true });
    expect((await tool("prepare_experiment", spec("never-started"))).isError).toBe(false);
    clock += 2_000;
    // A timeout the test would notice: before the fix, the answer came after it with "call again".
    const answer = await tool("wait_for_experiment", { experiment_id: "never-started", timeout_seconds: 20, interval_seconds: 0.05 });
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.structured).toMatchObject({ status_name: "READY", target: "FINISHED", reached: false, timed_out: false, needs_action: true });
    expect(answer.structured.waited_seconds).toBeLessThan(20);
    expect(answer.structured.next_step).toMatch(/prepared but not started.*never becomes FINISHED by waiting\. Call start_execution, then wait_for_experiment/);
    expect(answer.text).not.toMatch(/call wait_for_experiment again/);
    const running = await tool("wait_for_experiment", { experiment_id: "never-started", status: "RUNNING", timeout_seconds: 20 });
    expect(running.structured).toMatchObject({ reached: false, timed_out: false, needs_action: true });
  }, 15_000);

  it("PREPARING, waited for FINISHED: says it stops at READY and what to call, at once", async () => {
    mcp = await connect(sandboxClient(timing, true), { sandbox: true });
    await tool("prepare_experiment", spec("still-preparing"));
    const answer = await tool("wait_for_experiment", { experiment_id: "still-preparing", timeout_seconds: 20, interval_seconds: 0.05 });
    expect(answer.structured).toMatchObject({ status_name: "PREPARING", reached: false, timed_out: false, needs_action: true });
    expect(answer.structured.next_step).toMatch(/wait_for_experiment with status READY, then start_execution/);
  }, 15_000);

  it("a status waiting can reach still waits: PREPARING toward READY times out as before, READY toward READY is reached", async () => {
    mcp = await connect(sandboxClient(timing, true), { sandbox: true });
    await tool("prepare_experiment", spec("on-its-way"));
    const waiting = await tool("wait_for_experiment", { experiment_id: "on-its-way", status: "READY", timeout_seconds: 0.3, interval_seconds: 0.05 });
    expect(waiting.structured).toMatchObject({ status_name: "PREPARING", reached: false, timed_out: true, needs_action: false });
    expect(waiting.structured.next_step).toMatch(/call wait_for_experiment again/);
    clock += 2_000;
    const ready = await tool("wait_for_experiment", { experiment_id: "on-its-way", status: "READY", timeout_seconds: 1 });
    expect(ready.structured).toMatchObject({ status_name: "READY", reached: true, needs_action: false });
  });
});

describe("prepare_experiment refuses a name this server prepared moments ago, before the server shows it", () => {
  // The server's row appears 0.8 s after prepare: until then the name reads "not found".
  const timing = { rowDelayMs: 800, preparationMs: 100, executionMs: 100, executorsStartMs: 10, cancelMs: 10 };

  it("a second prepare of the same name inside the not-found window is refused and nothing is sent", async () => {
    mcp = await connect(sandboxClient(timing, false), { sandbox: true });
    const first = await tool("prepare_experiment", spec("twice", "node-a"));
    expect(first.isError, first.text).toBe(false);
    const second = await tool("prepare_experiment", spec("twice", "node-b"));
    expect(second.isError).toBe(true);
    expect(second.text).toMatch(/an experiment named "twice" already exists \((PREPARING|READY), 1 node\(s\): node-a\)/);
    expect(second.text).toMatch(/nothing was sent/);
  }, 15_000);

  it("after the window, the server's not-found is believed: a name that never showed may be prepared again", async () => {
    // The row would appear only after a minute: within the test, the first prepare never shows.
    const client = sandboxClient({ ...timing, rowDelayMs: 60_000 }, false);
    mcp = await connect(client, { sandbox: true, preparedNames: new PreparedNames({ windowMs: 300 }) });
    expect((await tool("prepare_experiment", spec("vanished"))).isError).toBe(false);
    const again = await tool("prepare_experiment", spec("vanished", "node-b"));
    expect(again.isError, again.text).toBe(false);
  }, 15_000);

  it("two prepares of one name at the same time: one is sent, the other refused", async () => {
    mcp = await connect(sandboxClient(timing, false), { sandbox: true });
    const answers = await Promise.all([tool("prepare_experiment", spec("race", "node-a")), tool("prepare_experiment", spec("race", "node-b"))]);
    expect(answers.map((a) => a.isError).sort()).toEqual([false, true]);
    expect(answers.find((a) => a.isError)!.text).toMatch(/"race"/);
  }, 15_000);

  it("a name deleted through this server is free again at once", async () => {
    mcp = await connect(sandboxClient(timing, false), { sandbox: true });
    await tool("prepare_experiment", spec("reuse"));
    const ready = await tool("wait_for_experiment", { experiment_id: "reuse", status: "READY", interval_seconds: 0.05, timeout_seconds: 20 });
    expect(ready.structured.reached, ready.text).toBe(true);
    expect((await tool("delete_experiment", { experiment_id: "reuse", confirm: true })).isError).toBe(false);
    const again = await tool("prepare_experiment", spec("reuse", "node-b"));
    expect(again.isError, again.text).toBe(false);
  }, 30_000);
});

describe("set_flag_values refuses integers JSON or int64 cannot carry", () => {
  it("99999999999999999999 (read by JSON as 1e20) is outside int64: refused before asking or sending", async () => {
    const base = fakeClient();
    mcp = await connect(base);
    const answer = await tool("set_flag_values", { experiment_id: "e", flag_name: "go", int_value: 99999999999999999999, confirm: true });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/int_value 100000000000000000000 \(as JSON read it\) is outside Python's int64 range \(-9223372036854775808 to 9223372036854775807\)/);
    expect(base.calls).toEqual([]);
  });

  it("2^60 fits int64 but is no longer exact in JSON: refused; the largest exact integers pass", async () => {
    const base = fakeClient();
    mcp = await connect(base);
    const inexact = await tool("set_flag_values", { experiment_id: "e", flag_name: "go", int_value: 2 ** 60, confirm: true });
    expect(inexact.text).toMatch(/beyond ±9007199254740991 \(2\^53 - 1\)/);
    for (const value of [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      expect((await tool("set_flag_values", { experiment_id: "e", flag_name: "go", int_value: value, confirm: true })).isError).toBe(false);
    }
    expect(base.calls.map((c) => (c.args[2] as { intValue: number }).intValue)).toEqual([Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]);
  });
});

describe("a failure says each name once", () => {
  const client = (fetch: typeof globalThis.fetch, timeoutMs?: number) =>
    new RemoteClient({ endpoint: "http://127.0.0.1:9", token: "t", fetch, retry: false, ...(timeoutMs ? { timeoutMs } : {}) });

  it("a network error: the tool and the operation once each, then the cause", async () => {
    mcp = await connect(client(async () => { throw new TypeError("fetch failed"); }));
    const answer = await tool("get_nodes");
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/^get_nodes failed \(NetworkError in getNodes\): no answer from GET http:\/\/127\.0\.0\.1:9\/api\/v1\/nodes: /);
    expect(answer.text.match(/getNodes/g)).toHaveLength(1);
  });

  it("a timeout: the operation once, then what did not answer", async () => {
    mcp = await connect(client(() => new Promise(() => undefined), 200));
    const answer = await tool("get_experiments");
    expect(answer.text).toMatch(/^get_experiments failed: getExperiments timed out: no complete answer from GET /);
    expect(answer.text.match(/getExperiments/g)).toHaveLength(1);
  });
});

describe("annotations say which tools are safe to repeat", () => {
  it("prepare_experiment and start_execution are not idempotent; reads, cancels, deletes and flag sets are", async () => {
    mcp = await connect(fakeClient());
    const hints = Object.fromEntries((await mcp.client.listTools()).tools.map((t) => [t.name, t.annotations?.idempotentHint]));
    expect(hints).toMatchObject({ prepare_experiment: false, start_execution: false });
    for (const name of ["get_nodes", "get_experiment_status", "wait_for_experiment", "cancel_experiment", "delete_experiment", "set_flag_values"]) expect(hints[name], name).toBe(true);
  });
});

describe("PreparedNames: the names a server sent for preparation, bounded", () => {
  it("doubts a not-found only within the window, forgets on request, and keeps at most max names (oldest out first)", () => {
    let now = 0;
    const names = new PreparedNames({ windowMs: 1_000, max: 2, now: () => now });
    names.remember("a");
    expect(names.doubtfulUntil("a")).toBe(1_000);
    now = 999;
    expect(names.doubtfulUntil("a")).toBe(1_000);
    now = 1_000;
    expect(names.doubtfulUntil("a")).toBeUndefined();
    names.remember("b");
    names.remember("c");
    names.remember("d");
    expect(["b", "c", "d"].map((n) => names.doubtfulUntil(n) !== undefined)).toEqual([false, true, true]);
    names.forget("d");
    expect(names.doubtfulUntil("d")).toBeUndefined();
  });
});
