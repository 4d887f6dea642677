// `npm start` stops when its process is stopped: `kill <pid of npm start>` (SIGTERM to npm itself,
// whose shell may not pass it on) and SIGHUP (a closed terminal) both leave no server behind.
import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { answers, root } from "./helpers.js";

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill("SIGKILL");
  child = undefined;
});

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("NETUNICORN_") && !k.startsWith("npm_")) env[k] = v;
  return { ...env, NETUNICORN_SANDBOX_FAST: "1" };
}

/** Starts a command and resolves with the MCP URL it prints. */
function start(command: string, args: string[]): Promise<string> {
  child = spawn(command, args, { cwd: root, env: childEnv() });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 120_000);
    child!.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /MCP endpoint \(Streamable HTTP\): (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child!.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  });
}

describe("stopping npm start", () => {
  it("kill <pid of npm start> stops the server", async () => {
    const url = await start("npm", ["start", "--", "--port", "0"]);
    expect(await answers(url)).toBe(true);
    child!.kill("SIGTERM");
    await expect.poll(() => answers(url), { interval: 250 }).toBe(false);
  });

  it("SIGHUP to scripts/start.mjs stops the server", async () => {
    const url = await start(process.execPath, ["scripts/start.mjs", "--port", "0"]);
    expect(await answers(url)).toBe(true);
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child!.kill("SIGHUP");
    await exited;
    expect(await answers(url)).toBe(false);
  });
});
