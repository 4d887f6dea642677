/** Random identifiers: graph names (uuid4, as Python's ExecutionGraph) and task-name suffixes. */

function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  const crypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (crypto?.getRandomValues !== undefined) crypto.getRandomValues(bytes);
  else for (let i = 0; i < count; i++) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** A random version-4 UUID string, like Python's str(uuid.uuid4()). */
export function uuid4(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A short random suffix for generated task names (8 hex digits). */
export function randomSuffix(): string {
  return hex(randomBytes(4));
}
