/** What every screen gets: the session, its root element, and cleanup for timers it starts. */
import type { Session } from "./session.js";

export interface ViewContext {
  session: Session;
  root: HTMLElement;
  /** Runs when the screen is left (stops polling). */
  onLeave(cleanup: () => void): void;
  /** True once the screen was left: late answers must not touch the page. */
  readonly left: boolean;
  /** Goes to another screen (a hash route such as "#experiments"). */
  navigate(hash: string): void;
  /** Says something to screen readers and shows it in the status line. */
  announce(text: string): void;
}

/** Calls `tick` now and every `ms` until the screen is left; overlapping ticks are skipped. */
export function poll(ctx: ViewContext, ms: number, tick: () => Promise<boolean | void>): void {
  let busy = false;
  let stopped = false;
  const run = async (): Promise<void> => {
    if (busy || stopped || ctx.left) return;
    busy = true;
    try {
      // A tick returning true is done: polling stops.
      if ((await tick()) === true) stopped = true;
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void run(), ms);
  ctx.onLeave(() => clearInterval(timer));
  void run();
}

export const experimentHash = (name: string): string => `#experiment/${encodeURIComponent(name)}`;
