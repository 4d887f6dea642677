/**
 * What the console server says about its backend (GET /console-info.json, its own answer, never
 * forwarded): whether it is a simulation (the sandbox) and, only then, the demo users. Shown as a
 * banner on every screen and on the login page; a real server gets neither.
 */
import { h } from "./dom.js";

export interface DemoUser {
  login: string;
  password: string;
  sudo: boolean;
}

export interface SiteInfo {
  simulation: boolean;
  demoUsers: DemoUser[];
}

const NOTHING: SiteInfo = { simulation: false, demoUsers: [] };

function isDemoUser(value: unknown): value is DemoUser {
  const user = value as Partial<DemoUser> | null;
  return typeof user?.login === "string" && typeof user.password === "string";
}

/** The server's answer; a page served without it (another static server) claims nothing. */
export async function loadSiteInfo(): Promise<SiteInfo> {
  try {
    const response = await fetch(new URL("console-info.json", location.href), { cache: "no-store" });
    if (!response.ok) return NOTHING;
    const body = (await response.json()) as { simulation?: unknown; demoUsers?: unknown };
    if (body.simulation !== true) return NOTHING;
    return { simulation: true, demoUsers: Array.isArray(body.demoUsers) ? body.demoUsers.filter(isDemoUser) : [] };
  } catch {
    return NOTHING;
  }
}

/** The banner above every screen of a simulation. */
export function simulationBanner(): HTMLElement {
  return h("p", { class: "sim-banner", role: "note", "aria-label": "Simulation" },
    h("strong", {}, "Simulation: "),
    "this console talks to the netunicorn sandbox, an in-memory stand-in for a netunicorn server. Experiments go through their whole lifecycle, but no task runs on any real node.");
}
