/** The server's mechanics over a fixture-backed client: selection, validation, errors, confirmation, paging. */
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_NOTICE, TOOL_NAMES } from "../../mcp/index.js";
import { type FakeClient, fakeClient, fixture, httpError } from "./fake-client.js";
import { type Connected, call, connect } from "./helpers.js";

const MUTATING = ["prepare_experiment", "start_execution", "cancel_experiment", "cancel_executors", "delete_experiment", "set_flag_values"];

let open: Connected | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function start(options = {}, capabilities = {}): Promise<{ base: FakeClient; mcp: Connected }> {
  const base = fakeClient();
  open = await connect(base, options, capabilities);
  return { base, mcp: open };
}

async function names(options = {}): Promise<string[]> {
  const { mcp } = await start(options);
  return (await mcp.client.listTools()).tools.map((t) => t.name);
}

describe("tool selection", () => {
  it("offers every tool, the extras only when the client has them", async () => {
    const listed = await names();
    // the fake client has getLockedNodes but not getRecentExperiments
    expect(listed).toEqual(TOOL_NAMES.filter((n) => n !== "get_recent_experiments"));
  });

  it("read-only mode hides every mutating tool and refuses their calls", async () => {
    const listed = await names({ readOnly: true });
    for (const name of MUTATING) expect(listed).not.toContain(name);
    expect(listed).toContain("get_nodes");
    expect(listed).toContain("wait_for_experiment");
    const refused = await call(open!.client, "delete_experiment", { experiment_id: "x", confirm: true });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/read-only/);
  });

  it("--tools chooses, --exclude-tools wins", async () => {
    expect(await names({ tools: ["get_nodes", "healthcheck"], excludeTools: ["healthcheck"] })).toEqual(["get_nodes"]);
  });

  it("an unknown tool name in the lists is refused at creation", async () => {
    await expect(connect(fakeClient(), { tools: ["get_nodez"] })).rejects.toThrow(/unknown tool "get_nodez"/);
  });

  it("every listed tool has title, annotations and object schemas", async () => {
    const { mcp } = await start();
    for (const tool of (await mcp.client.listTools()).tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
      expect(typeof tool.annotations?.readOnlyHint).toBe("boolean");
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(!MUTATING.includes(tool.name));
    }
  });
});

describe("arguments", () => {
  it("a wrong type names the field", async () => {
    const { base, mcp } = await start();
    const answer = await call(mcp.client, "get_nodes", { limit: "ten" });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/field "limit"/);
    expect(base.calls).toHaveLength(0);
  });

  it("a missing field and an unknown field are named", async () => {
    const { mcp } = await start();
    const missing = await call(mcp.client, "get_experiment_status", {});
    expect(missing.text).toMatch(/field "experiment_id"/);
    const unknown = await call(mcp.client, "get_experiment_status", { experiment_id: "a", experimentId: "a" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/experimentId/);
  });

  it("set_flag_values without any value is refused before any request", async () => {
    const { base, mcp } = await start();
    const answer = await call(mcp.client, "set_flag_values", { experiment_id: "e", flag_name: "f" });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/text_value.*int_value/);
    expect(base.calls).toHaveLength(0);
  });
});

describe("client errors", () => {
  it("become tool errors with operation, status and server message; the server keeps serving", async () => {
    const { base, mcp } = await start();
    const answer = await call(mcp.client, "get_experiment_status", { experiment_id: "nope" });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain("getExperimentStatus answered HTTP 400: Experiment nope not found");
    base.failNext.set("getNodes", new TypeError("boom"));
    expect((await call(mcp.client, "get_nodes")).text).toMatch(/get_nodes failed unexpectedly: boom/);
    expect((await call(mcp.client, "healthcheck")).structured).toEqual({ healthy: true });
  });

  it("secrets never appear in answers", async () => {
    const base = fakeClient();
    open = await connect(base, { secrets: ["hunter2-password"] });
    base.failNext.set("getNodes", httpError("getNodes", 500, "login hunter2-password refused"));
    const answer = await call(open.client, "get_nodes");
    expect(answer.text).not.toContain("hunter2-password");
    expect(answer.text).toContain("[redacted]");
    base.getFlagValues = async () => ({ toJSON: () => ({ text_value: "token hunter2-password", int_value: 1 }) }) as never;
    const flag = await call(open.client, "get_flag_values", { experiment_id: "e", flag_name: "f" });
    expect(JSON.stringify(flag)).not.toContain("hunter2-password");
    expect(flag.structured.text_value).toBe("token [redacted]");
  });

  it("the sandbox notice opens every answer", async () => {
    const { mcp } = await start({ sandbox: true });
    expect((await call(mcp.client, "healthcheck")).text.startsWith(SANDBOX_NOTICE)).toBe(true);
    expect((await call(mcp.client, "get_nodes", { limit: 0 })).text.startsWith(SANDBOX_NOTICE)).toBe(true);
    expect(mcp.client.getInstructions()).toMatch(/SANDBOX MODE/);
  });
});

describe("confirmation of destructive tools", () => {
  it("without elicitation, requires confirm: true", async () => {
    const { base, mcp } = await start();
    const refused = await call(mcp.client, "delete_experiment", { experiment_id: "e" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/confirm: true/);
    expect(base.calls).toHaveLength(0);
    const done = await call(mcp.client, "delete_experiment", { experiment_id: "e", confirm: true });
    expect(done.structured).toEqual({ experiment_id: "e", deleted: true });
    expect(base.calls.map((c) => c.method)).toEqual(["deleteExperiment"]);
  });

  it("with elicitation, asks the user and obeys the answer", async () => {
    const { base, mcp } = await start({}, { elicitation: { form: {} } });
    const asked: string[] = [];
    let reply: "yes" | "no" | "decline" = "no";
    mcp.client.setRequestHandler("elicitation/create", (request) => {
      asked.push(String(request.params.message));
      if (reply === "decline") return { action: "decline" };
      return { action: "accept", content: { confirm: reply === "yes" } };
    });
    const no = await call(mcp.client, "cancel_experiment", { experiment_id: "e", confirm: true });
    expect(no.isError).toBe(true);
    expect(no.text).toMatch(/did not confirm/);
    reply = "decline";
    expect((await call(mcp.client, "cancel_executors", { executor_ids: ["x1"] })).text).toMatch(/decline/);
    expect(base.calls).toHaveLength(0);
    reply = "yes";
    const yes = await call(mcp.client, "cancel_experiment", { experiment_id: "e" });
    expect(yes.structured).toEqual({ experiment_id: "e", message: "Executors cancellation started" });
    expect(asked).toHaveLength(3);
    expect(asked[0]).toContain('"e"');
  });
});

describe("answers", () => {
  it("get_nodes pages with next_offset / has_more and filters", async () => {
    const { mcp } = await start();
    const first = await call(mcp.client, "get_nodes", { limit: 2 });
    expect(first.structured.has_more).toBe(true);
    expect(first.structured.next_offset).toBe(2);
    const total = first.structured.total as number;
    const rest = await call(mcp.client, "get_nodes", { offset: 2, limit: 500 });
    expect(rest.structured.has_more).toBe(false);
    expect(rest.structured.next_offset).toBe(null);
    expect((first.structured.nodes as unknown[]).length + (rest.structured.nodes as unknown[]).length).toBe(total);
    const arm = await call(mcp.client, "get_nodes", { architecture: "linux/arm64" });
    const armNodes = arm.structured.nodes as { architecture: string }[];
    expect(armNodes.length).toBeGreaterThan(0);
    expect(armNodes.every((n) => n.architecture === "linux/arm64")).toBe(true);
  });

  it("get_experiment_results decodes per task, with failures and logs cut to the limits", async () => {
    const { base, mcp } = await start();
    const failures = fixture("status/finished_with_failures.json");
    base.statuses.set("f", [failures.body]);
    const answer = await call(mcp.client, "get_experiment_results", { experiment_id: "f", max_log_lines: 3, max_value_chars: 100 });
    expect(answer.isError, answer.text).toBe(false);
    const deployments = answer.structured.deployments as { node: string; ok: boolean | null; failed_tasks: string[]; logs: string[]; notes: string[] }[];
    const expected = failures.expected_results as { node: string; logs: string[] }[];
    expect(deployments.map((d) => d.node)).toEqual(expected.map((e) => e.node));
    const first = deployments[0]!;
    expect(first.ok).toBe(false);
    expect(first.failed_tasks).toContain("explode");
    expect(first.logs).toEqual(expected[0]!.logs.slice(-3));
    expect(first.notes.join(" ")).toMatch(/cut|shown/);
    expect(answer.text).toContain("ValueError: sensor offline on purpose");
  });

  it("wait_for_experiment reaches the target and reports progress", async () => {
    const { base, mcp } = await start();
    const preparing = fixture("status/preparing.json").body;
    const ready = fixture("status/ready.json").body;
    base.statuses.set("w", [preparing, preparing, ready]);
    const progress: number[] = [];
    const result = await mcp.client.callTool(
      { name: "wait_for_experiment", arguments: { experiment_id: "w", status: "READY", interval_seconds: 0.01 } },
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.structuredContent).toMatchObject({ status_name: "READY", reached: true, timed_out: false });
    expect(progress.length).toBeGreaterThan(0);
  });

  it("wait_for_experiment reports progress between widely spaced polls", async () => {
    const { base, mcp } = await start({ progressEveryMs: 40 });
    base.statuses.set("slow", [fixture("status/running.json").body]);
    const progress: number[] = [];
    const result = await mcp.client.callTool(
      // 2 s for progress every 40 ms: at least 4 notes even when a loaded machine delays timers
      { name: "wait_for_experiment", arguments: { experiment_id: "slow", timeout_seconds: 2, interval_seconds: 10 } },
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.structuredContent).toMatchObject({ status_name: "RUNNING", timed_out: true });
    // one poll at the start, one at the deadline, none in between (the interval is 10 s)...
    expect(base.calls.filter((c) => c.method === "getExperimentStatus")).toHaveLength(2);
    // ...but progress every 40 ms meanwhile, increasing
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it("wait_for_experiment says plainly that a name the server does not know is not known (yet), never PREPARING", async () => {
    const { mcp } = await start();
    const answer = await call(mcp.client, "wait_for_experiment", { experiment_id: "no-such", status: "READY", timeout_seconds: 0.05, interval_seconds: 0.01 });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/Experiment no-such not found: the server does not know an experiment named "no-such" \(yet; waited [\d.]+ s\)/);
    expect(answer.text).not.toMatch(/PREPARING/);
  });

  it("wait_for_experiment gives up on an unknown name after its short grace, even when asked to wait longer", async () => {
    const { base, mcp } = await start();
    const answer = await call(mcp.client, "wait_for_experiment", { experiment_id: "typo", timeout_seconds: 60, interval_seconds: 0.5 });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/does not know an experiment named "typo" \(yet/);
    const polls = base.calls.filter((c) => c.method === "getExperimentStatus").length;
    expect(polls).toBeGreaterThan(1); // it did tolerate "not found" for a while...
    expect(polls).toBeLessThan(30); // ...for the grace, not for the 60 s asked (0.5 s between polls)
  });

  it("wait_for_experiment tolerates 'not found' until the row appears (right after prepare)", async () => {
    const { base, mcp } = await start();
    // the row appears after the second "not found" (counted in polls, not in time)
    const read = base.getExperimentStatus.bind(base);
    base.getExperimentStatus = (async (...args: Parameters<typeof read>) => {
      if (base.calls.filter((c) => c.method === "getExperimentStatus").length === 2) base.statuses.set("late", [fixture("status/ready.json").body]);
      return read(...args);
    }) as typeof read;
    const result = await mcp.client.callTool(
      { name: "wait_for_experiment", arguments: { experiment_id: "late", status: "READY", interval_seconds: 0.02, timeout_seconds: 20 } },
    );
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ status_name: "READY", reached: true, timed_out: false });
    expect(base.calls.filter((c) => c.method === "getExperimentStatus").length).toBeGreaterThan(1);
  });

  it("wait_for_experiment returns at its timeout with a hint to call again", async () => {
    const { base, mcp } = await start();
    base.statuses.set("r", [fixture("status/running.json").body]);
    const answer = await call(mcp.client, "wait_for_experiment", { experiment_id: "r", timeout_seconds: 0.05, interval_seconds: 0.01 });
    expect(answer.structured).toMatchObject({ status_name: "RUNNING", reached: false, timed_out: true });
    expect(answer.text).toMatch(/call wait_for_experiment again/);
  });
});
