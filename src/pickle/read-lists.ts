/**
 * Exactly sized lists for the decoder: a list filled right after its EMPTY_LIST (one MARK ...
 * APPENDS, or one APPEND) is replaced, in the stack and its memo slot, by a copy of its items. A []
 * filled by push keeps at least 17 slots (V8 grows an empty array to n + n/2 + 16): ~190 bytes per
 * short list instead of ~80, and 4× the time to build.
 *
 * The swap is safe only while nothing else can hold the empty list: the stack and at most one memo
 * slot. A DUP, a second PUT or a GET of it hands it out, and it then keeps its identity (the
 * general path). Once on the stack, a list can only come back there after being popped through a
 * GET or DUP (BUILD of a list pushes back the list it popped and stores it nowhere).
 */
import type { PyValue } from "./value.js";

/** The decoder's hooks (read.ts); `memoAt` and `store` read and write one memo slot. */
export function exactLists(
  stack: PyValue[], marks: number[], memoAt: (i: number) => unknown, store: (i: number, v: PyValue[]) => void,
) {
  /** The list the last EMPTY_LIST made while only the stack (and memo slot freshMemo) hold it; always empty. */
  let fresh: PyValue[] | undefined;
  let freshMemo = -1;
  /** Per MARK depth: the fresh list right below that MARK, and its memo slot (-1: none). */
  const markList: (PyValue[] | undefined)[] = [];
  const markMemo: number[] = [];
  /**
   * Puts `list` in place of the empty list `old` at stack[i] and in memo slot m (unless a PUT reused
   * it). The callers' `t.length` tests are always false today (a tracked list gets items only here):
   * they keep a broken invariant from dropping items.
   */
  const swap = (i: number, old: PyValue[], list: PyValue[], m: number): void => {
    stack[i] = list;
    if (memoAt(m) === old) store(m, list);
  };
  return {
    /** EMPTY_LIST */
    empty: (): PyValue[] => ((freshMemo = -1), (fresh = [])),
    /** PUT of v into slot i: a second slot hands the list out. */
    put(v: PyValue[], i: number): void {
      if (v === fresh) freshMemo < 0 ? (freshMemo = i) : (fresh = undefined);
    },
    /** DUP of v, or a GET of an empty list: it may now be held elsewhere, so it keeps its identity. */
    shared(v: PyValue[]): void {
      if (v === fresh) fresh = undefined;
      for (let d = 0; d < marks.length; d++) if (markList[d] === v) markList[d] = undefined;
    },
    /**
     * MARK (before it is pushed): the fresh list passes to this depth. Only APPENDS to the value
     * right below this MARK (the top now) uses it, so a fresh list deeper down never matches.
     */
    mark(): void {
      const d = marks.length;
      markList[d] = fresh;
      markMemo[d] = freshMemo;
      fresh = undefined;
    },
    /** APPEND of the top value to t = stack[n - 2]: true when t was fresh and is now [that value]. */
    appendOne(t: PyValue[], n: number): boolean {
      if (t !== fresh || t.length) return false;
      swap(n - 2, t, [stack.pop()!], freshMemo);
      fresh = undefined;
      return true;
    },
    /** APPENDS of stack[at..] to t = stack[at - 1], whose MARK was just popped: true when t was fresh and is now their copy. */
    appendMany(t: PyValue, at: number): boolean {
      const d = marks.length;
      if (t !== markList[d] || t.length) return false;
      swap(at - 1, t, stack.splice(at), markMemo[d]!);
      markList[d] = undefined;
      return true;
    },
  };
}
