/**
 * "Resource not found" in each era's own words: 2025-era specifications give it the code -32002,
 * the 2026-07-28 one -32602 (with `data.uri` naming the resource). The SDK answers -32602 on every
 * revision, so for a 2025-era request the server marks the miss and rewrites that one error's code
 * on its way out (only an error carrying exactly `data.uri`, for a request id marked here).
 */
import type { JSONRPCMessage, RequestId, Server, Transport } from "@modelcontextprotocol/server";

export const LEGACY_RESOURCE_NOT_FOUND = -32002;
const INVALID_PARAMS = -32602;

/** Wraps `server.connect` so every transport it serves gets the rewrite; returns the marker. */
export function answerLegacyResourceMisses(server: Server): (id: RequestId) => void {
  const marked = new Set<RequestId>();
  const connect = server.connect.bind(server);
  server.connect = async (transport: Transport) => {
    const send = transport.send.bind(transport);
    transport.send = (message, options) => send(rewrite(message, marked), options);
    return connect(transport);
  };
  return (id) => {
    marked.add(id);
    // A request cancelled before its answer leaves no stale mark behind for long.
    setTimeout(() => marked.delete(id), 60_000).unref?.();
  };
}

function rewrite(message: JSONRPCMessage, marked: Set<RequestId>): JSONRPCMessage {
  if (!("error" in message) || message.id === undefined || !marked.has(message.id)) return message;
  marked.delete(message.id);
  const data = message.error.data as Record<string, unknown> | undefined;
  const onlyUri = data !== undefined && typeof data.uri === "string" && Object.keys(data).length === 1;
  if (message.error.code !== INVALID_PARAMS || !onlyUri) return message;
  return { ...message, error: { ...message.error, code: LEGACY_RESOURCE_NOT_FOUND } };
}
