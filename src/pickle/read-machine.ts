/** The pickle virtual machine's state: stack, MARK positions, memo, limits and counters. */
import type { PickleLimits } from "./limits.js";
import { DecodeFailure, PickleInput } from "./read-input.js";
import { PyObject, type PyValue } from "./value.js";

export class Machine {
  readonly input: PickleInput;
  readonly stack: PyValue[] = [];
  readonly marks: number[] = [];
  readonly memo: PyValue[] = [];
  /** Memo entries stored far past the dense end (hostile or unusual PUT indices). */
  readonly sparseMemo = new Map<number, PyValue>();
  /** Memo slots holding a PyObject that BUILD may replace by a rebuilt value (UUID, Success...). */
  readonly memoSlots = new Map<PyObject, number[]>();
  protocol = 0;
  objects = 0;
  stopped = false;
  result: PyValue = null;

  constructor(bytes: Uint8Array, readonly limits: PickleLimits) {
    this.input = new PickleInput(bytes);
  }

  push(v: PyValue): void {
    if (++this.objects > this.limits.maxObjects) {
      throw new DecodeFailure(`more than ${this.limits.maxObjects} objects (maxObjects limit)`);
    }
    this.stack.push(v);
  }

  /** Stack index of the innermost MARK (0 without one): values below it are out of reach. */
  markBase(): number {
    return this.marks.length ? this.marks[this.marks.length - 1]! : 0;
  }

  pop(): PyValue {
    const base = this.markBase();
    if (this.stack.length <= base) throw new DecodeFailure("stack underflow (no value above the last MARK)");
    return this.stack.pop()!;
  }

  top(): PyValue {
    const base = this.markBase();
    if (this.stack.length <= base) throw new DecodeFailure("stack underflow (empty stack)");
    return this.stack[this.stack.length - 1]!;
  }

  mark(): void {
    if (this.marks.length >= this.limits.maxDepth) {
      throw new DecodeFailure(`MARK nesting deeper than ${this.limits.maxDepth} (maxDepth limit)`);
    }
    this.marks.push(this.stack.length);
  }

  /** Pops the last MARK and returns the stack index it stood at (the caller consumes and truncates). */
  popMarkIndex(): number {
    const at = this.marks.pop();
    if (at === undefined) throw new DecodeFailure("no MARK on the stack");
    return at;
  }

  /** Pops everything above the last MARK, and the MARK. */
  popMark(): PyValue[] {
    return this.stack.splice(this.popMarkIndex());
  }

  memoPut(index: number, v: PyValue): void {
    if (!Number.isInteger(index) || index < 0 || index > this.limits.maxMemo) {
      throw new DecodeFailure(`memo index ${index} outside 0..${this.limits.maxMemo} (maxMemo limit)`);
    }
    if (index < this.memo.length) this.memo[index] = v;
    else if (index === this.memo.length) this.memo.push(v);
    else this.sparseMemo.set(index, v);
    if (v instanceof PyObject) {
      const slots = this.memoSlots.get(v);
      if (slots) slots.push(index);
      else this.memoSlots.set(v, [index]);
    }
  }

  memoGet(index: number): PyValue {
    const v = index >= 0 && index < this.memo.length ? this.memo[index] : this.sparseMemo.get(index);
    if (v === undefined) throw new DecodeFailure(`memo index ${index} was never stored`);
    return v;
  }

  /** BUILD replaced a memoized record by a rebuilt value: later GETs must see the new one. */
  replaceInMemo(old: PyObject, now: PyValue): void {
    const slots = this.memoSlots.get(old);
    if (!slots) return;
    for (const i of slots) {
      if (i < this.memo.length) this.memo[i] = now;
      else this.sparseMemo.set(i, now);
    }
    this.memoSlots.delete(old);
  }
}
