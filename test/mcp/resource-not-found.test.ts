/**
 * A missing resource is "resource not found" in each era's own words (issue 19, point 10), with
 * the SDK's clients over Streamable HTTP: -32002 for 2025-11-25 and 2025-06-18 (their spec's
 * code), -32602 for 2026-07-28 (its spec's), both with data.uri naming the resource. A failure
 * that is not a miss keeps its own code.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHttp, serveHttp } from "../../mcp/transport/http.js";
import { createMcpServer } from "../../mcp/index.js";
import { fakeClient, httpError } from "./fake-client.js";

const ERAS = [
  { name: "2026-07-28", options: { versionNegotiation: { mode: { pin: "2026-07-28" } } }, code: -32602 },
  { name: "2025-11-25", options: {}, code: -32002 },
  { name: "2025-06-18", options: { supportedProtocolVersions: ["2025-06-18"] }, code: -32002 },
] as const;

let http: RunningHttp;
const bodies: string[] = [];
beforeAll(async () => {
  const base = fakeClient();
  base.getNodes = async () => {
    throw httpError("getNodes", 500, "database unavailable");
  };
  http = await serveHttp({ port: 0, makeServer: () => createMcpServer(base) });
});
afterAll(() => http.close());

async function client(era: (typeof ERAS)[number]): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(http.url), {
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      void response.clone().text().then((text) => bodies.push(text), () => undefined);
      return response;
    },
  });
  const c = new Client({ name: `rnf-${era.name}`, version: "1.0.0" }, { capabilities: {}, ...era.options } as never);
  await c.connect(transport);
  return c;
}

/** The JSON-RPC error the server sent for a request, as it was on the wire. */
async function wireError(uri: string): Promise<{ code: number; data?: unknown }> {
  let found: { code: number; data?: unknown } | undefined;
  await expect
    .poll(() => {
      for (const body of bodies) {
        for (const line of body.split("\n")) {
          const json = line.startsWith("data: ") ? line.slice(6) : line;
          if (!json.startsWith("{")) continue;
          const message = JSON.parse(json) as { error?: { code: number; data?: { uri?: string } } };
          if (message.error?.data?.uri === uri) found = message.error;
        }
      }
      return found;
    })
    .toBeDefined();
  return found!;
}

describe.each(ERAS)("resources/read of a missing resource, protocol $name", (era) => {
  it(`answers ${era.code} with data.uri, for an unknown experiment, library task or URI`, async () => {
    const c = await client(era);
    try {
      for (const uri of [`netunicorn://experiments/ghost-${era.name}`, `netunicorn://library/NoSuchTask${era.code}${era.name}`, `netunicorn://elsewhere/${era.name}`]) {
        await expect(c.readResource({ uri })).rejects.toThrow();
        expect(await wireError(uri), uri).toEqual({ code: era.code, message: expect.any(String), data: { uri } });
      }
    } finally {
      await c.close();
    }
  });

  it("a server failure is not a miss: internal error, no uri", async () => {
    const c = await client(era);
    try {
      await expect(c.readResource({ uri: `netunicorn://nodes/any-${era.name}` })).rejects.toThrow(/database unavailable/);
    } finally {
      await c.close();
    }
  });
});
