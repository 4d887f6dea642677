/** Experiment-wide flags (netunicorn.base.types.FlagValues): a text, an integer, or both. */
import { FlagValuesSchema, type FlagValuesWire } from "../wire/flags.js";
import { validateBody } from "../wire/validate.js";
import { fields, fieldsOf, wireOf } from "./fields.js";

const FLAG_VALUES = fields(FlagValuesSchema);

/** Values to set; a missing or null integer means 0 on the server (pydantic's default). */
export interface FlagValuesInit {
  textValue?: string | null;
  intValue?: number | null;
}

export class FlagValues {
  declare textValue: string | null;
  /** Integer value; executors can change it atomically. */
  declare intValue: number;

  constructor(init: FlagValuesInit = {}) {
    // Assigned one by one (not initFields): flags are read and written on every poll.
    this.textValue = init.textValue ?? null;
    this.intValue = init.intValue ?? 0;
  }

  /** Validates a flag body and builds the values (throws ValidationError). */
  static fromJSON(body: unknown): FlagValues {
    return new FlagValues(fieldsOf(validateBody(FlagValuesSchema, body, "FlagValues.fromJSON"), FLAG_VALUES));
  }

  /** The wire shape (also the body of a flag set, as pydantic's model_dump gives it). */
  toJSON(): FlagValuesWire {
    return wireOf(this, FLAG_VALUES);
  }
}
