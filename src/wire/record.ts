/**
 * The building blocks of the wire schemas. Every leaf is one valibot `custom` schema (a check and
 * what it expects, which ValidationError messages show), so that a bundle carries few of valibot's
 * schema functions: custom, object, array, optional and lazy are all the wire schemas use.
 *
 * And `dictionary`: a JSON object read as a dictionary, every own key kept. valibot's `record`
 * silently drops the keys "__proto__", "constructor" and "prototype" (and accepts arrays), but
 * those are ordinary names on the server's side: an experiment called "constructor" must not
 * vanish from a listing.
 */
import * as v from "valibot";
import { copyJson, type JsonValue, setOwnProperty } from "../json.js";

/** A schema accepting the values `check` accepts; `expected` completes "should be ...". */
const is = <T>(check: (input: unknown) => boolean, expected: string): v.GenericSchema<unknown, T> => v.custom<T>(check, expected);

export const StringSchema: v.GenericSchema<unknown, string> = is((input) => typeof input === "string", "string");
/** Any number but NaN (Python's json writes Infinity for an unbounded pool). */
export const NumberSchema: v.GenericSchema<unknown, number> = is((input) => typeof input === "number" && !Number.isNaN(input), "number");
export const BooleanSchema: v.GenericSchema<unknown, boolean> = is((input) => typeof input === "boolean", "boolean");
/** A whole number (ports, flag values). */
export const IntegerSchema: v.GenericSchema<unknown, number> = is(Number.isInteger, "an integer number");
/** Any JSON value (free-form node properties), deep-copied: the output shares nothing with the input. */
export const JsonSchema: v.GenericSchema<unknown, JsonValue> = is(() => true, "JSON");
(JsonSchema as unknown as { "~run": Run })["~run"] = (dataset) => {
  // Inside validation, so that a value nested past the stack is a ValidationError.
  dataset.value = copyJson(dataset.value);
  dataset.typed = true;
  return dataset;
};

/** One of `options` (compared with ===); the message lists them: `one of "a" | "b"`. */
export const oneOf = <const T extends readonly (string | number)[]>(options: T): v.GenericSchema<unknown, T[number]> =>
  is((input) => options.includes(input as T[number]), `one of ${options.map((option) => JSON.stringify(option)).join(" | ")}`);

/** `schema`, or null (a wrong value is reported by `schema`: "should be string"). */
export const nullable = <T>(schema: v.GenericSchema<unknown, T>): v.GenericSchema<unknown, T | null> =>
  v.lazy((input) => (input === null ? JsonSchema : schema)) as v.GenericSchema<unknown, T | null>;

export const NullableStringSchema: v.GenericSchema<unknown, string | null> = nullable(StringSchema);

/** A plain object (not an array), as JSON objects are. */
const isObject = (input: unknown): input is Record<string, unknown> => typeof input === "object" && input !== null && !Array.isArray(input);

type Issue = { path?: v.IssuePathItem[] };
type Dataset = { value: unknown; typed?: boolean; issues?: Issue[] };
type Run = (dataset: Dataset, config: v.Config<v.BaseIssue<unknown>>) => Dataset;

/**
 * `{string: T}` whose values are checked by `value`; failures keep their path (`["name"].status`),
 * and the output holds every key of the input as a plain own property.
 *
 * A custom schema (which reports a non-object as expecting "Object") whose run step then checks
 * each entry, the way valibot's own object schemas do; Standard Schema's validate runs it too.
 */
export function dictionary<const TValue extends v.GenericSchema>(value: TValue): v.GenericSchema<unknown, Record<string, v.InferOutput<TValue>>> {
  const schema = v.custom<Record<string, unknown>>(isObject, "Object");
  const runObject = schema["~run"] as unknown as Run;
  const runValue = value["~run"] as unknown as Run;
  (schema as unknown as { "~run": Run })["~run"] = (dataset, config) => {
    runObject.call(schema, dataset, config);
    if (dataset.issues) return dataset;
    const input = dataset.value as Record<string, unknown>;
    const output: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      const entry = runValue.call(value, { value: input[key] }, config);
      if (entry.issues) {
        for (const issue of entry.issues) (issue.path ??= []).unshift({ type: "object", origin: "value", input, key, value: input[key] });
        (dataset.issues ??= []).push(...entry.issues);
        dataset.typed = false;
        if (config.abortEarly) break;
      }
      setOwnProperty(output, key, entry.value);
    }
    dataset.value = output;
    return dataset;
  };
  return schema as unknown as v.GenericSchema<unknown, Record<string, v.InferOutput<TValue>>>;
}
