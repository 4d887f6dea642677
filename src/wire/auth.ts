/** Wire schema of POST /api/v1/token, and the plain bodies other endpoints answer. */
import * as v from "valibot";

export const TokenResponseSchema = v.looseObject({
  access_token: v.string(),
  token_type: v.string(),
});
export type TokenResponseWire = v.InferOutput<typeof TokenResponseSchema>;

/** health ("OK"), prepare/start (the name), cancel (a message). */
export const StringBodySchema = v.string();

/** delete and set_flag_values answer 200 with `null`. */
export const NullBodySchema = v.null();

/** Error shapes 2 and 3: `{"detail": "text"}` or `{"detail": [{loc, msg, type, ...}]}`. */
export const DetailBodySchema = v.looseObject({
  detail: v.union([v.string(), v.array(v.unknown())]),
});
export type DetailBodyWire = v.InferOutput<typeof DetailBodySchema>;
