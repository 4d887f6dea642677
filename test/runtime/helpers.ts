// Shared by the runtime tests: paths, child processes, and the "is the package built?" guard.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const bin = (name: string): string => join(root, "node_modules", ".bin", name);
/** Deno's cache lives inside the repository: nothing is fetched, nothing leaks into $HOME. */
export const denoDir = join(root, "node_modules", ".cache", "deno");
export const denoEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  DENO_DIR: denoDir,
  DENO_NO_UPDATE_CHECK: "1",
  DENO_NO_PROMPT: "1",
  NO_COLOR: "1",
});

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion (no shell), collecting its output; kills it after `timeoutMs`, a
 * hang guard (default 9 min, under the runtime tests' 10 min): `deno publish --dry-run` alone
 * took 2 min on a loaded 2-core machine, so a tighter default failed healthy runs.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 540_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The runtime tests check the built package: `npm test` builds first; alone, build yourself. */
export function requireBuilt(...files: string[]): void {
  for (const file of ["dist/index.js", ...files]) {
    if (!existsSync(join(root, file))) {
      throw new Error(`${file} is missing: run \`npm run build\` before the runtime tests (\`npm test\` does)`);
    }
  }
}

/** Text of a failed command, for assertion messages. */
export const explain = (r: RunResult): string => `exit ${String(r.code)}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/**
 * Whether anything still answers at `url`. A stopped server refuses the connection at once; a
 * live one on a loaded machine may be slow, which must not read as "stopped" (hence 60 s).
 */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(60_000) });
    return true;
  } catch {
    return false;
  }
}
