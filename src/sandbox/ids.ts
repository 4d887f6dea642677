/** Random identifiers from the platform's crypto.getRandomValues (browsers, Deno, Node 20). */

function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

/** A version 4 UUID, as the real server's uuid4() for experiment and executor ids. */
export { uuid4 } from "../graph/ids.js";

/** Python's secrets.token_urlsafe(16): 22 URL-safe base64 characters, like the real tokens. */
export function accessToken(): string {
  return btoa(String.fromCharCode(...randomBytes(16)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
