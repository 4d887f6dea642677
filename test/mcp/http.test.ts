/** The Streamable HTTP front door against hostile requests: every one gets a clear HTTP answer, the server keeps serving. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/client";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { serveHttp, type RunningHttp } from "../../mcp/transport/http.js";
import { createMcpServer } from "../../mcp/index.js";
import { fakeClient } from "./fake-client.js";

let http: RunningHttp;
beforeAll(async () => {
  http = await serveHttp({ port: 0, makeServer: () => createMcpServer(fakeClient()), maxBodyBytes: 64 * 1024 });
});
afterAll(() => http.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(http.url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers }, body });

describe("Streamable HTTP on hostile input", () => {
  it("answers 413 to an oversized body, 400 to broken JSON or a missing session, 404 elsewhere", async () => {
    expect((await post("[" + "1,".repeat(100_000) + "1]")).status).toBe(413);
    const broken = await post("{not json");
    expect(broken.status).toBe(400);
    expect(await broken.text()).toMatch(/not JSON/);
    expect((await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }))).status).toBe(400);
    expect((await post("{}", { "mcp-session-id": "forged" })).status).toBe(404);
    expect((await fetch(http.url.replace("/mcp", "/other"))).status).toBe(404);
  });

  it("still serves a real client afterwards", async () => {
    const client = new Client({ name: "after-abuse", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
    try {
      expect((await client.callTool({ name: "healthcheck", arguments: {} })).structuredContent).toEqual({ healthy: true });
    } finally {
      await client.close();
    }
  });
});
