// Shared by every test that drives a real browser: which Chromium to run, and launching it
// headless through playwright-core. Order of choice:
//   1. NETUNICORN_CHROMIUM=/path/to/chrome   that executable (it must exist);
//   2. NETUNICORN_CHROMIUM=npm               the Chromium shipped inside @sparticuz/chromium (forced);
//   3. a system Chromium (/usr/bin/chromium, chromium-browser, google-chrome...);
//   4. the Chromium shipped inside @sparticuz/chromium (a dev dependency: `npm ci` brings it).
// So `npm test` needs nothing but Node and npm. The npm binary is decompressed once into
// node_modules/.cache/chromium-<version>/ (atomically: concurrent runs never see half a file).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium, type BrowserContext } from "playwright-core";
import { root } from "./helpers.js";

export const CHROMIUM_ENV = "NETUNICORN_CHROMIUM";
const SYSTEM_CHROMIUMS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export interface ChromiumChoice {
  executablePath: string;
  /** Where it came from: the environment variable, the system, or the npm package. */
  source: "env" | "system" | "npm";
}

/** The Chromium to run, per the order above. Throws a clear error, never returns a missing path. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const named = env[CHROMIUM_ENV]?.trim();
  if (named === "npm") return { executablePath: await npmChromium(), source: "npm" };
  if (named) {
    if (!existsSync(named)) throw new Error(`${CHROMIUM_ENV}=${named}: no such file (use a Chromium executable, or "npm")`);
    return { executablePath: named, source: "env" };
  }
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system !== undefined) return { executablePath: system, source: "system" };
  return { executablePath: await npmChromium(), source: "npm" };
}

/** The path of @sparticuz/chromium's binary, decompressed on first use into node_modules/.cache. */
export async function npmChromium(): Promise<string> {
  const packageDir = join(root, "node_modules", "@sparticuz", "chromium");
  const manifest = join(packageDir, "package.json");
  if (!existsSync(manifest)) throw new Error("@sparticuz/chromium is not installed: run `npm ci` (it is a dev dependency)");
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  const cacheDir = join(root, "node_modules", ".cache", `chromium-${version}`);
  const executable = join(cacheDir, "chromium");
  if (existsSync(executable)) return executable;
  mkdirSync(join(root, "node_modules", ".cache"), { recursive: true });
  // The package decompresses into os.tmpdir(); a private TMPDIR per attempt, renamed into place.
  const scratch = mkdtempSync(join(root, "node_modules", ".cache", "chromium-extract-"));
  try {
    const script = 'import("@sparticuz/chromium").then(async (m) => process.stdout.write(await m.default.executablePath()))';
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
      env: { ...process.env, TMPDIR: scratch },
      timeout: 300_000, // hang guards, generous: a loaded 2-core machine is slow, not hung
    });
    if (stdout !== join(scratch, "chromium")) throw new Error(`@sparticuz/chromium extracted to ${stdout}, expected ${scratch}`);
    try {
      renameSync(scratch, cacheDir);
    } catch (error) {
      if (!existsSync(executable)) throw error; // else another run won the race: use its copy
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return executable;
}

/** Flags for a headless Chromium in a container (root, no GPU, no network beyond loopback). */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface LaunchedChromium extends ChromiumChoice {
  context: BrowserContext;
  /** Closes the browser and removes its profile; safe to call more than once. */
  close(): Promise<void>;
}

/** Launches headless Chromium with a throwaway profile. */
export async function launchChromium(choice?: ChromiumChoice): Promise<LaunchedChromium> {
  const chosen = choice ?? (await findChromium());
  const profile = mkdtempSync(join(tmpdir(), "netunicorn-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chosen.executablePath,
      headless: true,
      args: ARGS,
      timeout: 180_000,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`could not launch Chromium from ${chosen.source} (${chosen.executablePath})`, { cause: error });
  }
  let closed = false;
  return {
    ...chosen,
    context,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
