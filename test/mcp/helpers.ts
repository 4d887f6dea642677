/** Test helpers: an SDK Client linked in memory to our server. */
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/client";
import type { ClientCapabilities } from "@modelcontextprotocol/client";
import type { BaseClient } from "../../src/base-client.js";
import { type McpServerOptions, createMcpServer } from "../../mcp/index.js";

export interface Connected {
  client: Client;
  close(): Promise<void>;
}

export async function connect(
  base: BaseClient,
  options: McpServerOptions = {},
  capabilities: ClientCapabilities = {},
): Promise<Connected> {
  const server = createMcpServer(base, options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "test", version: "1.0.0" }, { capabilities });
  await server.connect(serverSide);
  await client.connect(clientSide);
  return {
    client,
    async close() {
      await client.close();
      await server.close();
    },
  };
}

export interface ToolCall {
  isError: boolean;
  text: string;
  structured: Record<string, unknown>;
}

/** Calls a tool; the SDK client validates structuredContent against the tool's outputSchema. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolCall> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text: string }[];
  return {
    isError: result.isError === true,
    text: content.map((c) => c.text).join("\n"),
    structured: (result.structuredContent ?? {}) as Record<string, unknown>,
  };
}
