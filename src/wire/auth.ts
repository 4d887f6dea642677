/** Wire schema of POST /api/v1/token, and the plain text body other endpoints answer. */
import * as v from "valibot";

export const TokenResponseSchema = v.looseObject({
  access_token: v.string(),
  token_type: v.string(),
});
export type TokenResponseWire = v.InferOutput<typeof TokenResponseSchema>;

/** health ("OK"), prepare/start (the name), cancel (a message). */
export const StringBodySchema = v.string();

