/**
 * Turning tool answers and failures into MCP CallToolResults: size caps, the sandbox notice,
 * secret scrubbing, and client errors rendered as tool errors (never thrown past the server).
 */
import { HttpError, NetunicornError, TimeoutError, UsageError } from "../../src/errors.js";
import { setOwnProperty } from "../../src/json.js";
import { nextStepFor } from "./hints.js";

/** Upper bound on the text of one answer (~6,000 tokens). */
export const TEXT_CAP = 24_000;
/** Upper bound on the serialized structured content of one answer. */
export const STRUCTURED_CAP = 48_000;
/** No structured answer above this is sent (a single page item too big to shrink). */
export const HARD_CAP = 64_000;
/** Text plus structured content of one answer: ~20,000 tokens at ~4 characters a token. */
export const TOTAL_CAP = 80_000;

export interface CallToolAnswer {
  [key: string]: unknown;
  content: { type: "text"; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface AnswerStyle {
  /** Prefixed to every answer's text (e.g. the sandbox notice); empty for none. */
  notice: string;
  /** Strings that must never leave the server (passwords, tokens). */
  secrets: readonly string[];
}

/** Replaces every secret by a placeholder. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** Cuts a text to `cap` characters with a note saying so. */
function capText(text: string, cap = TEXT_CAP): string {
  if (text.length <= cap) return text;
  return `${text.slice(0, cap)}\n… [cut: ${text.length - cap} more characters; page with offset/limit or lower the limits]`;
}

/** A JSON copy of a value with every string (keys included) scrubbed. */
function scrubDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return scrub(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, secrets));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      setOwnProperty(out, scrub(key, secrets), scrubDeep(item, secrets));
    }
    return out;
  }
  return value;
}

/** `size`: jsonSize(structured) when the caller has it already (it holds for the scrubbed copy only without secrets). */
export function successAnswer(structured: object, text: string, style: AnswerStyle, size?: number): CallToolAnswer {
  const clean = style.secrets.length === 0 ? structured : scrubDeep(structured, style.secrets);
  // The text shares the answer's budget with the structured content (clients may show both).
  const cleanSize = size !== undefined && clean === structured ? size : jsonSize(clean);
  const room = Math.max(2_000, Math.min(TEXT_CAP, TOTAL_CAP - cleanSize - 200));
  const body = capText(scrub(style.notice + text, style.secrets), room);
  return { content: [{ type: "text", text: body }], structuredContent: clean as Record<string, unknown> };
}

export function errorAnswer(message: string, style: AnswerStyle): CallToolAnswer {
  const text = capText(scrub(style.notice + message, style.secrets), 8_000);
  return { content: [{ type: "text", text }], isError: true };
}

/**
 * A client error's message without the operation it starts with ("getNodes failed: ...",
 * "startExecution: ...", "wait_for_experiment: ..."): the answer names the tool and the operation
 * once, in front.
 */
function ownWords(message: string, names: readonly string[]): string {
  let rest = message;
  for (let again = true; again; ) {
    again = false;
    for (const name of names) {
      for (const prefix of [`${name} failed: `, `${name}: `]) {
        if (name !== "" && rest.startsWith(prefix)) {
          rest = rest.slice(prefix.length);
          again = true;
        }
      }
    }
  }
  return rest;
}

/** The error of a failed client call in plain words: operation, status, server message, each said once. */
export function describeFailure(tool: string, error: unknown): string {
  if (NetunicornError.is(error)) {
    const operation = error.operation ?? tool;
    const message = ownWords(error.message, [operation, tool]);
    if (error instanceof UsageError) return `${tool} refused: ${message}`;
    if (error instanceof HttpError || isHttpLike(error)) {
      const http = error as HttpError;
      const next = nextStepFor(error);
      return `${tool} failed: ${operation} answered HTTP ${http.status}: ${http.serverMessage || message}${next ? `\nNext: ${next}` : ""}`;
    }
    if (error instanceof TimeoutError) return `${tool} failed: ${operation} timed out: ${message}`;
    return `${tool} failed (${error.name} in ${operation}): ${message}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${tool} failed unexpectedly: ${message}`;
}

function isHttpLike(error: NetunicornError): boolean {
  const candidate = error as unknown as { status?: unknown; serverMessage?: unknown };
  return typeof candidate.status === "number" && typeof candidate.serverMessage === "string";
}

/** HTTP status of a client error, when it has one. */
export function statusOf(error: unknown): number | undefined {
  const candidate = error as { status?: unknown } | null;
  return typeof candidate?.status === "number" ? candidate.status : undefined;
}

/** Serialized size of a value, in characters of JSON. */
export function jsonSize(value: unknown): number {
  return JSON.stringify(value).length;
}
