/**
 * A deadline combined with the caller's signal, without AbortSignal.any (not in every runtime).
 * The task's promise is raced against both, so a fetch that ignores signals (or a server that
 * sends headers and then stalls the body) cannot hang us.
 */
import { AbortError } from "../errors.js";

/**
 * Runs `task(signal)` and settles as it does, unless the caller's signal aborts first (an
 * AbortError naming `operation`; already aborted: the task never starts) or `timeoutMs` passes
 * (the error `timedOut` makes; Infinity or NaN: no limit; 0 or less: at once). Either way `signal`
 * is aborted, so the task's fetch or sleep stops too.
 */
export function deadline<T>(
  operation: string,
  caller: AbortSignal | undefined,
  task: (signal: AbortSignal) => Promise<T>,
  timeoutMs = Infinity,
  timedOut?: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    const stop = (error: Error) => {
      reject(error);
      controller.abort(error);
      done();
    };
    const onAbort = () => stop(new AbortError(`${operation} cancelled by the caller`, { operation }));
    const timer = timeoutMs < Infinity ? setTimeout(() => stop(timedOut!()), timeoutMs) : undefined;
    const done = () => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    };
    if (caller?.aborted) return onAbort();
    if (timeoutMs <= 0) return stop(timedOut!());
    caller?.addEventListener("abort", onAbort);
    // Settling after a stop is a no-op: a late rejection of the task is not an unhandled one.
    task(controller.signal).then(resolve, reject).finally(done);
  });
}

/** Waits `ms`, or rejects with an AbortError naming `operation` when `caller` aborts first. */
export function sleep(operation: string, caller: AbortSignal | undefined, ms: number): Promise<void> {
  return deadline(operation, caller, (signal) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.onabort = () => clearTimeout(timer);
  }));
}
