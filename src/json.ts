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

/** A JSON value, widened with the non-finite numbers Python's json writer produces. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

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
    return new PythonJsonReader(text, what).readDocument();
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Recursive-descent reader for the fallback path; strings and numbers are decoded by JSON.parse. */
class PythonJsonReader {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly what: string,
  ) {}

  readDocument(): unknown {
    const value = this.readValue();
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail("unexpected text after the value");
    return value;
  }

  private readValue(): unknown {
    this.skipWhitespace();
    const ch = this.text[this.pos];
    if (ch === undefined) this.fail("unexpected end of text");
    if (ch === "{") return this.readObject();
    if (ch === "[") return this.readArray();
    if (ch === '"') return this.readString();
    for (const [token, value] of KEYWORDS) {
      if (this.text.startsWith(token, this.pos)) {
        this.pos += token.length;
        return value;
      }
    }
    return this.readNumber();
  }

  private readObject(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.readSequence("}", () => {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail("expected a string key");
      const key = this.readString();
      this.skipWhitespace();
      this.expect(":");
      setOwnProperty(result, key, this.readValue());
    });
    return result;
  }

  private readArray(): unknown[] {
    const result: unknown[] = [];
    this.readSequence("]", () => result.push(this.readValue()));
    return result;
  }

  /** The items of an object or array, from its opening bracket to `close`, separated by commas. */
  private readSequence(close: "}" | "]", readItem: () => void): void {
    this.enter();
    this.pos++; // "{" or "["
    this.skipWhitespace();
    if (this.text[this.pos] !== close) {
      for (;;) {
        readItem();
        this.skipWhitespace();
        if (this.text[this.pos] !== ",") break;
        this.pos++;
      }
    }
    this.expect(close);
    this.depth--;
  }

  private readString(): string {
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      const quote = this.text.indexOf('"', i);
      if (quote < 0) this.fail("unterminated string", this.text.length);
      let backslashes = 0;
      for (let j = quote - 1; j > start && this.text.charCodeAt(j) === 92; j--) backslashes++;
      if (backslashes % 2 === 0) {
        this.pos = quote + 1;
        break;
      }
      i = quote + 1;
    }
    try {
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch {
      return this.fail("invalid string literal", start);
    }
  }

  private readNumber(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null || match[0] === "" || match[0] === "-") this.fail("unexpected character");
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) this.fail(`expected "${ch}"`);
    this.pos++;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
  }

  private fail(reason: string, at = this.pos): never {
    const where = at >= this.text.length ? "at the end of the text (truncated?)" : `at offset ${at}`;
    throw new ValidationError(`parseServerJson: the ${this.what} is not valid JSON: ${reason} ${where}`, { path: "" });
  }
}

// Python's own json reader gives up near 1,000 levels (its recursion limit); so does this one.
const MAX_DEPTH = 1_000;

/** Bare tokens, longest first so "-Infinity" wins over a number starting with "-". */
const KEYWORDS: ReadonlyArray<readonly [string, unknown]> = [
  ["true", true],
  ["false", false],
  ["null", null],
  ["-Infinity", -Infinity],
  ["Infinity", Infinity],
  ["NaN", NaN],
];

/**
 * JSON text as Python's json.dumps would accept it back: like JSON.stringify (toJSON is honoured,
 * undefined members are dropped), except that non-finite numbers are written as the bare tokens
 * `Infinity`, `-Infinity` and `NaN` instead of `null`.
 */
export function stringifyForServer(value: unknown): string {
  return writeValue(value, "") ?? "null";
}

function writeValue(input: unknown, key: string): string | undefined {
  let value = input;
  if (typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      if (Number.isFinite(value)) return JSON.stringify(value);
      return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return `[${value.map((item, i) => writeValue(item, String(i)) ?? "null").join(",")}]`;
      return writeObject(value as Record<string, unknown>);
    default:
      return undefined; // undefined, functions and symbols, as in JSON.stringify
  }
}

function writeObject(value: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.keys(value)) {
    const written = writeValue(value[key], key);
    if (written !== undefined) parts.push(`${JSON.stringify(key)}:${written}`);
  }
  return `{${parts.join(",")}}`;
}
