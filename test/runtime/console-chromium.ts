// How the console's browser test and bench get a headless Chromium: the executable comes from the
// project's shared finder (test/runtime/browser-launch.ts: NETUNICORN_CHROMIUM, a system Chromium,
// or the one shipped through npm), so the console test needs nothing installed by hand.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { findChromium } from "./browser-launch.js";
import { root } from "./helpers.js";

/**
 * Where the console tests save their screenshots: docs/screenshots/ (tracked; the README shows
 * them) only with UPDATE_SCREENSHOTS=1, otherwise a fresh temporary folder, so a plain `npm test`
 * still takes every screenshot but leaves the git tree clean. `remove` deletes the temporary one.
 */
export function screenshotFolder(): { dir: string; remove: () => void } {
  if (process.env.UPDATE_SCREENSHOTS === "1") {
    const dir = join(root, "docs", "screenshots");
    mkdirSync(dir, { recursive: true });
    return { dir, remove: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), "netunicorn-screenshots-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function launchChromium(): Promise<Browser> {
  const chosen = await findChromium();
  return chromium.launch({
    executablePath: chosen.executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A page of the console under test: Playwright's waits are hang guards that a loaded machine must
 * never reach (90 s, not 30 s), and every console error/warning, page error and failed request is
 * collected in `problems` so a test can assert the page ran clean.
 */
export async function openWatchedPage(browser: Browser, options: Parameters<Browser["newPage"]>[0] = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...options });
  page.setDefaultTimeout(90_000);
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()} ${m.location().url}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  return { page, problems };
}

/** Form controls without an accessible name, and interactive elements out of the tab order. */
export function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("input, select, textarea, button, a[href], summary")].flatMap((el) => {
      const named = el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement
        ? (el.labels !== null && el.labels.length > 0) || el.hasAttribute("aria-label")
        : (el.textContent ?? "").trim() !== "" || el.hasAttribute("aria-label");
      return named && el.tabIndex >= 0 ? [] : [el.outerHTML.slice(0, 120)];
    }),
  );
}
