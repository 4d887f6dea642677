/** Random identifiers from the platform's crypto.getRandomValues (browsers, Deno, Node 20). */

function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

/** A version 4 UUID, as the real server's uuid4() for experiment and executor ids. */
export function uuid4(): string {
  const b = randomBytes(16);
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Python's secrets.token_urlsafe(16): 22 URL-safe base64 characters, like the real tokens. */
export function accessToken(): string {
  return btoa(String.fromCharCode(...randomBytes(16)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
