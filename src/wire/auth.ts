/** Wire schema of POST /api/v1/token, and the plain text body other endpoints answer. */
import * as v from "valibot";
import { StringSchema } from "./record.js";

export interface TokenResponseWire {
  access_token: string;
  token_type: string;
}

export const TokenResponseSchema: v.GenericSchema<unknown, TokenResponseWire> = v.object({
  access_token: StringSchema,
  token_type: StringSchema,
});

/** health ("OK"), prepare/start (the name), cancel (a message). */
export const StringBodySchema: v.GenericSchema<unknown, string> = StringSchema;

