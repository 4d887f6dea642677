/**
 * Bytes that arrive as base64 text and are decoded only when someone asks: a status body can carry
 * megabytes of pickles that most callers never read. The text is kept for re-serialisation until
 * the bytes are handed out (they could be changed in place after that).
 */
import { decodeBase64, encodeBase64 } from "../base64.js";

export class LazyBytes {
  #text: string | null;
  #bytes: Uint8Array | null;

  private constructor(text: string | null, bytes: Uint8Array | null) {
    this.#text = text;
    this.#bytes = bytes;
  }

  static fromBase64(text: string): LazyBytes {
    return new LazyBytes(text, null);
  }

  static fromBytes(bytes: Uint8Array): LazyBytes {
    return new LazyBytes(null, bytes);
  }

  get bytes(): Uint8Array {
    if (this.#bytes === null) this.#bytes = decodeBase64(this.#text ?? "");
    this.#text = null;
    return this.#bytes;
  }

  /** The base64 text: the original when the bytes were never handed out, else a fresh encoding. */
  toBase64(): string {
    return this.#text ?? encodeBase64(this.#bytes ?? new Uint8Array(0));
  }
}
