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
 *
 * The state is this module's, not one per decode (no allocation per call: small pickles are
 * decoded by the thousand): unpickle() runs to its end without calling out, and clears it when it
 * ends (listsDone, at STOP and on a failure) so that no part of a result stays referenced here.
 * Clearing is always safe: a list nobody tracks takes the general path.
 */
import type { PyValue } from "./value.js";

type MemoAt = (i: number) => unknown;
type Store = (i: number, v: PyValue[]) => void;

/** The list the last EMPTY_LIST made while only the stack (and memo slot freshMemo) hold it; always empty. */
let fresh: PyValue[] | undefined;
let freshMemo = -1;
/** Per MARK depth: the fresh list right below that MARK, and its memo slot (-1: none). */
const markList: (PyValue[] | undefined)[] = [];
const markMemo: number[] = [];

/** The end of a decode (returned or failed): nothing tracked any more. */
export const listsDone = (): void => {
  fresh = undefined;
  markList.length = 0;
};

/** EMPTY_LIST */
export const emptyList = (): PyValue[] => ((freshMemo = -1), (fresh = []));

/** PUT of the list v into slot i: a second slot hands the list out. */
export const listPut = (v: PyValue[], i: number): void => {
  if (v === fresh) freshMemo < 0 ? (freshMemo = i) : (fresh = undefined);
};

/** DUP of the list v, or a GET of an empty list, with `depth` MARKs open: v may now be held elsewhere, so it keeps its identity. */
export const listShared = (v: PyValue[], depth: number): void => {
  if (v === fresh) fresh = undefined;
  for (let d = 0; d < depth; d++) if (markList[d] === v) markList[d] = undefined;
};

/**
 * MARK at `depth` (before it is pushed): the fresh list passes to this depth. Only APPENDS to the
 * value right below this MARK (the top now) uses it, so a fresh list deeper down never matches.
 */
export const listMark = (depth: number): void => {
  markList[depth] = fresh;
  markMemo[depth] = freshMemo;
  fresh = undefined;
};

/**
 * Puts `list` in place of the empty list `old` at stack[i] and in memo slot m (unless a PUT reused
 * it). The `t.length` tests before it (APPEND's in read.ts, appendMany's) are always false today for
 * a tracked list (it gets items only here): they keep a broken invariant from dropping items.
 */
function swap(stack: PyValue[], i: number, old: PyValue[], list: PyValue[], m: number, memoAt: MemoAt, store: Store): void {
  stack[i] = list;
  if (memoAt(m) === old) store(m, list);
}

/** APPEND of the top value to the empty list t = stack[n - 2]: true when t was fresh and is now [that value]. */
export function appendOne(stack: PyValue[], t: PyValue[], n: number, memoAt: MemoAt, store: Store): boolean {
  if (t !== fresh) return false;
  swap(stack, n - 2, t, [stack.pop()!], freshMemo, memoAt, store);
  fresh = undefined;
  return true;
}

/** APPENDS of stack[at..] to t = stack[at - 1], whose MARK at `depth` was just popped: true when t was fresh and is now their copy. */
export function appendMany(stack: PyValue[], t: PyValue, at: number, depth: number, memoAt: MemoAt, store: Store): boolean {
  if (t !== markList[depth] || t.length) return false;
  swap(stack, at - 1, t, stack.splice(at), markMemo[depth]!, memoAt, store);
  markList[depth] = undefined;
  return true;
}

const push = Array.prototype.push;

/** Appends stack[from, n) to list, one push call per 8192 items (a push per item is a megamorphic call: lists of ints, floats, objects...). */
export function pushAll(list: PyValue[], stack: PyValue[], from: number, n: number): void {
  for (let i = from; i < n; i += 8192) push.apply(list, stack.slice(i, Math.min(n, i + 8192)));
}
