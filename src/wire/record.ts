/**
 * A JSON object read as a dictionary: every own key kept. valibot's `record` silently drops the
 * keys "__proto__", "constructor" and "prototype" (and accepts arrays), but those are ordinary
 * names on the server's side: an experiment called "constructor" must not vanish from a listing.
 */
import * as v from "valibot";
import { setOwnProperty } from "../json.js";

/** A plain object (not an array), as JSON objects are. */
const isObject = (input: unknown): input is Record<string, unknown> => typeof input === "object" && input !== null && !Array.isArray(input);

/**
 * `{string: T}` whose values are checked by `value`; failures keep their path (`["name"].status`),
 * and the output holds every key of the input as a plain own property.
 */
export function dictionary<const TValue extends v.GenericSchema>(value: TValue): v.GenericSchema<unknown, Record<string, v.InferOutput<TValue>>> {
  return v.pipe(
    v.custom<Record<string, unknown>>(isObject, "Object"),
    v.rawTransform<Record<string, unknown>, Record<string, v.InferOutput<TValue>>>(({ dataset, config, NEVER }) => {
      const input = dataset.value;
      const output: Record<string, v.InferOutput<TValue>> = {};
      for (const key of Object.keys(input)) {
        const entry = input[key];
        const result = v.safeParse(value, entry, { lang: config.lang, abortEarly: config.abortEarly, abortPipeEarly: config.abortPipeEarly });
        if (!result.success) {
          const item: v.ObjectPathItem = { type: "object", origin: "value", input, key, value: entry };
          const issues = result.issues.map((issue) => ({ ...issue, path: [item, ...(issue.path ?? [])] }));
          // Forward the entry's own issues (their kind, expected and received stay meaningful).
          const target = dataset as unknown as { issues?: v.BaseIssue<unknown>[] };
          (target.issues ??= []).push(...(issues as v.BaseIssue<unknown>[]));
          if (config.abortEarly) return NEVER;
          continue;
        }
        setOwnProperty(output, key, result.output);
      }
      return output;
    }),
  );
}
