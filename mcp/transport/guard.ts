/**
 * Checks a JSON-RPC message gets before the SDK sees it, on every transport: the SDK's own
 * answers to these are a raw dump of its validation issues (or a silent 202 for `[]`).
 */

export interface JsonRpcError {
  jsonrpc: "2.0";
  id: string | number | null;
  error: { code: number; message: string };
}

const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

function idOf(message: Record<string, unknown>): string | number | null {
  return typeof message.id === "string" || typeof message.id === "number" ? message.id : null;
}

/** The error answering `message` instead of the SDK, or undefined to let it through. */
export function refuseMessage(message: unknown): JsonRpcError | undefined {
  if (Array.isArray(message) && message.length === 0) {
    return { jsonrpc: "2.0", id: null, error: { code: INVALID_REQUEST, message: "Invalid Request: an empty batch ([]) carries no message" } };
  }
  if (typeof message !== "object" || message === null || Array.isArray(message)) return undefined;
  const request = message as Record<string, unknown>;
  if (request.method !== "tools/call" || typeof request.params !== "object" || request.params === null) return undefined;
  const args = (request.params as Record<string, unknown>).arguments;
  if (args === undefined || (typeof args === "object" && args !== null && !Array.isArray(args))) return undefined;
  return {
    jsonrpc: "2.0",
    id: idOf(request),
    error: { code: INVALID_PARAMS, message: `Invalid params: tools/call "arguments" must be an object of named arguments, not ${kindOf(args)}` },
  };
}
