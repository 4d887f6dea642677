/** Limits that keep the decoder safe on hostile input; every one can be lowered or raised. */
export interface PickleLimits {
  /** Largest pickle accepted, in bytes. */
  maxInputBytes: number;
  /** Deepest MARK nesting while decoding (toView has its own limit: ViewLimits.maxDepth). */
  maxDepth: number;
  /** Most values the decoder may create (each pushed value counts once). */
  maxObjects: number;
  /** Highest memo index (PUT / MEMOIZE) accepted. */
  maxMemo: number;
  /** Most decimal digits of a big integer (LONG, LONG1, LONG4, INT text). */
  maxBigIntDigits: number;
}

export const DEFAULT_PICKLE_LIMITS: Readonly<PickleLimits> = Object.freeze({
  maxInputBytes: 256 * 1024 * 1024,
  maxDepth: 1000,
  maxObjects: 10_000_000,
  maxMemo: 10_000_000,
  maxBigIntDigits: 10_000,
});
