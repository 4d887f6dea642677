/**
 * Standard base64 (RFC 4648, with padding) to and from bytes, without Node's Buffer: pickles
 * travel as base64 text inside JSON bodies and can be tens of megabytes.
 */
import { ValidationError } from "./errors.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** Char code → 6-bit value, 255 for characters outside the alphabet. */
const DECODE = new Uint8Array(256).fill(255);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Number of "=" at the end of canonical padded base64, or -1 when `text` is not such base64. */
function paddingOf(text: string): number {
  const length = text.length;
  if (length % 4 !== 0) return -1;
  let padding = 0;
  if (length > 0 && text.charCodeAt(length - 1) === 61) padding = text.charCodeAt(length - 2) === 61 ? 2 : 1;
  const end = length - padding;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code > 255 || DECODE[code] === 255) return -1;
  }
  return padding;
}

/** True when `text` is padded base64 (what Python's base64.b64encode writes). */
export function isBase64(text: string): boolean {
  return paddingOf(text) >= 0;
}

const ENCODE = new Uint8Array(64);
for (let i = 0; i < 64; i++) ENCODE[i] = ALPHABET.charCodeAt(i);
const ASCII = new TextDecoder();

/** Bytes → base64 text (ASCII codes written into a buffer, then decoded once: ~4x faster than btoa). */
export function encodeBase64(bytes: Uint8Array): string {
  const rest = bytes.length % 3;
  const full = bytes.length - rest;
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ENCODE[n >> 18]!;
    out[o++] = ENCODE[(n >> 12) & 63]!;
    out[o++] = ENCODE[(n >> 6) & 63]!;
    out[o++] = ENCODE[n & 63]!;
  }
  if (rest === 1) {
    const n = bytes[full]!;
    out.set([ENCODE[n >> 2]!, ENCODE[(n & 3) << 4]!, 61, 61], o);
  } else if (rest === 2) {
    const n = (bytes[full]! << 8) | bytes[full + 1]!;
    out.set([ENCODE[n >> 10]!, ENCODE[(n >> 4) & 63]!, ENCODE[(n & 15) << 2]!, 61], o);
  }
  return ASCII.decode(out);
}

/** Base64 text → bytes; throws a ValidationError (path "") when the text is not padded base64. */
export function decodeBase64(text: string): Uint8Array {
  const padding = paddingOf(text);
  if (padding < 0) throw new ValidationError("decodeBase64: the text is not valid base64", { path: "" });
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  const full = text.length - (padding > 0 ? 4 : 0);
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const n =
      (DECODE[text.charCodeAt(i)]! << 18) |
      (DECODE[text.charCodeAt(i + 1)]! << 12) |
      (DECODE[text.charCodeAt(i + 2)]! << 6) |
      DECODE[text.charCodeAt(i + 3)]!;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (padding > 0) {
    const a = DECODE[text.charCodeAt(full)]!;
    const b = DECODE[text.charCodeAt(full + 1)]!;
    out[o++] = (a << 2) | (b >> 4);
    if (padding === 1) out[o] = ((b & 15) << 4) | (DECODE[text.charCodeAt(full + 2)]! >> 2);
  }
  return out;
}
