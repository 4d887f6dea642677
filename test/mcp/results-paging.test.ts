/**
 * Paging through get_experiment_results costs what a page returns: a walk fetches the status
 * once (at offset 0), a FINISHED experiment's copy serves the later pages, the kept copies are
 * bounded, forgotten on delete, and never shared between the users of a team server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveHttp, type RunningHttp } from "../../mcp/transport/http.js";
import { ResultsStore } from "../../mcp/answers/results-cache.js";
import { serveSandbox, type ServedSandbox } from "../../node/sandbox/serve-sandbox.js";
import { createTeam } from "../../mcp/team.js";
import type { BaseClient } from "../../src/base-client.js";
import { RemoteClient } from "../../src/client/index.js";
import { PyDict, PyResult, pickle } from "../../src/pickle/index.js";
import { createSandbox, DEMO_USERS } from "../../src/sandbox/index.js";
import { fakeClient } from "./fake-client.js";
import { type Connected, call, connect } from "./helpers.js";
import { clientWithToken, sandboxToken } from "./team-helpers.js";

const FAST = { preparationMs: 30, executionMs: 30, executorsStartMs: 5, cancelMs: 5, rowDelayMs: 0 };
const WAIT = { interval_seconds: 0.02, timeout_seconds: 30 };

describe("ResultsStore", () => {
  it("keeps the most recently used entries within its count and bytes, per scope", () => {
    const store = new ResultsStore({ maxEntries: 2, maxBytes: 100 });
    const alice = store.scoped("alice");
    const bob = store.scoped("bob");
    alice.put("exp", "alice's", 10);
    expect(bob.get("exp")).toBeUndefined();
    bob.put("exp", "bob's", 10);
    expect([alice.get("exp"), bob.get("exp")]).toEqual(["alice's", "bob's"]);
    alice.get("exp"); // alice's is now the most recently used
    alice.put("other", "x", 10); // a third entry: the least recently used (bob's) goes
    expect(bob.get("exp")).toBeUndefined();
    expect(alice.get("exp")).toBe("alice's");
    alice.put("big", "y", 95); // over the bytes with the others: they go, it stays
    expect([alice.get("exp"), alice.get("other"), alice.get("big")]).toEqual([undefined, undefined, "y"]);
    expect(store.size).toEqual({ entries: 1, bytes: 95 });
    alice.put("huge", "z", 101); // bigger than the whole budget: not kept, nothing else dropped
    expect([alice.get("huge"), alice.get("big")]).toEqual([undefined, "y"]);
    alice.forget("big");
    expect(store.size).toEqual({ entries: 0, bytes: 0 });
  });

  it("lets an entry expire", () => {
    let now = 0;
    const cache = new ResultsStore({ ttlMs: 1000, now: () => now }).scoped("");
    cache.put("exp", 1, 1);
    now = 1000;
    expect(cache.get("exp")).toBe(1);
    now = 1001;
    expect(cache.get("exp")).toBeUndefined();
  });
});

/** A sandbox of `count` nodes, a client counting its status requests, and an MCP client. */
async function world(count: number): Promise<{ mcp: Connected; fetches: () => number }> {
  const nodes = Array.from({ length: count }, (_, i) => ({
    name: `n-${i}`,
    properties: { "netunicorn-environments": ["ShellExecution", "DockerImage"] },
    additional_properties: {},
    architecture: "linux/amd64",
  }));
  const sandbox = createSandbox({ pool: { node_pool_type: "CountableNodePool", node_pool_data: nodes, node_pool_metadata: null }, timing: FAST });
  let fetches = 0;
  const base = new RemoteClient({
    endpoint: "http://sandbox.invalid",
    login: "demo",
    password: DEMO_USERS.demo!.password,
    fetch: (input, init) => {
      const request = new Request(input, init);
      if (request.method === "GET" && /\/api\/v1\/experiment\/[^/]+$/.test(new URL(request.url).pathname)) fetches++;
      return sandbox.fetch(request);
    },
  });
  return { mcp: await connect(base as BaseClient, { sandbox: true }), fetches: () => fetches };
}

async function runToFinish(mcp: Connected, id: string, nodeCount: number): Promise<void> {
  const prepared = await call(mcp.client, "prepare_experiment", {
    experiment_id: id,
    nodes: { filter: {}, count: nodeCount },
    pipeline: [{ task: "Ping", args: { address: "127.0.0.1", count: 2 }, name: "ping" }],
    environment: { type: "shell" },
  });
  expect(prepared.isError, prepared.text).toBe(false);
  await call(mcp.client, "wait_for_experiment", { experiment_id: id, status: "READY", ...WAIT });
  await call(mcp.client, "start_execution", { experiment_id: id });
  const done = await call(mcp.client, "wait_for_experiment", { experiment_id: id, ...WAIT });
  expect(done.structured.status_name).toBe("FINISHED");
}

type Page = { deployments: { node: string }[]; next_offset: number | null; total: number; failed_deployments: number };

describe("get_experiment_results pages from one fetch", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world(7);
    await runToFinish(w.mcp, "walk", 7);
  });
  afterAll(() => w.mcp.close());

  it("walks every page with one status request, the pages adding up to the whole list", async () => {
    const before = w.fetches();
    const nodes: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page = (await call(w.mcp.client, "get_experiment_results", { experiment_id: "walk", offset, limit: 2 })).structured as Page;
      nodes.push(...page.deployments.map((d) => d.node));
      expect(page).toMatchObject({ total: 7, failed_deployments: 0 });
      offset = page.next_offset;
      pages++;
    }
    expect(pages).toBe(4);
    expect(nodes).toEqual(["n-0", "n-1", "n-2", "n-3", "n-4", "n-5", "n-6"]);
    expect(w.fetches() - before).toBe(1);
  });

  it("a later page read from the kept copy equals the same page fetched afresh", async () => {
    await call(w.mcp.client, "get_experiment_results", { experiment_id: "walk" }); // offset 0: fetched, kept
    const before = w.fetches();
    const kept = await call(w.mcp.client, "get_experiment_results", { experiment_id: "walk", offset: 3, limit: 3 });
    expect(w.fetches()).toBe(before);
    const fresh = await call(w.mcp.client, "get_experiment_results", { experiment_id: "walk", node: "n-3" });
    expect(w.fetches()).toBe(before + 1);
    expect((kept.structured as Page).deployments[0]).toEqual((fresh.structured as Page).deployments[0]);
  });

  it("forgets the kept copy when the experiment is deleted through this server", async () => {
    await runToFinish(w.mcp, "gone", 2);
    await call(w.mcp.client, "get_experiment_results", { experiment_id: "gone" });
    const deleted = await call(w.mcp.client, "delete_experiment", { experiment_id: "gone", confirm: true });
    expect(deleted.structured, deleted.text).toMatchObject({ deleted: true });
    const after = await call(w.mcp.client, "get_experiment_results", { experiment_id: "gone", offset: 1 });
    expect(after.isError).toBe(true);
    expect(after.text).toMatch(/not found/);
  });
});

describe("rows per deployment", () => {
  it("two deployments on one node keep their own rows, in the server's order", async () => {
    const base = fakeClient();
    const node = (name: string) => ({ name, properties: {}, additional_properties: {}, architecture: "linux/amd64" });
    const result = (rtt: number) => Buffer.from(pickle([new PyResult(true, new PyDict([["probe", [new PyResult(true, new PyDict([["rtt", rtt]]))]]])), []])).toString("base64");
    const execution_result = [
      { node: node("twice"), execution_graph: "", result: result(1.5), error: null },
      { node: node("once"), execution_graph: "", result: result(2.5), error: null },
      { node: node("twice"), execution_graph: "", result: result(3.5), error: null },
    ];
    base.statuses.set("dup", [{ status: 4, experiment: null, execution_result }]);
    const mcp = await connect(base);
    try {
      const answer = await call(mcp.client, "get_experiment_results", { experiment_id: "dup" });
      const rows = answer.structured.rows as { node: string; task: string; fields: { rtt: number } }[];
      expect(rows.map((r) => [r.node, r.task, r.fields.rtt])).toEqual([["twice", "probe", 1.5], ["once", "probe", 2.5], ["twice", "probe", 3.5]]);
      const second = await call(mcp.client, "get_experiment_results", { experiment_id: "dup", offset: 2 });
      expect((second.structured.rows as { fields: { rtt: number } }[]).map((r) => r.fields.rtt)).toEqual([3.5]);
      expect(answer.structured.summary).toEqual([expect.objectContaining({ task: "probe", column: "rtt", count: 3, min: 1.5, median: 2.5, max: 3.5 })]);
    } finally {
      await mcp.close();
    }
  });
});

describe("a plain client whose status body does not validate as models", () => {
  it("still gets the decoded values and failure verdicts, without rows", async () => {
    const base = fakeClient();
    const result = (ok: boolean) => Buffer.from(pickle([new PyResult(ok, new PyDict([["probe", [new PyResult(ok, "out")]]])), []])).toString("base64");
    // No additional_properties on the nodes: the models refuse it, the wire view reads it.
    const node = (name: string) => ({ name, properties: {}, architecture: "linux/amd64" });
    const execution_result = [
      { node: node("good"), execution_graph: "", result: result(true), error: null },
      { node: node("bad"), execution_graph: "", result: result(false), error: null },
    ];
    base.statuses.set("loose", [{ status: 4, experiment: null, execution_result }]);
    const mcp = await connect(base);
    try {
      const answer = await call(mcp.client, "get_experiment_results", { experiment_id: "loose" });
      expect(answer.isError, answer.text).toBe(false);
      expect(answer.structured).toMatchObject({ result_count: 2, failed_deployments: 1, rows: [], summary: [] });
      expect((answer.structured.deployments as { node: string; ok: boolean }[]).map((d) => [d.node, d.ok])).toEqual([["good", true], ["bad", false]]);
      expect(answer.text).toMatch(/bad: FAILED \(probe\)/);
    } finally {
      await mcp.close();
    }
  });
});

describe("team server: kept results are per user", () => {
  let sandbox: ServedSandbox;
  let http: RunningHttp;
  const statusRequests: string[] = [];
  beforeAll(async () => {
    sandbox = await serveSandbox({ timing: FAST });
    const fetch = (input: string, init: RequestInit) => {
      const path = new URL(input).pathname;
      if ((init.method ?? "GET") === "GET" && path.startsWith("/api/v1/experiment/")) statusRequests.push(path);
      return globalThis.fetch(input, init);
    };
    const team = createTeam({ endpoint: sandbox.url, server: {}, fetch });
    http = await serveHttp({ port: 0, perRequest: team });
  });
  afterAll(async () => {
    await http?.close();
    await sandbox?.close();
  });

  it("two users' experiments of the same name never share a kept copy", async () => {
    const alice = await clientWithToken(http.url, await sandboxToken(sandbox.url, "demo"));
    const bob = await clientWithToken(http.url, await sandboxToken(sandbox.url, "other"));
    try {
      for (const [who, nodes] of [[alice, ["node-a", "node-b"]], [bob, ["node-c", "rpi-arm64-01"]]] as const) {
        const spec = { experiment_id: "same", nodes: { names: nodes }, pipeline: [{ shell: ["true"], name: "t" }], environment: { type: "shell" } };
        expect((await call(who, "prepare_experiment", spec)).isError).toBe(false);
        await call(who, "wait_for_experiment", { experiment_id: "same", status: "READY", ...WAIT });
        await call(who, "start_execution", { experiment_id: "same" });
        await call(who, "wait_for_experiment", { experiment_id: "same", ...WAIT });
      }
      const second = async (who: typeof alice) => ((await call(who, "get_experiment_results", { experiment_id: "same", offset: 1, limit: 1 })).structured as Page).deployments[0]!.node;
      await call(alice, "get_experiment_results", { experiment_id: "same", limit: 1 }); // alice's walk starts: fetched, kept
      statusRequests.length = 0;
      expect(await second(alice)).toBe("node-b"); // her kept copy, though every request has its own server
      expect(statusRequests).toEqual([]);
      expect(await second(bob)).toBe("rpi-arm64-01"); // not alice's copy: fetched as bob
      expect(statusRequests).toEqual(["/api/v1/experiment/same"]);
    } finally {
      await alice.close();
      await bob.close();
    }
  });
});
