/**
 * One server for a team, as deployed: two `netunicorn-mcp --http --user-tokens` processes (two
 * replicas) in front of one sandbox served over HTTP, and one client whose requests alternate
 * between them, as behind a round-robin load balancer with no session affinity. A whole
 * lifecycle completes; another user sees none of it; a wrong token is refused by either replica.
 * TEAM_FIGURES=1 prints the figures (requests per replica, steps, time).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSandbox, type ServedSandbox } from "../../node/sandbox/serve-sandbox.js";
import { call } from "./helpers.js";
import { runLifecycle } from "./lifecycle.js";
import { clientWithToken, rawPost, sandboxToken } from "./team-helpers.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = ["--import", "tsx", "mcp/main.ts", "--http", "--port", "0", "--allow-writes", "--user-tokens"];

let sandbox: ServedSandbox;
const children: ChildProcess[] = [];
const replicas: string[] = [];
let output = "";

/** Starts one replica; resolves to its MCP URL once it prints it. */
function startReplica(endpoint: string): Promise<string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("NETUNICORN_")) env[k] = v;
  const child = spawn(process.execPath, MAIN, { cwd: root, env: { ...env, NETUNICORN_ENDPOINT: endpoint, NETUNICORN_MCP_CONFIRMATION_KEY: CONFIRMATION_KEY } });
  children.push(child);
  let printed = "";
  child.stderr!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${printed}`)), 90_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
      output += chunk.toString();
      const match = /MCP endpoint \(Streamable HTTP\): (\S+)/.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on("exit", (code) => reject(new Error(`replica exited with ${code}: ${printed}`)));
  });
}

/** A fetch for the SDK client's transport that sends each request to the next replica in turn, and counts. */
function roundRobin(urls: readonly string[]) {
  const counts = urls.map(() => 0);
  /** "<replica> <HTTP method> <JSON-RPC method or tool>" of each request, in order. */
  const log: string[] = [];
  let next = 0;
  const fetch = (input: string | URL, init?: RequestInit) => {
    const index = next++ % urls.length;
    counts[index]!++;
    log.push(`${index} ${init?.method ?? "GET"} ${describeBody(init?.body)}`);
    const target = new URL(urls[index]!);
    const url = new URL(input);
    url.host = target.host;
    return globalThis.fetch(url, init);
  };
  return { fetch, counts, log };
}

function describeBody(body: unknown): string {
  if (typeof body !== "string") return "";
  const message = JSON.parse(body) as { method?: string; params?: { name?: string } };
  return message.params?.name ?? message.method ?? "response";
}

/** Shared by the replicas: a question sealed by one is answered on the other. */
const CONFIRMATION_KEY = "replicas-share-this-key-0123456789abcdef";

beforeAll(async () => {
  sandbox = await serveSandbox({ timing: { preparationMs: 150, executionMs: 300, executorsStartMs: 50, cancelMs: 50 } });
  replicas.push(...(await Promise.all([startReplica(sandbox.url), startReplica(sandbox.url)])));
});

afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  await sandbox?.close();
});

describe("two replicas, one client alternating between them", () => {
  it("runs a whole lifecycle (prepare → results → delete) with no session affinity", async () => {
    expect(new Set(replicas).size).toBe(2);
    const token = await sandboxToken(sandbox.url, "demo");
    const otherToken = await sandboxToken(sandbox.url, "other");
    const balancer = roundRobin(replicas);
    const started = performance.now();
    const alice = await clientWithToken(replicas[0]!, token, balancer.fetch);
    const bob = await clientWithToken(replicas[1]!, otherToken, roundRobin(replicas).fetch);
    try {
      await runLifecycle(alice, "team-ping");
      // Another user, through the same replicas, sees nothing of it.
      expect((await call(bob, "get_experiments")).structured.experiments).toEqual([]);
      expect((await call(bob, "delete_experiment", { experiment_id: "team-ping", confirm: true })).isError).toBe(true);
      // No session means no elicitation: the confirmation is the explicit confirm: true.
      const unconfirmed = await call(alice, "delete_experiment", { experiment_id: "team-ping" });
      expect(unconfirmed.isError).toBe(true);
      expect(unconfirmed.text).toMatch(/confirm: true/);
      const deleted = await call(alice, "delete_experiment", { experiment_id: "team-ping", confirm: true });
      expect(deleted.structured, deleted.text).toEqual({ experiment_id: "team-ping", deleted: true });
      expect((await call(alice, "get_experiments")).structured.experiments).toEqual([]);
    } finally {
      await alice.close();
      await bob.close();
    }
    const [first, second] = balancer.counts as [number, number];
    expect(first).toBeGreaterThan(3);
    expect(Math.abs(first - second)).toBeLessThanOrEqual(1);
    if (process.env.TEAM_FIGURES) {
      console.log(`two replicas: ${first} + ${second} requests, lifecycle prepare → wait → start → wait → results → delete in ${Math.round(performance.now() - started)} ms`);
      console.log(balancer.log.join("\n"));
    }
  });

  it("serves a 2026-07-28 client the same way; its delete is confirmed by an input-required round trip across replicas", async () => {
    const token = await sandboxToken(sandbox.url, "other");
    const balancer = roundRobin(replicas);
    const asked: string[] = [];
    const started = performance.now();
    const client = await clientWithToken(replicas[0]!, token, balancer.fetch, asked);
    try {
      await runLifecycle(client, "modern-ping");
      const deleted = await call(client, "delete_experiment", { experiment_id: "modern-ping" });
      expect(deleted.structured, deleted.text).toEqual({ experiment_id: "modern-ping", deleted: true });
      expect(asked).toEqual(['Delete experiment "modern-ping" and its results?']);
      expect((await call(client, "get_experiments")).structured.experiments).toEqual([]);
    } finally {
      await client.close();
    }
    const [first, second] = balancer.counts as [number, number];
    expect(Math.abs(first - second)).toBeLessThanOrEqual(1);
    // The question and the call answering it went to different replicas.
    const deletes = balancer.log.filter((line) => line.endsWith("delete_experiment"));
    expect(new Set(deletes.map((line) => line.split(" ")[0])).size).toBe(2);
    if (process.env.TEAM_FIGURES) {
      console.log(`two replicas, 2026-07-28 client: ${first} + ${second} requests in ${Math.round(performance.now() - started)} ms`);
      console.log(balancer.log.join("\n"));
    }
  });

  it("refuses a wrong token at either replica, and never prints a token", async () => {
    for (const url of replicas) {
      const refused = await rawPost(url, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_experiments", arguments: {} } }, { authorization: "Bearer wrong-token" });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer realm="netunicorn", error="invalid_token"/);
      await refused.text();
    }
    // A 2025-era client that kept a session id: initialize at one replica, a call with that id at the other.
    const token = await sandboxToken(sandbox.url, "demo");
    const auth = { authorization: `Bearer ${token}` };
    const init = { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } };
    const initialized = await rawPost(replicas[0]!, { jsonrpc: "2.0", id: 0, method: "initialize", params: init }, auth);
    expect(initialized.status).toBe(200);
    await initialized.text();
    const elsewhere = await rawPost(replicas[1]!, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "healthcheck", arguments: {} } }, { ...auth, "mcp-session-id": "kept-by-the-client" });
    expect(elsewhere.status).toBe(200);
    expect(await elsewhere.text()).toMatch(/"healthy":true/);
    expect(output).toMatch(/one server for a team/);
    expect(output).not.toMatch(/wrong-token/);
  });
});
