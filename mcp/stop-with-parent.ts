/**
 * Every long-running command (`netunicorn-sandbox`, `netunicorn-console`, `netunicorn-mcp --http`,
 * `npm start`) goes when whatever started it goes. `kill <pid of npx/npm>` ends the wrapper, whose
 * shell may not pass the signal on: the server would be re-parented and keep its port for ever.
 * So: when our parent changes (we were re-parented) or the terminal closes (SIGHUP), this process
 * sends itself SIGTERM, and each command's own SIGTERM handler closes its server as when told to.
 * (Node has no "parent died" event; polling process.ppid is the portable way.)
 */

/** How often the parent is checked: a stopped server frees its port within about this long. */
export const PARENT_CHECK_MS = 500;

/** Starts the watch; returns a function that ends it. Call it after the SIGTERM handler is set. */
export function stopWithParent(intervalMs: number = PARENT_CHECK_MS): () => void {
  const parent = process.ppid;
  const terminate = (): void => void process.kill(process.pid, "SIGTERM");
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    terminate();
  }, intervalMs);
  timer.unref();
  process.once("SIGHUP", terminate);
  return () => {
    clearInterval(timer);
    process.off("SIGHUP", terminate);
  };
}
