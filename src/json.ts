/**
 * JSON as the netunicorn server writes it. Python's json module emits the bare tokens
 * `Infinity`, `-Infinity` and `NaN` for non-finite floats (an UncountableNodePool without a
 * soft limit is sent with `"node_pool_metadata": Infinity`), which JSON.parse refuses.
 */
import { ValidationError } from "./errors.js";

/**
 * Sets `key` as a plain own data property of a plain object, so that a "__proto__" key read from
 * a body or a pickle stays data instead of replacing the object's prototype.
 */
export function setOwnProperty(target: object, key: string, value: unknown): void {
  // On a plain object only "__proto__" is an accessor (inherited from Object.prototype): define
  // that one; plain assignment creates an own data property for every other key, and is faster.
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

/**
 * A deep copy of a field's value for the wire, or of JSON data: a model by its toJSON, arrays and
 * objects entry by entry (a "__proto__" key stays a plain own property).
 */
export function copyJson(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const model = value as Record<string, unknown>;
  if (typeof model.toJSON === "function") return (model.toJSON as () => unknown)();
  const out = {};
  for (const key of Object.keys(model)) setOwnProperty(out, key, copyJson(model[key]));
  return out;
}

/** A JSON value, widened with the non-finite numbers Python's json writer produces. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

// Python's own json reader gives up near 1,000 levels (its recursion limit); so does this one.
const MAX_DEPTH = 1_000;

/**
 * One token after optional whitespace: a string literal (escapes skipped, checked by JSON.parse),
 * a bare word or number, or a punctuation mark; the empty match marks text that is none of these.
 * `-Infinity` comes before numbers so that its "-" is not read as a broken number.
 */
const TOKEN = /[ \t\n\r]*("[^"\\]*(?:\\[^][^"\\]*)*"|-?Infinity|NaN|true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|[{}[\],:]|)/y;

/**
 * Parses a body sent by the server. Strict JSON goes through JSON.parse; only when that fails
 * is the text read again by a small parser that also accepts the bare tokens `Infinity`,
 * `-Infinity` and `NaN` outside strings. Malformed or truncated text throws a ValidationError
 * (path "") whose message says where reading stopped (never the text itself).
 */
export function parseServerJson(text: string, what = "response body"): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return readPythonJson(text, what);
  }
}

/**
 * The fallback reader: recursive descent over TOKEN's tokens, nesting bounded by MAX_DEPTH (so
 * the call stack stays small). Strings and numbers are decoded by JSON.parse, the bare words by `+`.
 */
function readPythonJson(text: string, what: string): unknown {
  let pos = 0;
  let at = 0;
  let depth = 0;
  const fail = (reason: string, where = at): never => {
    throw new ValidationError(
      `parseServerJson: the ${what} is not valid JSON: ${reason} ${where < text.length ? `at offset ${where}` : "at the end of the text (truncated?)"}`,
      { path: "" },
    );
  };
  /** The next token ("" for none), `at` its offset. */
  const next = (): string => {
    TOKEN.lastIndex = pos;
    const token = TOKEN.exec(text)![1]!;
    pos = TOKEN.lastIndex;
    at = pos - token.length;
    if (!token && text[at] === '"') fail("unterminated string", text.length);
    return token;
  };
  /** A string, number or bare word; JSON.parse only fails on a string (the others matched TOKEN). */
  const scalar = (token: string): unknown => {
    try {
      return /^-?[IN]/.test(token) ? +token : JSON.parse(token);
    } catch {
      return fail("invalid string literal");
    }
  };
  const value = (token: string): unknown => {
    const first = token[0];
    if (first === "[" || first === "{") {
      if (++depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels`);
      const close = first === "[" ? "]" : "}";
      const result: unknown[] | Record<string, unknown> = first === "[" ? [] : {};
      let item = next();
      if (item !== close) {
        for (;;) {
          if (Array.isArray(result)) result.push(value(item));
          else {
            if (item[0] !== '"') fail("expected a string key");
            const key = scalar(item) as string;
            if (next() !== ":") fail('expected ":"');
            setOwnProperty(result, key, value(next()));
          }
          item = next();
          if (item !== ",") break;
          item = next();
        }
        if (item !== close) fail(`expected "${close}"`);
      }
      depth--;
      return result;
    }
    return !token || "]},:".includes(first!) ? fail(at < text.length ? "unexpected character" : "unexpected end of text") : scalar(token);
  };
  const result = value(next());
  next();
  return at < text.length ? fail("unexpected text after the value") : result;
}

/**
 * JSON text as Python's json.dumps would accept it back: like JSON.stringify (toJSON is honoured,
 * undefined members are dropped), except that non-finite numbers are written as the bare tokens
 * `Infinity`, `-Infinity` and `NaN` instead of `null`.
 */
export function stringifyForServer(value: unknown): string {
  return write(value, "") ?? "null";
}

/** One value as JSON text; undefined for what JSON.stringify leaves out (undefined, functions, symbols). */
function write(input: unknown, key: string): string | undefined {
  const value =
    typeof input === "object" && input !== null && typeof (input as { toJSON?: unknown }).toJSON === "function"
      ? (input as { toJSON(key: string): unknown }).toJSON(key)
      : input;
  if (typeof value === "bigint" || (typeof value === "number" && !Number.isFinite(value))) return String(value);
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return "[" + value.map((item, i) => write(item, String(i)) ?? "null").join() + "]";
  const members: string[] = [];
  for (const name of Object.keys(value)) {
    const written = write((value as Record<string, unknown>)[name], name);
    if (written !== undefined) members.push(JSON.stringify(name) + ":" + written);
  }
  return "{" + members.join() + "}";
}

/**
 * JSON text exactly as the reference client's `json.dumps(context)` writes it: ", " and ": "
 * between items, and every character outside printable ASCII as a \uXXXX escape (ensure_ascii).
 * Besides matching Python byte for byte, this keeps any context sendable as a header value
 * (fetch refuses header values with characters above U+00FF).
 */
export function pythonJsonDumps(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(/("(?:[^"\\]|\\.)*")|[,:]/g, (match, text?: string) =>
    text === undefined ? `${match} ` : text.replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
}
