/**
 * A per-attempt deadline combined with the caller's signal, without AbortSignal.any (not in
 * every runtime). The task's promise is raced against the combined signal, so a fetch that
 * ignores signals (or a server that sends headers and then stalls the body) cannot hang us.
 */

/** Why an attempt stopped early. */
export type Interruption = "timeout" | "abort";

export class Interrupted {
  constructor(readonly reason: Interruption) {}
}

/**
 * Runs `task(signal)`; rejects with an `Interrupted` when `timeoutMs` passes (0 or Infinity: never)
 * or `caller` aborts, whichever comes first. Other failures of the task pass through.
 */
export async function withDeadline<T>(timeoutMs: number, caller: AbortSignal | undefined, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (caller?.aborted) throw new Interrupted("abort");
  const controller = new AbortController();
  let stop: (why: Interrupted) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    stop = (why) => {
      reject(why);
      controller.abort(why.reason);
    };
  });
  const onAbort = () => stop(new Interrupted("abort"));
  caller?.addEventListener("abort", onAbort, { once: true });
  const timer = timeoutMs > 0 && Number.isFinite(timeoutMs) ? setTimeout(() => stop(new Interrupted("timeout")), timeoutMs) : undefined;
  const running = task(controller.signal);
  running.catch(() => {}); // it may lose the race and reject later: not an unhandled rejection
  try {
    return await Promise.race([running, stopped]);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onAbort);
  }
}

/** Waits `ms`, or rejects with an `Interrupted("abort")` when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Interrupted("abort"));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Interrupted("abort"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
