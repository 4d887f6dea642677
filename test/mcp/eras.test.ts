/**
 * Clients of both protocol eras, with the SDK's own client: 2026-07-28 (stateless: server/discover,
 * input-required confirmation, cache hints) and 2025-11-25 / 2025-06-18 (initialize, elicitation),
 * over Streamable HTTP (in-process server) and stdio (the real command in a child process).
 */
import { fileURLToPath } from "node:url";
import { Client, type ClientCapabilities, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHttp, serveHttp } from "../../mcp/transport/http.js";
import { TOOL_NAMES, createMcpServer } from "../../mcp/index.js";
import { type FakeClient, fakeClient } from "./fake-client.js";
import { call } from "./helpers.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

const ERAS = [
  { name: "2026-07-28", options: { versionNegotiation: { mode: { pin: "2026-07-28" } } }, era: "modern" },
  { name: "2025-11-25", options: {}, era: "legacy" },
  { name: "2025-06-18", options: { supportedProtocolVersions: ["2025-06-18"] }, era: "legacy" },
] as const;

type Era = (typeof ERAS)[number];

/** A client of this era; with `answer`, it can ask its user (elicitation) and answers so. */
function makeClient(era: Era, answer?: () => boolean): { client: Client; asked: string[] } {
  const capabilities: ClientCapabilities = answer ? { elicitation: { form: {} } } : {};
  const client = new Client({ name: `era-${era.name}`, version: "1.0.0" }, { capabilities, ...era.options } as never);
  const asked: string[] = [];
  if (answer) {
    client.setRequestHandler("elicitation/create", async (request) => {
      asked.push(String(request.params.message));
      return { action: "accept", content: { confirm: answer() } };
    });
  }
  return { client, asked };
}

let base: FakeClient;
let http: RunningHttp;
const rawBodies: string[] = [];
beforeAll(async () => {
  base = fakeClient();
  http = await serveHttp({ port: 0, makeServer: () => createMcpServer(base) });
});
afterAll(() => http.close());

/** A transport that records each raw response body (to see the 2026 cache fields on the wire). */
function httpTransport(): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(http.url), {
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      if (response.headers.get("content-type")?.includes("application/json")) rawBodies.push(await response.clone().text());
      return response;
    },
  });
}

describe.each(ERAS)("Streamable HTTP, protocol $name", (era) => {
  it("negotiates its era, lists the tools in a fixed order and calls one", async () => {
    const { client } = makeClient(era);
    await client.connect(httpTransport());
    try {
      expect(client.getProtocolEra()).toBe(era.era);
      if (era.era === "legacy") expect(client.getNegotiatedProtocolVersion()).toBe(era.name);
      else expect(client.getDiscoverResult()).toBeDefined();
      const first = (await client.listTools()).tools.map((t) => t.name);
      const second = (await client.listTools()).tools.map((t) => t.name);
      expect(first).toEqual(TOOL_NAMES.filter((n) => n !== "get_recent_experiments"));
      expect(second).toEqual(first);
      expect((await call(client, "healthcheck")).structured).toEqual({ healthy: true });
    } finally {
      await client.close();
    }
  });

  it("confirms a destructive tool with the user, and obeys a no", async () => {
    let yes = false;
    const { client, asked } = makeClient(era, () => yes);
    await client.connect(httpTransport());
    try {
      base.calls.length = 0;
      const refused = await call(client, "delete_experiment", { experiment_id: `x-${era.name}`, confirm: true });
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/did not confirm/);
      expect(base.calls).toEqual([]);
      yes = true;
      const done = await call(client, "delete_experiment", { experiment_id: `x-${era.name}` });
      expect(done.isError, done.text).toBe(false);
      expect(asked).toHaveLength(2);
      expect(base.calls.map((c) => c.method)).toEqual(["deleteExperiment"]);
    } finally {
      await client.close();
    }
  });

  it("without a way to ask the user, needs the explicit confirm: true", async () => {
    const { client } = makeClient(era);
    await client.connect(httpTransport());
    try {
      base.calls.length = 0;
      expect((await call(client, "delete_experiment", { experiment_id: "y" })).text).toMatch(/confirm: true/);
      expect(base.calls).toEqual([]);
      expect((await call(client, "delete_experiment", { experiment_id: "y", confirm: true })).isError).toBe(false);
    } finally {
      await client.close();
    }
  });
});

describe.each([ERAS[2], ERAS[0]])("a $name client declaring a bare elicitation: {}", (era) => {
  it("is asked (a bare declaration means form), not treated as unable to ask", async () => {
    const client = new Client({ name: `bare-${era.name}`, version: "1.0.0" }, { capabilities: { elicitation: {} }, ...era.options } as never);
    const asked: string[] = [];
    client.setRequestHandler("elicitation/create", async (request) => {
      asked.push(String(request.params.message));
      return { action: "accept", content: { confirm: false } };
    });
    await client.connect(httpTransport());
    try {
      if (era.era === "legacy") expect(client.getNegotiatedProtocolVersion()).toBe(era.name);
      base.calls.length = 0;
      const refused = await call(client, "delete_experiment", { experiment_id: `bare-${era.name}`, confirm: true });
      expect(asked).toHaveLength(1);
      expect(refused.text).toMatch(/did not confirm/);
      expect(base.calls).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

describe("2026-07-28 list results on the wire", () => {
  it("carry cache hints (ttlMs, cacheScope)", async () => {
    rawBodies.length = 0;
    const { client } = makeClient(ERAS[0]);
    await client.connect(httpTransport());
    try {
      await client.listTools();
    } finally {
      await client.close();
    }
    const listed = rawBodies.map((b) => JSON.parse(b) as { result?: { tools?: unknown; ttlMs?: number; cacheScope?: string } }).find((m) => m.result?.tools);
    expect(listed?.result).toMatchObject({ ttlMs: 300_000, cacheScope: "private" });
  });
});

function childEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("NETUNICORN_")) env[k] = v;
  return { ...env, NETUNICORN_SANDBOX_FAST: "1" };
}

describe.each(ERAS)("stdio (netunicorn-mcp in a child process), protocol $name", (era) => {
  it("negotiates its era, lists the tools, asks the user before a destructive call", async () => {
    const { client, asked } = makeClient(era, () => false);
    const transport = new StdioClientTransport({ command: process.execPath, args: ["--import", "tsx", "mcp/main.ts"], cwd: root, env: childEnv(), stderr: "pipe" });
    await client.connect(transport);
    try {
      expect(client.getProtocolEra()).toBe(era.era);
      if (era.era === "legacy") expect(client.getNegotiatedProtocolVersion()).toBe(era.name);
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(TOOL_NAMES);
      const refused = await call(client, "delete_experiment", { experiment_id: "nope", confirm: true });
      expect(refused.text).toMatch(/did not confirm/);
      expect(asked).toHaveLength(1);
      expect((await call(client, "get_nodes", { limit: 2 })).structured.has_more).toBe(true);
    } finally {
      await client.close();
    }
  });
});
