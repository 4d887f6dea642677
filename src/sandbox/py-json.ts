/**
 * JSON the way the real server's Python reads and writes it, so the sandbox answers with the
 * same texts: `json.loads` error messages ("Expecting value: line 1 column 1 (char 0)"),
 * `NaN`/`Infinity` accepted, and `json.dumps` output with its ", " / ": " separators and
 * `ensure_ascii` escaping (the server's own handlers) or compact (FastAPI's own answers).
 */
import { setOwnProperty } from "../json.js";

/** A JSON value as Python's json module knows it (numbers may be non-finite). */
export type PyJson = null | boolean | number | string | PyJson[] | { [key: string]: PyJson };

/** Python's json.JSONDecodeError, reduced to what messages need. */
export class PyJsonDecodeError {
  constructor(
    readonly msg: string,
    readonly doc: string,
    readonly pos: number,
  ) {}
  get lineno(): number {
    return this.doc.slice(0, this.pos).split("\n").length;
  }
  get colno(): number {
    const lastNewline = this.doc.lastIndexOf("\n", this.pos - 1);
    return this.pos - lastNewline;
  }
  /** str(error), as Python prints it. */
  toString(): string {
    return `${this.msg}: line ${this.lineno} column ${this.colno} (char ${this.pos})`;
  }
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

class Parser {
  pos = 0;
  constructor(readonly doc: string) {}

  fail(msg: string, pos: number): never {
    throw new PyJsonDecodeError(msg, this.doc, pos);
  }

  skip(): void {
    while (this.pos < this.doc.length && WHITESPACE.has(this.doc[this.pos] as string)) this.pos++;
  }

  value(): PyJson {
    const c = this.doc[this.pos];
    if (c === '"') return this.string();
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    for (const [word, val] of [["null", null], ["true", true], ["false", false], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]] as const) {
      if (this.doc.startsWith(word, this.pos)) {
        this.pos += word.length;
        return val;
      }
    }
    const match = NUMBER.exec(this.doc.slice(this.pos, this.pos + 400));
    if (match) {
      this.pos += match[0].length;
      return Number(match[0]);
    }
    return this.fail("Expecting value", this.pos);
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    let out = "";
    for (;;) {
      if (this.pos >= this.doc.length) this.fail("Unterminated string starting at", start);
      const c = this.doc[this.pos] as string;
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === "\\") {
        out += this.escape();
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail("Invalid control character at", this.pos);
      out += c;
      this.pos++;
    }
  }

  escape(): string {
    const c = this.doc[this.pos + 1];
    if (c === undefined) return this.fail("Unterminated string starting at", this.pos);
    if (c !== "u") {
      const mapped = ESCAPES[c];
      if (mapped === undefined) this.fail("Invalid \\escape", this.pos);
      this.pos += 2;
      return mapped as string;
    }
    const hex = this.doc.slice(this.pos + 2, this.pos + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Invalid \\uXXXX escape", this.pos + 1);
    this.pos += 6;
    return String.fromCharCode(parseInt(hex, 16));
  }

  object(): { [key: string]: PyJson } {
    this.pos++;
    const out: { [key: string]: PyJson } = {};
    this.skip();
    if (this.doc[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.doc[this.pos] !== '"') this.fail("Expecting property name enclosed in double quotes", this.pos);
      const key = this.string();
      this.skip();
      if (this.doc[this.pos] !== ":") this.fail("Expecting ':' delimiter", this.pos);
      this.pos++;
      this.skip();
      setOwnProperty(out, key, this.value());
      this.skip();
      const c = this.doc[this.pos];
      this.pos++;
      if (c === "}") return out;
      if (c !== ",") this.fail("Expecting ',' delimiter", this.pos - 1);
      this.skip();
    }
  }

  array(): PyJson[] {
    this.pos++;
    const out: PyJson[] = [];
    this.skip();
    if (this.doc[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skip();
      const c = this.doc[this.pos];
      this.pos++;
      if (c === "]") return out;
      if (c !== ",") this.fail("Expecting ',' delimiter", this.pos - 1);
      this.skip();
    }
  }
}

/** Python's json.loads: the value, or throws PyJsonDecodeError with Python's wording. */
export function pyJsonLoads(text: string): PyJson {
  const parser = new Parser(text);
  parser.skip();
  let value: PyJson;
  try {
    value = parser.value();
  } catch (error) {
    if (error instanceof RangeError) parser.fail("Expecting value", parser.pos); // nesting too deep
    throw error;
  }
  parser.skip();
  if (parser.pos !== text.length) parser.fail("Extra data", parser.pos);
  return value;
}

/** pyJsonLoads with the decode error returned rather than thrown (other errors still throw). */
export function pyJsonTryLoads(text: string): { value: PyJson } | { error: PyJsonDecodeError } {
  try {
    return { value: pyJsonLoads(text) };
  } catch (error) {
    if (error instanceof PyJsonDecodeError) return { error };
    throw error;
  }
}

const PLAIN = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

function escapeString(text: string, ensureAscii: boolean): string {
  if (PLAIN.test(text)) return `"${text}"`; // the common case (names, base64): nothing to escape
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (code < 0x20 || (ensureAscii && code > 0x7e)) {
      for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  return JSON.stringify(value);
}

function dumps(value: unknown, spaced: boolean, ensureAscii: boolean): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberText(value);
  if (typeof value === "string") return escapeString(value, ensureAscii);
  const [comma, colon] = spaced ? [", ", ": "] : [",", ":"];
  if (Array.isArray(value)) return `[${value.map((item) => dumps(item, spaced, ensureAscii)).join(comma)}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => escapeString(k, ensureAscii) + colon + dumps(v, spaced, ensureAscii)).join(comma)}}`;
}

/** `json.dumps(value)`: what the mediator's own handlers send (spaces, \u escapes, bare Infinity). */
export function pyJsonDumps(value: unknown): string {
  return dumps(value, true, true);
}

/** FastAPI's JSONResponse rendering: compact and UTF-8 (its 401/404/405/422 bodies). */
export function fastApiJsonDumps(value: unknown): string {
  return dumps(value, false, false);
}
