/**
 * Which question a confirmation answers. When the server asks the user (an "input required"
 * result), it seals the question's subject into the round's `requestState` with an HMAC: the
 * tool, a digest of its exact arguments (`confirm` aside) and the protocol era that asked. An
 * answer (`inputResponses`) counts only when it comes back with that seal for the same tool and
 * arguments: an answer for one experiment cannot be replayed for another, and an answer the
 * server never asked for (a 2025-era client sending `inputResponses`, which its protocol does not
 * define) is ignored. 2025-era questions are asked by the SDK's in-process shim, so their seal
 * never leaves the process. (The SDK's codec: HMAC-SHA256, expiry, bound to the method and, with
 * `--user-tokens`, to the user's token.)
 */
import { createHash } from "node:crypto";
import { PROTOCOL_VERSION_META_KEY, type RequestStateCodec, type ServerContext, createRequestStateCodec } from "@modelcontextprotocol/server";

export type Era = "modern" | "legacy";

/** What the user is asked to agree to: a tool with these arguments. */
export interface ConfirmationSubject {
  tool: string;
  args: unknown;
}

/** The sealed payload: never the arguments themselves (the client can read the payload). */
export interface SealedQuestion {
  tool: string;
  args: string;
  era: Era;
}

export type ConfirmationCodec = RequestStateCodec<SealedQuestion>;

/** One key per process unless configured: every server this process makes (HTTP makes many) shares it. */
const PROCESS_KEY = globalThis.crypto.getRandomValues(new Uint8Array(32));

/** The codec sealing questions; `key` (32 bytes or more) must be shared by replicas that serve one client's rounds. */
export function confirmationCodec(key: Uint8Array | string | undefined, ttlSeconds: number): ConfirmationCodec {
  return createRequestStateCodec<SealedQuestion>({
    key: key ?? PROCESS_KEY,
    ttlSeconds,
    bind: (ctx) => `${ctx.mcpReq.method}\0${ctx.http?.authInfo?.token ?? ""}`,
  });
}

/** The request's era: 2026-07-28 requests carry the per-request envelope, 2025-era ones do not. */
export function eraOf(ctx: ServerContext): Era {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  return envelope?.[PROTOCOL_VERSION_META_KEY] !== undefined ? "modern" : "legacy";
}

/** JSON with object keys sorted at every level: the same arguments always give the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function sealedQuestion(subject: ConfirmationSubject, era: Era): SealedQuestion {
  const { confirm: _confirm, ...args } = (subject.args ?? {}) as Record<string, unknown>;
  return { tool: subject.tool, args: createHash("sha256").update(canonical(args)).digest("base64url"), era };
}

/** True when the round's (already verified) state is the seal of exactly this question. */
export function answersThisQuestion(state: unknown, expected: SealedQuestion): boolean {
  if (state === null || typeof state !== "object") return false;
  const sealed = state as Partial<SealedQuestion>;
  return sealed.tool === expected.tool && sealed.args === expected.args && sealed.era === expected.era;
}
