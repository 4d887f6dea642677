// How the console's browser test and bench get a headless Chromium: the executable comes from the
// project's shared finder (test/runtime/browser-launch.ts: NETUNICORN_CHROMIUM, a system Chromium,
// or the one shipped through npm), so the console test needs nothing installed by hand.
import { chromium, type Browser } from "playwright-core";
import { findChromium } from "./browser-launch.js";

export async function launchChromium(): Promise<Browser> {
  const chosen = await findChromium();
  return chromium.launch({
    executablePath: chosen.executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
