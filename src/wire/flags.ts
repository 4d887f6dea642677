/** Wire schema of a flag (GET/POST /api/v1/experiment/{name}/flag/{flag}). */
import * as v from "valibot";
import { IntegerSchema, NullableStringSchema } from "./record.js";

// Wire types are written out (not inferred) so the public API has explicit types (JSR "slow types");
// the annotation makes TypeScript check each schema against its type.
export interface FlagValuesWire {
  text_value: string | null;
  int_value: number;
}

export const FlagValuesSchema: v.GenericSchema<unknown, FlagValuesWire> = v.object({
  text_value: NullableStringSchema,
  int_value: IntegerSchema,
});
