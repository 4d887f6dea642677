/** Identifiers: graph names (uuid4, as Python's ExecutionGraph) and task-name suffixes, from crypto.getRandomValues (browsers, Deno, Node 20). */

const random = (count: number): Uint8Array => crypto.getRandomValues(new Uint8Array(count));

/** A random version-4 UUID string, like Python's str(uuid.uuid4()). */
export function uuid4(): string {
  const b = random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return hex.replace(/(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
}

// Purely random 32-bit suffixes collide (birthday bound: ~1% among 10,000 tasks), and a collision
// makes validation refuse the graph. So suffixes walk a bijection of the 32-bit integers from a
// random start: random-looking, and never repeated within a process for 2^32 names.
const [start, key] = new Uint32Array(random(8).buffer) as unknown as [number, number];
let issued = 0;

/** A short suffix for generated task names (8 hex digits), unique within this process. */
export function randomSuffix(): string {
  const mixed = (Math.imul((start + issued++) >>> 0, 0x9e3779b1) ^ key) >>> 0; // odd multiplier, then xor: a bijection
  return mixed.toString(16).padStart(8, "0");
}
