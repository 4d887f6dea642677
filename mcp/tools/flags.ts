/** get_flag_values and set_flag_values: an experiment's flags (shared with its executors). */
import * as v from "valibot";
import { UsageError } from "../../src/errors.js";
import type { FlagValuesWire } from "../../src/wire/index.js";
import { READ_ONLY, defineTool, destroys } from "./tool.js";
import { wireOf } from "../answers/wire-view.js";
import { experimentIdInput } from "../experiment-spec/schema.js";
import { confirmInput, requireConfirmation } from "./common.js";

const flagNameInput = v.pipe(v.string(), v.minLength(1), v.maxLength(256), v.description("The flag's name."));

const flagOutput = v.object({
  experiment_id: v.string(),
  flag_name: v.string(),
  text_value: v.nullable(v.string()),
  int_value: v.number(),
});

/** Python's int64 range, where netunicorn keeps integer flags (its database column is 64-bit). */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Why an integer flag value cannot be sent as given, or undefined when it can. JSON reads
 * 99999999999999999999 as 1e20: outside int64 the server cannot store it; between 2^53 and 2^63
 * the number is no longer exact, so the value sent would not be the one the user gave.
 */
export function intFlagProblem(value: number): string | undefined {
  const exact = BigInt(value);
  if (exact < INT64_MIN || exact > INT64_MAX) {
    return `int_value ${exact} (as JSON read it) is outside Python's int64 range (${INT64_MIN} to ${INT64_MAX}), where netunicorn keeps integer flags: give a smaller integer.`;
  }
  if (!Number.isSafeInteger(value)) {
    return `int_value ${exact} (as JSON read it) is beyond ±${Number.MAX_SAFE_INTEGER} (2^53 - 1), where JSON numbers stop being exact: the value sent could differ from the one given. Give a smaller integer.`;
  }
  return undefined;
}

/** The flag's wire shape: src/wire's (checked against its valibot schema), not a copy. */
type WireFlag = FlagValuesWire;

export const getFlagValues = defineTool({
  name: "get_flag_values",
  title: "Read an experiment flag",
  description:
    "Reads one flag of an experiment: its text value and integer value. Flags coordinate running tasks " +
    "(executors can change integer flags). A flag never set is an error from the server.",
  annotations: READ_ONLY,
  input: v.strictObject({ experiment_id: experimentIdInput, flag_name: flagNameInput }),
  output: flagOutput,
  async run(args, { client, signal }) {
    const flag = wireOf<WireFlag>(await client.getFlagValues(args.experiment_id, args.flag_name, { signal }));
    const structured = { ...args, text_value: flag.text_value ?? null, int_value: flag.int_value ?? 0 };
    return {
      structured,
      text: `Flag ${args.flag_name} of ${args.experiment_id}: text_value=${JSON.stringify(structured.text_value)}, int_value=${structured.int_value}`,
    };
  },
});

export const setFlagValues = defineTool({
  name: "set_flag_values",
  title: "Set an experiment flag",
  description:
    "Sets one flag of an experiment (creating it if needed), replacing its previous values. Give text_value, int_value or both; " +
    "a missing int_value becomes 0 on the server. Destructive: the old values are lost and running tasks may act on the new " +
    "ones, so it needs the user's confirmation (asked by the client, or confirm: true after asking the user).",
  // Overwrites values running tasks read (destructive in the annotation's sense); the same call
  // twice leaves the same state (idempotent). Confirmed like every destructive tool.
  annotations: destroys(true),
  input: v.strictObject({
    experiment_id: experimentIdInput,
    flag_name: flagNameInput,
    text_value: v.optional(v.pipe(v.nullable(v.string()), v.description("Text value of the flag."))),
    int_value: v.optional(v.pipe(v.number(), v.integer(), v.description("Integer value of the flag, within ±9007199254740991 (exact in JSON; netunicorn keeps 64-bit integers)."))),
    confirm: v.optional(confirmInput),
  }),
  output: v.object({ experiment_id: v.string(), flag_name: v.string(), set: v.boolean() }),
  async run(args, context) {
    const { client, signal } = context;
    const textValue = args.text_value ?? null;
    const intValue = args.int_value ?? null;
    if (textValue === null && intValue === null) {
      throw new UsageError('Invalid arguments: give "text_value" or "int_value" (both are missing).', { operation: "set_flag_values" });
    }
    const tooBig = intValue === null ? undefined : intFlagProblem(intValue);
    if (tooBig !== undefined) throw new UsageError(tooBig, { operation: "set_flag_values" });
    const values = `text_value=${JSON.stringify(textValue)}, int_value=${intValue ?? 0}`;
    await requireConfirmation("set_flag_values", context, `Set flag "${args.flag_name}" of experiment "${args.experiment_id}" to ${values}?`, args.confirm);
    await client.setFlagValues(args.experiment_id, args.flag_name, { textValue, intValue }, { signal });
    return {
      structured: { experiment_id: args.experiment_id, flag_name: args.flag_name, set: true },
      text: `Flag ${args.flag_name} of ${args.experiment_id} set (text_value=${JSON.stringify(textValue)}, int_value=${intValue ?? "0 (default)"}).`,
    };
  },
});
