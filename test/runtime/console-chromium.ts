// How the console's browser test and bench get a headless Chromium: ONE function, so that it can
// be pointed at the project's shared browser launcher (which also finds an npm-shipped Chromium)
// without touching the tests. Today: Debian's /usr/bin/chromium through playwright-core, with the
// same flags as test/runtime/browser.test.ts.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
