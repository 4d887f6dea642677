/**
 * Transcripts 08-15 replayed in-process: the experiment list, cancel (double-encoded refusal),
 * cancel executors (ownership wording), isolation between users, delete, misc HTTP, a backend
 * outage, and the curl exchanges.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { shellExperiment, testServer, type TestServer } from "./helpers.js";
import type { Status } from "./transcripts.test.js";

let s: TestServer;
let demo: string;
let other: string;

beforeEach(async () => {
  s = testServer({ timing: { preparationMs: 1000, executionMs: 10_000, executorsStartMs: 500, cancelMs: 500 } });
  demo = await s.login();
  other = await s.login("other");
});

async function readyExperiment(name: string, nodes: string[], token = demo): Promise<string[]> {
  await s.call("POST", `/api/v1/experiment/${name}/prepare`, { token, body: shellExperiment(nodes) });
  s.clock.advance(1000);
  const info = (await s.call("GET", `/api/v1/experiment/${name}`, { token })).json as Status;
  return info.experiment.deployment_map.map((d) => d.executor_id);
}

async function runningExperiment(name: string, nodes: string[], token = demo): Promise<string[]> {
  const ids = await readyExperiment(name, nodes, token);
  expect((await s.call("POST", `/api/v1/experiment/${name}/start`, { token })).status).toBe(200);
  s.clock.advance(500);
  return ids;
}

const status = async (name: string, token = demo) => (await s.call("GET", `/api/v1/experiment/${name}`, { token })).json as Status;

describe("08 get experiments", () => {
  it("maps each of the user's names to its status, and {} for a user without any", async () => {
    await readyExperiment("a", ["node-a"]);
    await readyExperiment("b", ["node-b"]);
    const list = (await s.call("GET", "/api/v1/experiment", { token: demo })).json as Record<string, Status>;
    expect(Object.keys(list)).toEqual(["a", "b"]);
    expect(list["a"]).toEqual(await status("a"));
    const none = await s.call("GET", "/api/v1/experiment", { token: other });
    expect([none.status, none.text]).toEqual([200, "{}"]);
  });
});

describe("09 cancel experiment", () => {
  it("stops a running experiment; a second cancel gets the double-encoded refusal", async () => {
    await runningExperiment("long", ["node-c"]);
    const nodes = await s.call("GET", "/api/v1/nodes", { token: other });
    expect(nodes.text).not.toContain('"node-c"');
    expect(nodes.text).toContain('"node-a"');
    const c = await s.call("POST", "/api/v1/experiment/long/cancel", { token: demo });
    expect([c.status, c.text]).toEqual([200, '"Executors cancellation started"']);
    expect((await status("long")).status).toBe(3);
    s.clock.advance(500);
    const done = await status("long");
    expect(done.status).toBe(4);
    expect(done.execution_result.map((r) => [r.error, r.result])).toEqual([["Executor was stopped", null]]);
    const again = await s.call("POST", "/api/v1/experiment/long/cancel", { token: demo });
    expect([again.status, again.text]).toEqual([400, '"\\"Executors [] not found\\""']);
    const unknown = await s.call("POST", "/api/v1/experiment/nope/cancel", { token: demo });
    expect([unknown.status, unknown.text]).toEqual([400, '"Experiment nope not found"']);
  });
});

describe("10 cancel executors", () => {
  it("refuses another user's executors and unknown ones with the mediator's wording", async () => {
    const ids = await runningExperiment("execs", ["node-a", "node-b"]);
    const theirs = await s.call("POST", "/api/v1/executors/cancel", { token: other, body: { executors: ids, cancellation_context: null } });
    expect([theirs.status, theirs.json]).toEqual([400, `Some of executors do not belong to user other: \n ['${ids[0]}', '${ids[1]}']`]);
    const unknown = await s.call("POST", "/api/v1/executors/cancel", { token: demo, body: { executors: ["no-such-executor"] } });
    expect(unknown.json).toBe("All executors already finished or no experiments found belonging to user demo with given executors: ['no-such-executor']");
    const missing = await s.call("POST", "/api/v1/executors/cancel", { token: demo, body: { cancellation_context: null } });
    expect([missing.status, missing.text]).toEqual([422, '{"detail":[{"loc":["body","executors"],"msg":"field required","type":"value_error.missing"}]}']);
    const notList = await s.call("POST", "/api/v1/executors/cancel", { token: demo, body: { executors: "abc" } });
    expect(notList.text).toBe('{"detail":[{"loc":["body","executors"],"msg":"value is not a valid list","type":"type_error.list"}]}');
  });

  it("cancels own executors one by one; the experiment finishes when the last one stopped", async () => {
    const ids = await runningExperiment("execs", ["node-a", "node-b"]);
    const first = await s.call("POST", "/api/v1/executors/cancel", { token: demo, body: { executors: [ids[0]], cancellation_context: null } });
    expect(first.text).toBe('"Executors cancellation started"');
    s.clock.advance(500);
    const half = await status("execs");
    expect([half.status, half.execution_result.map((r) => r.error)]).toEqual([3, ["Executor was stopped", null]]);
    const second = await s.call("POST", "/api/v1/executors/cancel", { token: demo, body: { executors: [ids[1]], cancellation_context: { local: { reason: "smoke" } } } });
    expect(second.status).toBe(200);
    s.clock.advance(500);
    const done = await status("execs");
    expect([done.status, done.execution_result.map((r) => r.error)]).toEqual([4, ["Executor was stopped", "Executor was stopped"]]);
    const late = await s.call("POST", "/api/v1/executors/cancel", { token: demo, body: { executors: ids } });
    expect(late.json).toBe(`All executors already finished or no experiments found belonging to user demo with given executors: ['${ids[0]}', '${ids[1]}']`);
  });

  it("answers 500 plain text when an unknown id is mixed with another user's (the mediator's KeyError)", async () => {
    const ids = await runningExperiment("execs", ["node-a"]);
    const a = await s.call("POST", "/api/v1/executors/cancel", { token: other, body: { executors: [ids[0], "ghost"] } });
    expect([a.status, a.text, a.headers.get("content-type")]).toEqual([500, "'ghost'", null]);
  });
});

describe("11 isolation", () => {
  it("makes another user's experiment indistinguishable from a missing one", async () => {
    await runningExperiment("smoke", ["node-a", "node-b"]);
    const calls: [string, string, object?][] = [
      ["GET", "/api/v1/experiment/smoke"],
      ["DELETE", "/api/v1/experiment/smoke"],
      ["GET", "/api/v1/experiment/smoke/flag/flag1"],
      ["POST", "/api/v1/experiment/smoke/flag/flag1", { int_value: 1 }],
      ["POST", "/api/v1/experiment/smoke/start"],
      ["POST", "/api/v1/experiment/smoke/cancel"],
    ];
    for (const [method, path, body] of calls) {
      const a = await s.call(method, path, { token: other, body });
      expect([a.status, a.text]).toEqual([400, '"Experiment smoke not found"']);
    }
    expect((await s.call("GET", "/api/v1/experiment", { token: other })).text).toBe("{}");
    const pool = (await s.call("GET", "/api/v1/nodes", { token: other })).text;
    expect(pool).not.toContain('"node-a"');
    expect(pool).toContain('"node-c"');
    // names are per user: other may use the same name
    expect((await s.call("POST", "/api/v1/experiment/smoke/prepare", { token: other, body: shellExperiment(["node-c"]) })).status).toBe(200);
    expect((await status("smoke", other)).experiment.deployment_map).toHaveLength(1);
    expect((await status("smoke")).experiment.deployment_map).toHaveLength(2);
  });

  it("marks a deployment on a node locked by another user as not prepared", async () => {
    await runningExperiment("mine", ["node-a"]);
    await readyExperiment("theirs", ["node-a", "node-b"], other);
    const info = (await s.call("GET", "/api/v1/experiment/theirs", { token: other })).json as { experiment: { deployment_map: { prepared: boolean; error: string | null }[] } };
    expect(info.experiment.deployment_map.map((d) => [d.prepared, d.error])).toEqual([
      [false, "Node node-a is already locked by demo"],
      [true, null],
    ]);
  });
});

describe("12 delete", () => {
  it("deletes READY and FINISHED experiments (200 null), refuses RUNNING, forgets the name", async () => {
    await readyExperiment("ready", ["node-c"]);
    const r = await s.call("DELETE", "/api/v1/experiment/ready", { token: demo });
    expect([r.status, r.text, r.headers.get("content-type")]).toEqual([200, "null", "application/json"]);
    await runningExperiment("smoke", ["node-a"]);
    expect((await s.call("DELETE", "/api/v1/experiment/smoke", { token: demo })).status).toBe(400);
    s.clock.advance(10_000);
    expect((await s.call("DELETE", "/api/v1/experiment/smoke", { token: demo })).text).toBe("null");
    for (const method of ["GET", "DELETE"]) {
      expect((await s.call(method, "/api/v1/experiment/smoke", { token: demo })).text).toBe('"Experiment smoke not found"');
    }
    expect((await s.call("GET", "/api/v1/experiment", { token: demo })).text).toBe("{}");
  });

  it("refuses to delete while PREPARING", async () => {
    await s.call("POST", "/api/v1/experiment/p/prepare", { token: demo, body: shellExperiment(["node-a"]) });
    const a = await s.call("DELETE", "/api/v1/experiment/p", { token: demo });
    expect(a.json).toBe("Experiment p for user demo is in status ExperimentStatus.PREPARING, cannot delete it");
  });
});

describe("13 misc HTTP", () => {
  it("answers unknown paths 404, wrong methods 405 with allow", async () => {
    expect((await s.call("GET", "/api/v1/experiment")).status).toBe(401);
    const nope = await s.call("GET", "/api/v1/nope", { token: demo });
    expect([nope.status, nope.text]).toEqual([404, '{"detail":"Not Found"}']);
    const put = await s.call("PUT", "/api/v1/experiment", { token: demo, raw: "" });
    expect([put.status, put.text, put.headers.get("allow")]).toEqual([405, '{"detail":"Method Not Allowed"}', "GET"]);
  });

  it("serves the UI extras: locks, compilations, running and last experiments", async () => {
    await runningExperiment("run", ["node-a", "node-b"]);
    const locks = (await s.call("GET", "/api/v1/ui/locks", { token: demo })).json as { node_name: string }[];
    expect(locks.map((l) => l.node_name).sort()).toEqual(["node-a", "node-b"]);
    expect((await s.call("GET", "/api/v1/ui/locks", { token: other })).text).toBe("[]");
    expect((await s.call("GET", "/api/v1/ui/compilations", { token: demo })).text).toBe("[]");
    const running = (await s.call("GET", "/api/v1/ui/running_experiments", { token: demo })).json as Record<string, unknown>[];
    expect(running).toEqual([
      expect.objectContaining({ username: "demo", experiment_name: "run", status: "ExperimentStatus.RUNNING", error: null, nodes: "node-a, node-b" }),
    ]);
    expect(running[0]?.["creation_time"]).toMatch(/^2026-01-01 00:00:00$/);
    expect((await s.call("GET", "/api/v1/ui/last_experiments?days=1", { token: demo })).json).toHaveLength(1);
    expect((await s.call("GET", "/api/v1/ui/last_experiments?days=1", { token: other })).text).toBe("[]");
    const bad = await s.call("GET", "/api/v1/ui/last_experiments?days=abc", { token: demo });
    expect([bad.status, bad.text]).toEqual([422, '{"detail":[{"loc":["query","days"],"msg":"value is not a valid integer","type":"type_error.integer"}]}']);
    s.clock.advance(2 * 24 * 3600 * 1000);
    demo = await s.login();
    expect((await s.call("GET", "/api/v1/ui/last_experiments?days=1", { token: demo })).text).toBe("[]");
    expect((await s.call("GET", "/api/v1/ui/last_experiments?days=3", { token: demo })).json).toHaveLength(1);
  });
});

describe("14 backend down", () => {
  it("answers health and nodes with a 500 plain text and no content type during an outage", async () => {
    s.sandbox.setOutage("HTTPConnectionPool(host='127.0.0.1', port=26514): Max retries exceeded with url: /health");
    for (const path of ["/api/v1/health", "/api/v1/nodes"]) {
      const a = await s.call("GET", path, { token: demo });
      expect([a.status, a.headers.get("content-type")]).toEqual([500, null]);
      expect(a.text).toContain("Max retries exceeded");
    }
    s.sandbox.setOutage(null);
    expect((await s.call("GET", "/api/v1/health", { token: demo })).status).toBe(200);
  });
});

describe("15 curl", () => {
  it("validates start and cancel contexts before looking the experiment up", async () => {
    const start = await s.call("POST", "/api/v1/experiment/curl-nope/start", { token: demo, raw: '"abc"', headers: { "content-type": "application/json" } });
    expect([start.status, start.text]).toEqual([422, '{"detail":[{"loc":["body"],"msg":"value is not a valid dict","type":"type_error.dict"}]}']);
    const ok = await s.call("POST", "/api/v1/experiment/curl-nope/start", { token: demo, body: { local: { k: "v" } } });
    expect([ok.status, ok.text]).toEqual([400, '"Experiment curl-nope not found"']);
    const cancel = await s.call("POST", "/api/v1/experiment/curl-nope/cancel", { token: demo, body: { local: "x" } });
    expect([cancel.status, cancel.text]).toEqual([422, '{"detail":[{"loc":["body","local"],"msg":"value is not a valid dict","type":"type_error.dict"}]}']);
    const flag = await s.call("POST", "/api/v1/experiment/curl-nope/flag/f", { token: demo, body: { int_value: "x" } });
    expect(flag.text).toBe('{"detail":[{"loc":["body","int_value"],"msg":"value is not a valid integer","type":"type_error.integer"}]}');
  });
});
