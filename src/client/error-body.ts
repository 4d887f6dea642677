/**
 * The server's own words from an error body. netunicorn answers errors in four shapes:
 * a JSON string (its own refusals, sometimes double-encoded), `{"detail": "text"}`,
 * `{"detail": [{loc, msg, type}, ...]}` (FastAPI/pydantic 422), and plain text or HTML (500s, proxies).
 */
import { parseServerJson } from "../json.js";

/** Cuts long text, saying how long it was. */
export function cutText(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length} characters)`;
}

/** The message in plain words (at most 500 characters), whichever of the four shapes the body has. */
export function serverMessageOf(body: string, contentType: string | null): string {
  const text = body.trim();
  if (!text) return "(empty body)";
  let message: string;
  try {
    let value = parseServerJson(text);
    // netunicorn oddity: some refusals are JSON-encoded twice ("\"Executors [] not found\"").
    if (typeof value === "string" && value[0] === '"') {
      try {
        const inner = parseServerJson(value);
        if (typeof inner === "string") value = inner;
      } catch {
        // a string that merely starts with a quote
      }
    }
    const detail = (value as { detail?: unknown } | null)?.detail;
    message =
      typeof value === "string"
        ? value
        : typeof detail === "string"
          ? detail
          : Array.isArray(detail)
            ? detail.map(describeIssue).join("; ")
            : JSON.stringify(value);
  } catch {
    message = collapse(
      /html/i.test(contentType ?? "") || /^<(!doctype|html|head|body|title)/i.test(text)
        ? htmlText(text)
        : // A Python traceback says what went wrong on its last line (the text is trimmed: never a blank one).
          text.startsWith("Traceback (most recent call last)")
          ? text.slice(text.lastIndexOf("\n") + 1)
          : text,
    );
  }
  return cutText(message, 500);
}

/** One pydantic issue (v1: loc, msg, type; v2 adds input, never shown): "body.password: field required". */
function describeIssue(issue: unknown): string {
  if (typeof issue !== "object" || issue === null) return String(issue);
  const { loc, msg } = issue as { loc?: unknown; msg?: unknown };
  const where = Array.isArray(loc) ? loc.map(String).join(".") : "";
  const what = typeof msg === "string" ? msg : JSON.stringify(issue);
  return where ? `${where}: ${what}` : what;
}

/** The page's <title>, else its text without tags; entities decoded. */
function htmlText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  return (title?.trim() ? title : html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ")).replace(
    /&(#\d+|#x[\da-f]+|[a-z]+);/gi,
    (whole, code: string) => {
      if (code[0] !== "#") return "&<>\"' "[["amp", "lt", "gt", "quot", "apos", "nbsp"].indexOf(code.toLowerCase())] ?? whole;
      // "0" + "#x41" → "0x41" (hex), "0" + "#65" → "065" (decimal): Number reads both.
      const n = Number(`0${code.slice(1)}`);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    },
  );
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
