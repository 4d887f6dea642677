/**
 * Graph tasks per distinct graph pickle: an experiment mapped on 1,000 nodes carries the same
 * graph 1,000 times (as separate byte arrays), so each distinct pickle is decoded once.
 */
import type { PickleLimits } from "../pickle/limits.js";
import { graphTasks, type GraphTaskInfo } from "./graph-tasks.js";

/** FNV-1a over the bytes: a cheap key; equal keys are confirmed byte by byte. */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class GraphTaskCache {
  readonly #known = new Map<string, [Uint8Array, GraphTaskInfo[]][]>();
  constructor(readonly limits?: Partial<PickleLimits>) {}

  tasks(bytes: Uint8Array): GraphTaskInfo[] {
    const key = `${bytes.length}:${fnv1a(bytes)}`;
    const bucket = this.#known.get(key) ?? [];
    for (const [seen, tasks] of bucket) if (seen === bytes || sameBytes(seen, bytes)) return tasks;
    const tasks = graphTasks(bytes, this.limits);
    bucket.push([bytes, tasks]);
    this.#known.set(key, bucket);
    return tasks;
  }
}
