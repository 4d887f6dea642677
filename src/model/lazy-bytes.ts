/**
 * Bytes that arrive as base64 text and are decoded only when someone asks: a status body can carry
 * megabytes of pickles that most callers never read. A model keeps the text for re-serialisation
 * until the bytes are handed out (they could be changed in place after that), then the bytes.
 */
import { decodeBase64, encodeBase64 } from "../base64.js";

/** Base64 text not decoded yet, or the bytes. */
export type LazyBytes = string | Uint8Array;

/** The bytes (decoded now when still text); null stays null. */
export const bytesOf = (value: LazyBytes | null): Uint8Array | null => (typeof value === "string" ? decodeBase64(value) : value);

/** The base64 text: the original when the bytes were never handed out, else a fresh encoding; null stays null. */
export const base64Of = (value: LazyBytes | null): string | null => (typeof value === "string" || value === null ? value : encodeBase64(value));
