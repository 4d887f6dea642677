/**
 * The few pydantic v1 validations the real server applies to request bodies (it ran pydantic
 * 1.x, so 422 items carry loc/msg/type in v1 wording): flag values, the executors cancellation
 * request and the optional `{connector: {key: value}}` contexts of start and cancel.
 */
import type { BodyValue } from "./body.js";
import { setOwnProperty } from "../json.js";
import type { PyJson } from "./py-json.js";
import type { ValidationItem } from "./responses.js";

type Loc = (string | number)[];
/** A validated value, or the 422 items of what failed. */
export type Checked<T> = { ok: true; value: T } | { ok: false; items: ValidationItem[] };

const MISSING = (loc: Loc): ValidationItem => ({ loc, msg: "field required", type: "value_error.missing" });
const NOT_NONE = (loc: Loc): ValidationItem => ({ loc, msg: "none is not an allowed value", type: "type_error.none.not_allowed" });

function pyStr(value: number): string {
  if (Number.isInteger(value) && !Object.is(value, -0)) return String(value);
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/** v1 str_validator: numbers (and bools, Python ints) become their str(). */
function toStr(value: PyJson, loc: Loc): Checked<string> {
  if (typeof value === "string") return { ok: true, value };
  if (typeof value === "boolean") return { ok: true, value: value ? "True" : "False" };
  if (typeof value === "number") return { ok: true, value: pyStr(value) };
  if (value === null) return { ok: false, items: [NOT_NONE(loc)] };
  return { ok: false, items: [{ loc, msg: "str type expected", type: "type_error.str" }] };
}

/** v1 int_validator: int(value), so "5", 5.9 and true pass. */
function toInt(value: PyJson, loc: Loc): Checked<number> {
  if (value === null) return { ok: false, items: [NOT_NONE(loc)] };
  if (typeof value === "boolean") return { ok: true, value: value ? 1 : 0 };
  if (typeof value === "number" && Number.isFinite(value)) return { ok: true, value: Math.trunc(value) };
  if (typeof value === "string" && /^\s*[-+]?\d+(_\d+)*\s*$/.test(value)) return { ok: true, value: Number(value.replace(/_/g, "")) };
  return { ok: false, items: [{ loc, msg: "value is not a valid integer", type: "type_error.integer" }] };
}

/** v1 dict_validator: a dict, or whatever Python's dict(value) accepts (a list of pairs). */
function toDict(value: PyJson, loc: Loc): Checked<[string, PyJson][]> {
  const fail: Checked<[string, PyJson][]> = { ok: false, items: [{ loc, msg: "value is not a valid dict", type: "type_error.dict" }] };
  if (value === null) return { ok: false, items: [NOT_NONE(loc)] };
  if (typeof value === "object" && !Array.isArray(value)) return { ok: true, value: Object.entries(value) };
  if (!Array.isArray(value)) return fail;
  const pairs: [string, PyJson][] = [];
  for (const item of value) {
    const pair: PyJson[] | null = Array.isArray(item) ? item : typeof item === "string" ? [...item] : null;
    if (pair === null || pair.length !== 2 || typeof pair[0] !== "string") return fail;
    pairs.push([pair[0], pair[1] as PyJson]);
  }
  return { ok: true, value: pairs };
}

function gather<T>(checks: Checked<unknown>[], build: () => T): Checked<T> {
  const items = checks.flatMap((c) => (c.ok ? [] : c.items));
  return items.length > 0 ? { ok: false, items } : { ok: true, value: build() };
}

/** Optional[dict[str, dict[str, str]]]: the start and cancel bodies. */
export function checkContext(body: BodyValue, loc: Loc = ["body"]): Checked<Record<string, Record<string, string>> | null> {
  if (body.kind === "missing" || (body.kind === "json" && body.value === null)) return { ok: true, value: null };
  const outer = toDict(body.kind === "json" ? body.value : body.text, loc);
  if (!outer.ok) return outer;
  const result: Record<string, Record<string, string>> = {};
  const checks: Checked<unknown>[] = [];
  for (const [connector, inner] of outer.value) {
    const innerDict = toDict(inner, [...loc, connector]);
    checks.push(innerDict);
    if (!innerDict.ok) continue;
    const values: Record<string, string> = {};
    for (const [key, value] of innerDict.value) {
      const text = toStr(value, [...loc, connector, key]);
      checks.push(text);
      if (text.ok) setOwnProperty(values, key, text.value);
    }
    setOwnProperty(result, connector, values);
  }
  return gather(checks, () => result);
}

/** FlagValues: `text_value: Optional[str] = None`, `int_value: int = 0` (so null int_value is refused). */
export function checkFlagValues(body: BodyValue): Checked<{ text_value: string | null; int_value: number }> {
  if (body.kind === "missing") return { ok: false, items: [MISSING(["body"])] };
  const dict = toDict(body.kind === "json" ? body.value : body.text, ["body"]);
  if (!dict.ok) return dict;
  const fields = new Map(dict.value);
  const rawText = fields.get("text_value");
  const text: Checked<string | null> = rawText === undefined || rawText === null ? { ok: true, value: null } : toStr(rawText, ["body", "text_value"]);
  const int: Checked<number> = fields.has("int_value") ? toInt(fields.get("int_value") as PyJson, ["body", "int_value"]) : { ok: true, value: 0 };
  return gather([text, int], () => ({ text_value: text.ok ? text.value : null, int_value: int.ok ? int.value : 0 }));
}

/** CancellationRequest: `executors: List[str]`, `cancellation_context: Optional[dict[str, dict[str, str]]]`. */
export function checkCancellationRequest(body: BodyValue): Checked<{ executors: string[]; context: Record<string, Record<string, string>> | null }> {
  if (body.kind === "missing") return { ok: false, items: [MISSING(["body"])] };
  const dict = toDict(body.kind === "json" ? body.value : body.text, ["body"]);
  if (!dict.ok) return dict;
  const fields = new Map(dict.value);
  const executors: string[] = [];
  let list: Checked<unknown> = { ok: true, value: null };
  const raw = fields.get("executors");
  if (raw === undefined) list = { ok: false, items: [MISSING(["body", "executors"])] };
  else if (raw === null) list = { ok: false, items: [NOT_NONE(["body", "executors"])] };
  else if (!Array.isArray(raw)) list = { ok: false, items: [{ loc: ["body", "executors"], msg: "value is not a valid list", type: "type_error.list" }] };
  const itemChecks = Array.isArray(raw) ? raw.map((item, i) => toStr(item, ["body", "executors", i])) : [];
  for (const check of itemChecks) if (check.ok) executors.push(check.value);
  const rawContext = fields.get("cancellation_context");
  const context = rawContext === undefined ? { ok: true as const, value: null } : checkContext({ kind: "json", value: rawContext }, ["body", "cancellation_context"]);
  return gather([list, ...itemChecks, context], () => ({ executors, context: context.ok ? context.value : null }));
}
