/** Identifiers: graph names (uuid4, as Python's ExecutionGraph) and task-name suffixes. */

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

// Purely random 32-bit suffixes collide (birthday bound: ~1% among 10,000 tasks), and a collision
// makes validation refuse the graph. So suffixes walk a bijection of the 32-bit integers from a
// random start: random-looking, and never repeated within a process for 2^32 names.
const start = new DataView(randomBytes(4).buffer).getUint32(0);
const key = new DataView(randomBytes(4).buffer).getUint32(0);
let issued = 0;

/** A short suffix for generated task names (8 hex digits), unique within this process. */
export function randomSuffix(): string {
  const n = (start + issued++) >>> 0;
  const mixed = (Math.imul(n, 0x9e3779b1) ^ key) >>> 0; // odd multiplier, then xor: a bijection
  return mixed.toString(16).padStart(8, "0");
}
