/**
 * The server's own words from an error body. netunicorn answers errors in four shapes:
 * a JSON string (its own refusals, sometimes double-encoded), `{"detail": "text"}`,
 * `{"detail": [{loc, msg, type}, ...]}` (FastAPI/pydantic 422), and plain text or HTML (500s, proxies).
 */
import { parseServerJson } from "../json.js";

/** Longest server message kept in an error message. */
const MESSAGE_LIMIT = 500;
/** Longest raw body kept on an error. */
export const BODY_LIMIT = 10_000;

/** Cuts long text, saying how long it was. */
export function cutText(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length} characters)`;
}

/** The message in plain words, whichever of the four shapes the body has. */
export function serverMessageOf(body: string, contentType: string | null): string {
  const text = body.trim();
  if (text === "") return "(empty body)";
  const json = tryJson(text);
  if (json.ok) return cutText(messageOfJson(json.value), MESSAGE_LIMIT);
  if (/html/i.test(contentType ?? "") || /^<(!doctype|html|head|body|title)/i.test(text)) return cutText(htmlText(text), MESSAGE_LIMIT);
  return cutText(collapse(lastLineOfTraceback(text)), MESSAGE_LIMIT);
}

/** A Python traceback says what went wrong on its last line. */
function lastLineOfTraceback(text: string): string {
  if (!text.startsWith("Traceback (most recent call last)")) return text;
  return text.split("\n").filter((line) => line.trim() !== "").at(-1) ?? text;
}

function messageOfJson(value: unknown): string {
  if (typeof value === "string") {
    // netunicorn oddity: some refusals are JSON-encoded twice ("\"Executors [] not found\"").
    const inner = value.startsWith('"') ? tryJson(value) : { ok: false as const };
    return inner.ok && typeof inner.value === "string" ? inner.value : value;
  }
  if (typeof value === "object" && value !== null && "detail" in value) {
    const detail = (value as { detail: unknown }).detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) return detail.map(describeIssue).join("; ");
  }
  return JSON.stringify(value);
}

/** One pydantic issue (v1: loc, msg, type; v2 adds input, never shown): "body.password: field required". */
function describeIssue(issue: unknown): string {
  if (typeof issue !== "object" || issue === null) return String(issue);
  const { loc, msg } = issue as { loc?: unknown; msg?: unknown };
  const where = Array.isArray(loc) ? loc.map(String).join(".") : "";
  const what = typeof msg === "string" ? msg : JSON.stringify(issue);
  return where === "" ? what : `${where}: ${what}`;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseServerJson(text) };
  } catch {
    return { ok: false };
  }
}

/** The page's <title>, else its text without tags. */
function htmlText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const text = title !== undefined && title.trim() !== "" ? title : html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ");
  return collapse(decodeEntities(text));
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] !== "#") return named[code.toLowerCase()] ?? whole;
    const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
  });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
