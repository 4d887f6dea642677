/**
 * An answer counts only for the question this server asked, for exactly those arguments (issue
 * 19, point 11), with the SDK's own clients of both eras over Streamable HTTP: a 2025-era client
 * slipping `inputResponses` (which its protocol does not define) into a tools/call is ignored (it
 * is asked, or needs confirm: true); a 2026 answer given for one experiment cannot be replayed
 * for another, and a forged state is refused.
 */
import { Client, type ClientCapabilities, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHttp, serveHttp } from "../../mcp/transport/http.js";
import { createMcpServer } from "../../mcp/index.js";
import { type FakeClient, fakeClient } from "./fake-client.js";
import { call } from "./helpers.js";

const ERAS = [
  { name: "2026-07-28", options: { versionNegotiation: { mode: { pin: "2026-07-28" } } } },
  { name: "2025-11-25", options: {} },
  { name: "2025-06-18", options: { supportedProtocolVersions: ["2025-06-18"] } },
] as const;
type Era = (typeof ERAS)[number];

const YES = { confirm: { action: "accept", content: { confirm: true } } };

let base: FakeClient;
let http: RunningHttp;
beforeAll(async () => {
  base = fakeClient();
  http = await serveHttp({ port: 0, makeServer: () => createMcpServer(base) });
});
afterAll(() => http.close());

/** Rewrites the next tools/call bodies (adds fields to params) and keeps every requestState the server sent. */
interface Tamper {
  add?: Record<string, unknown>;
  states: string[];
}

function tamperedTransport(tamper: Tamper): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(http.url), {
    fetch: async (url, init) => {
      let body = init?.body;
      if (typeof body === "string" && tamper.add) {
        const message = JSON.parse(body) as { method?: string; params?: Record<string, unknown> };
        if (message.method === "tools/call" && message.params && !("inputResponses" in message.params)) {
          message.params = { ...message.params, ...tamper.add };
          body = JSON.stringify(message);
        }
      }
      const response = await fetch(url, { ...init, body });
      // Only whole JSON answers are read here: an event stream stays open while the server asks the user.
      if (!response.headers.get("content-type")?.includes("application/json")) return response;
      const text = await response.clone().text();
      for (const match of text.matchAll(/"requestState":"([^"]+)"/g)) tamper.states.push(match[1]!);
      return response;
    },
  });
}

async function connected(era: Era, tamper: Tamper, answer?: () => boolean): Promise<{ client: Client; asked: string[] }> {
  const capabilities: ClientCapabilities = answer ? { elicitation: { form: {} } } : {};
  const client = new Client({ name: `binding-${era.name}`, version: "1.0.0" }, { capabilities, ...era.options } as never);
  const asked: string[] = [];
  if (answer) {
    client.setRequestHandler("elicitation/create", async (request) => {
      asked.push(String(request.params.message));
      return { action: "accept", content: { confirm: answer() } };
    });
  }
  await client.connect(tamperedTransport(tamper));
  return { client, asked };
}

describe.each(ERAS.slice(1))("a 2025-era client ($name) sending inputResponses with tools/call", (era) => {
  it("without elicitation: the slipped-in yes is ignored, confirm: true is still needed", async () => {
    const { client } = await connected(era, { add: { inputResponses: YES }, states: [] });
    try {
      base.calls.length = 0;
      const refused = await call(client, "delete_experiment", { experiment_id: `slip-${era.name}` });
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/confirm: true/);
      expect(base.calls).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("with elicitation: the user is asked anyway, and their no is obeyed", async () => {
    const { client, asked } = await connected(era, { add: { inputResponses: YES }, states: [] }, () => false);
    try {
      base.calls.length = 0;
      const refused = await call(client, "cancel_experiment", { experiment_id: `asked-${era.name}` });
      expect(asked).toHaveLength(1);
      expect(refused.text).toMatch(/did not confirm/);
      expect(base.calls).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

describe("a 2026-07-28 client's answer is bound to the question", () => {
  it("a yes given for one experiment, replayed with its state for another, is not taken: the user is asked about the other", async () => {
    const tamper: Tamper = { states: [] };
    const { client, asked } = await connected(ERAS[0], tamper, () => true);
    try {
      base.calls.length = 0;
      expect((await call(client, "delete_experiment", { experiment_id: "first" })).isError).toBe(false);
      expect(asked).toHaveLength(1);
      expect(tamper.states.length).toBeGreaterThan(0);
      // Replay: the first question's state and the user's yes, sent with the call for another experiment.
      tamper.add = { inputResponses: YES, requestState: tamper.states[0] };
      const second = await call(client, "delete_experiment", { experiment_id: "second" });
      expect(second.isError, second.text).toBe(false);
      expect(asked).toHaveLength(2);
      expect(asked[1]).toContain('"second"');
      expect(base.calls.map((c) => c.args[0])).toEqual(["first", "second"]);
    } finally {
      await client.close();
    }
  });

  it("a yes with no state (a question never asked) is not taken; the user's no is obeyed", async () => {
    const { client, asked } = await connected(ERAS[0], { add: { inputResponses: YES }, states: [] }, () => false);
    try {
      base.calls.length = 0;
      const refused = await call(client, "set_flag_values", { experiment_id: "e", flag_name: "go", int_value: 1 });
      expect(asked).toHaveLength(1);
      expect(refused.text).toMatch(/did not confirm/);
      expect(base.calls).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("a forged state is refused before the tool runs", async () => {
    const forged = `v1.${Buffer.from(JSON.stringify({ p: { tool: "delete_experiment", args: "x", era: "modern" }, exp: 9e9 })).toString("base64url")}.AAAA`;
    const { client } = await connected(ERAS[0], { add: { inputResponses: YES, requestState: forged }, states: [] });
    try {
      base.calls.length = 0;
      await expect(call(client, "delete_experiment", { experiment_id: "forged" })).rejects.toThrow(/Invalid or expired requestState/);
      expect(base.calls).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
