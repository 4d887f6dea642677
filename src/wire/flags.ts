/** Wire schema of a flag (GET/POST /api/v1/experiment/{name}/flag/{flag}). */
import * as v from "valibot";

export const FlagValuesSchema = v.looseObject({
  text_value: v.nullable(v.string()),
  int_value: v.pipe(v.number(), v.integer()),
});
export type FlagValuesWire = v.InferOutput<typeof FlagValuesSchema>;
