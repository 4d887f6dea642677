/**
 * Every long-running command (`netunicorn-sandbox`, `netunicorn-console`, `netunicorn-mcp --http`,
 * `npm start`, `npm run sandbox`) goes when whatever started it goes. `kill <pid of npx/npm>` ends
 * the wrapper, whose shell may not pass the signal on: the server would be re-parented and keep
 * its port for ever. So: when our parent changes (we were re-parented), or the terminal closes
 * (SIGHUP), this process sends itself SIGTERM, and each command's own SIGTERM handler closes its
 * server as when told to. (Node has no "parent died" event; polling process.ppid is the portable way.)
 * Under npm (`npm run x`, `npx x`) the parent is the shell npm runs the command in, which outlives
 * a killed npm: there npm's going is seen as the shell being re-parented (Linux, from /proc).
 */
import { readFileSync } from "node:fs";

/** How often the parent is checked: a stopped server frees its port within about this long. */
export const PARENT_CHECK_MS = 500;

/** The parent pid of `pid` (Linux /proc), or undefined when it cannot be read. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a shell (the `sh -c` npm runs scripts and bins through). */
function isShell(pid: number): boolean {
  try {
    return /^(sh|dash|bash|zsh|ash|busybox)$/.test(readFileSync(`/proc/${pid}/comm`, "utf8").trim());
  } catch {
    return false;
  }
}

/** Started by npm (npm run, npm start, npx) through a shell: the pid of npm itself's parent link to watch. */
function npmShell(parent: number, env: NodeJS.ProcessEnv): { shell: number; npm: number } | undefined {
  if (env.npm_lifecycle_event === undefined && env.npm_command === undefined) return undefined;
  if (!isShell(parent)) return undefined;
  const npm = parentOf(parent);
  return npm === undefined ? undefined : { shell: parent, npm };
}

/**
 * Starts the watch; returns a function that ends it. Call it after the SIGTERM handler is set.
 * NETUNICORN_DETACHED=1 turns it off, for a server meant to outlive its shell (`nohup … &`);
 * under a supervisor (systemd, Docker) nothing is needed: the parent never changes.
 */
export function stopWithParent(intervalMs: number = PARENT_CHECK_MS): () => void {
  if (/^(1|true|yes|on)$/i.test(process.env.NETUNICORN_DETACHED?.trim() ?? "")) return () => undefined;
  const parent = process.ppid;
  const wrapper = npmShell(parent, process.env);
  const terminate = (): void => void process.kill(process.pid, "SIGTERM");
  const timer = setInterval(() => {
    const orphaned = process.ppid !== parent || (wrapper !== undefined && parentOf(wrapper.shell) !== wrapper.npm);
    if (!orphaned) return;
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

/**
 * What every long-running command does to stop: on SIGINT, SIGTERM, a closed terminal or a gone
 * parent (stopWithParent), `close` its server(s), then exit 0 (1, with `name`'s words, when closing failed).
 */
export function closeOnStop(name: string, close: () => Promise<void>): void {
  const stop = (): void =>
    void close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${name}: could not close cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  stopWithParent();
}
