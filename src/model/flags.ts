/** Experiment-wide flags (netunicorn.base.types.FlagValues): a text, an integer, or both. */
import { FlagValuesSchema, type FlagValuesWire } from "../wire/flags.js";
import { validateBody } from "../wire/validate.js";

/** Values to set; a missing or null integer means 0 on the server (pydantic's default). */
export interface FlagValuesInit {
  textValue?: string | null;
  intValue?: number | null;
}

export class FlagValues {
  textValue: string | null;
  /** Integer value; executors can change it atomically. */
  intValue: number;

  constructor(init: FlagValuesInit = {}) {
    this.textValue = init.textValue ?? null;
    this.intValue = init.intValue ?? 0;
  }

  /** Validates a flag body and builds the values (throws ValidationError). */
  static fromJSON(body: unknown): FlagValues {
    const wire = validateBody(FlagValuesSchema, body, "FlagValues.fromJSON");
    return new FlagValues({ textValue: wire.text_value, intValue: wire.int_value });
  }

  /** The wire shape (also the body of a flag set, as pydantic's model_dump gives it). */
  toJSON(): FlagValuesWire {
    return { text_value: this.textValue, int_value: this.intValue };
  }
}
