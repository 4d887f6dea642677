/** Paged lists: `offset`/`limit` in, `next_offset`/`has_more` out, and a size budget per page. */
import * as v from "valibot";
import { STRUCTURED_CAP, jsonSize } from "./answer.js";

/** The `offset` and `limit` arguments of a paged tool. */
export function pagingEntries(defaultLimit: number, maxLimit: number) {
  return {
    offset: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(0), v.description("Index of the first item to return (default 0).")),
      0,
    ),
    limit: v.optional(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(1),
        v.maxValue(maxLimit),
        v.description(`How many items to return (default ${defaultLimit}, at most ${maxLimit}).`),
      ),
      defaultLimit,
    ),
  };
}

/** The paging fields of a paged answer. */
export const pageOutputEntries = {
  total: v.pipe(v.number(), v.description("Number of items in the whole list (after filters).")),
  offset: v.number(),
  has_more: v.pipe(v.boolean(), v.description("True when more items follow: call again with offset = next_offset.")),
  next_offset: v.pipe(v.nullable(v.number()), v.description("The offset of the next page, or null at the end.")),
};

export interface PageInfo {
  total: number;
  offset: number;
  has_more: boolean;
  next_offset: number | null;
}

export interface Page<T> extends PageInfo {
  items: T[];
}

/** The JSON size fitPage measured of each answer it returned (the server's size check reuses it). */
const measured = new WeakMap<object, number>();

/** The size fitPage measured for `answer` (a tool must return fitPage's answer unchanged), or undefined. */
export function measuredSize(answer: object): number | undefined {
  return measured.get(answer);
}

/**
 * Takes items[offset, offset+limit) and shrinks the page (never below one item) until the
 * answer built from it fits the structured-content budget. The answer is not to be changed
 * afterwards: its measured size is reused (measuredSize).
 */
export function fitPage<T, O>(
  all: readonly T[],
  offset: number,
  limit: number,
  build: (page: Page<T>) => O,
  budget = STRUCTURED_CAP,
): O {
  let count = Math.max(0, Math.min(limit, all.length - offset));
  for (;;) {
    const items = all.slice(offset, offset + count);
    const end = offset + items.length;
    const hasMore = end < all.length;
    const page: Page<T> = { items, total: all.length, offset, has_more: hasMore, next_offset: hasMore ? end : null };
    const answer = build(page);
    const size = jsonSize(answer);
    if (typeof answer === "object" && answer !== null) measured.set(answer, size);
    if (count <= 1 || size <= budget) return answer;
    count = Math.max(1, Math.floor(count / 2));
  }
}

/** "items 1-50 of 120 (more: offset=50)": the paging line of a text rendering. */
export function pageLine(page: PageInfo, shown: number, noun: string): string {
  if (page.total === 0) return `no ${noun}`;
  if (shown === 0) return `no ${noun} at offset ${page.offset} (total ${page.total})`;
  const range = `${noun} ${page.offset + 1}-${page.offset + shown} of ${page.total}`;
  return page.has_more ? `${range} (more: call again with offset=${page.next_offset})` : range;
}
