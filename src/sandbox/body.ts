/**
 * Request bodies read as FastAPI reads them: size-limited, JSON decoded only for JSON (or absent)
 * content types, a decode failure answered 422 `value_error.jsondecode` before anything else, an
 * empty body treated as missing, and other content types passed on as raw bytes.
 */
import { pyJsonTryLoads, type PyJson } from "./py-json.js";
import type { ValidationItem } from "./responses.js";

/** The body could not be read within the limit. */
export class BodyTooLarge {
  constructor(readonly limit: number) {}
}

/** Reads the whole body, refusing past `limit` bytes without buffering the excess. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array | BodyTooLarge> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return new BodyTooLarge(limit);
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** What a body field receives: nothing, a decoded JSON value, or raw bytes of another content type. */
export type BodyValue = { kind: "missing" } | { kind: "json"; value: PyJson } | { kind: "raw"; text: string };

const decoder = new TextDecoder();

/** FastAPI's rule: decode as JSON when the content type is absent or application/json or +json. */
function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return true;
  const main = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const [type, subtype = ""] = main.split("/");
  return type === "application" && (subtype === "json" || subtype.endsWith("+json"));
}

/** The body for a declared body field, or the 422 items of a JSON decode failure. */
export function decodeBodyField(bytes: Uint8Array, contentType: string | null): BodyValue | ValidationItem[] {
  if (bytes.byteLength === 0) return { kind: "missing" };
  const text = decoder.decode(bytes);
  if (!isJsonContentType(contentType)) return { kind: "raw", text };
  const decoded = pyJsonTryLoads(text);
  if ("value" in decoded) return { kind: "json", value: decoded.value };
  const { error } = decoded;
  return [
    {
      loc: ["body", error.pos],
      msg: error.toString(),
      type: "value_error.jsondecode",
      ctx: { msg: error.msg, doc: error.doc, pos: error.pos, lineno: error.lineno, colno: error.colno },
    },
  ];
}

/** `await request.json()` inside the prepare handler: the value, or Python's decode error text. */
export function decodeJsonText(bytes: Uint8Array): { value: PyJson } | { error: string } {
  const decoded = pyJsonTryLoads(decoder.decode(bytes));
  return "value" in decoded ? decoded : { error: decoded.error.toString() };
}

/** The login form fields (last value wins, as Starlette's form multidict). */
export async function readForm(bytes: Uint8Array, contentType: string | null): Promise<Map<string, string>> {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  const fields = new Map<string, string>();
  if (type === "application/x-www-form-urlencoded") {
    for (const [key, value] of new URLSearchParams(decoder.decode(bytes))) fields.set(key, value);
  } else if (type === "multipart/form-data" && contentType !== null) {
    try {
      const form = await new Response(bytes.slice(), { headers: { "content-type": contentType } }).formData();
      form.forEach((value, key) => {
        if (typeof value === "string") fields.set(key, value);
      });
    } catch {
      // an unparsable multipart body leaves the form empty: the fields are reported missing
    }
  }
  return fields;
}
