/**
 * Sets, frozensets and bytearrays, written as CPython's C pickler writes them.
 */
import type { PyByteArray } from "./value.js";
import { OP } from "./opcodes.js";
import { BATCH, describe, isHashable } from "./write-path.js";
import type { PickleWriter } from "./write.js";

export function writeSet(w: PickleWriter, value: ReadonlySet<unknown>, frozen: boolean): void {
  for (const element of value) {
    if (!isHashable(element)) throw w.error(`a set element must be hashable, got ${describe(element)}`);
  }
  if (frozen) return writeFrozenSet(w, value);
  w.op(OP.EMPTY_SET);
  w.remember(value);
  const items = [...value];
  if (items.length === 0) return;
  // CPython: MARK … ADDITEMS per 1000, and an empty batch after a full last one.
  let start = 0;
  let count: number;
  do {
    count = Math.min(BATCH, items.length - start);
    w.op(OP.MARK);
    for (let i = start; i < start + count; i++) w.item(items[i], i);
    w.op(OP.ADDITEMS);
    start += count;
  } while (count === BATCH);
}

function writeFrozenSet(w: PickleWriter, value: ReadonlySet<unknown>): void {
  w.op(OP.MARK);
  w.guarded(value, () => [...value].forEach((e, i) => w.item(e, i)));
  if (w.isMemoized(value)) {
    w.op(OP.POP_MARK);
    w.recall(value);
    return;
  }
  w.op(OP.FROZENSET);
  w.remember(value);
}

export function writeByteArray(w: PickleWriter, value: PyByteArray): void {
  if (w.protocol >= 5) w.byteArray8(value.bytes);
  else {
    // Protocol 4 has no bytearray opcode: CPython writes builtins.bytearray(bytes).
    w.global("builtins", "bytearray");
    w.tuple([value.bytes]);
    w.op(OP.REDUCE);
  }
  w.remember(value);
}
