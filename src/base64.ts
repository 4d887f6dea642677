/**
 * Standard base64 (RFC 4648, with padding) to and from bytes, without Node's Buffer: pickles
 * travel as base64 text inside JSON bodies and can be tens of megabytes.
 */
import { ValidationError } from "./errors.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** Index → ASCII code of the alphabet. */
const ENCODE = new TextEncoder().encode(ALPHABET);
const ASCII = new TextDecoder();

/** True when `text` is padded base64 (what Python's base64.b64encode writes). */
export function isBase64(text: string): boolean {
  // With a length that is a multiple of 4, at most two "=" at the end is exactly canonical padding.
  return text.length % 4 === 0 && /^[A-Za-z\d+/]*={0,2}$/.test(text);
}

/** Bytes → base64 text (ASCII codes written into a buffer, then decoded once: ~4x faster than btoa). */
export function encodeBase64(bytes: Uint8Array): string {
  const length = bytes.length;
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  for (let i = 0, o = 0; i < length; i += 3) {
    // The last group may hold 1 or 2 bytes (reading past the end would slow the whole loop down).
    const n = i + 2 < length ? (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]! : (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    out[o++] = ENCODE[n >> 18]!;
    out[o++] = ENCODE[(n >> 12) & 63]!;
    out[o++] = ENCODE[(n >> 6) & 63]!;
    out[o++] = ENCODE[n & 63]!;
  }
  // 1 or 2 bytes in the last group: 2 or 1 "=".
  if (length % 3) out.fill(61, out.length - 3 + (length % 3));
  return ASCII.decode(out);
}

/** Base64 text → bytes; throws a ValidationError (path "") when the text is not padded base64. */
export function decodeBase64(text: string): Uint8Array {
  if (!isBase64(text)) throw new ValidationError("decodeBase64: the text is not valid base64", { path: "" });
  // atob (checked text only: it would also skip whitespace) gives one character per byte.
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
