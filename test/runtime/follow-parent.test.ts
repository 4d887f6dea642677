// Every long-running command stops when whatever started it is killed by PID (SIGKILL: it cannot
// pass anything on), instead of living on re-parented and holding its port: the built bins
// (netunicorn-sandbox, netunicorn-console, netunicorn-mcp --http) and the clone's commands
// (`npm run sandbox`, `npm run console`), all through node/serving/stop-with-parent.ts.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { PARENT_CHECK_MS } from "../../node/serving/stop-with-parent.js";
import { answers, requireBuilt, root } from "./helpers.js";

let parent: ChildProcess | undefined;
afterEach(() => {
  // The parent leads its own process group: whatever is left of the group goes.
  if (parent?.pid !== undefined) {
    try {
      process.kill(-parent.pid, "SIGKILL");
    } catch {
      // the group is gone already
    }
  }
  parent = undefined;
});

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("NETUNICORN_") && !k.startsWith("npm_")) env[k] = v;
  return env;
}

/** A parent process that starts `command` and then does nothing: killing it orphans the command. */
const PARENT = `const c = require("node:child_process").spawn(process.argv[1], process.argv.slice(2), { stdio: "inherit" }); process.stderr.write("child pid " + c.pid + "\\n"); c.on("exit", () => process.exit()); setInterval(() => {}, 1 << 30);`;
/** What the parent printed about its child. */
let parentOutput = "";

/** Starts `command` under a parent (or `command` is the parent, as npm is); resolves with the URL it prints. */
function startUnderParent(command: string, args: string[], urlPattern: RegExp, direct = false, env: Record<string, string> = {}): Promise<string> {
  const [file, argv] = direct ? [command, args] : [process.execPath, ["-e", PARENT, command, ...args]];
  parent = spawn(file, argv, { cwd: root, env: { ...childEnv(), ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 60_000);
    parentOutput = "";
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      parentOutput = output;
      const match = urlPattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    parent!.stdout!.on("data", read);
    parent!.stderr!.on("data", read);
  });
}

/** The parent pid of `pid` (Linux /proc), or undefined once it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** Kills the parent by PID (SIGKILL) and waits until nothing answers at `url` any more. */
async function killParentAndWait(url: string): Promise<void> {
  expect(await answers(url)).toBe(true);
  parent!.kill("SIGKILL");
  await expect.poll(() => answers(url), { timeout: 30_000, interval: 250 }).toBe(false);
}

const SANDBOX_URL = /listening on (http:\/\/\S+)/;
const CONSOLE_URL = /netunicorn console: (http:\/\/\S+)/;

describe("a command whose parent is killed by PID stops", () => {
  it("netunicorn-sandbox (built bin)", async () => {
    requireBuilt("dist/bin/netunicorn-sandbox.js");
    await killParentAndWait(await startUnderParent("dist/bin/netunicorn-sandbox.js", ["--port", "0"], SANDBOX_URL));
  });

  it("netunicorn-console (built bin)", async () => {
    requireBuilt("dist/bin/netunicorn-console.js", "dist/console/index.html");
    await killParentAndWait(await startUnderParent("dist/bin/netunicorn-console.js", ["--port", "0"], CONSOLE_URL));
  });

  it("netunicorn-mcp --http (built bin)", async () => {
    requireBuilt("mcp/dist/bin/netunicorn-mcp.js");
    await killParentAndWait(await startUnderParent("mcp/dist/bin/netunicorn-mcp.js", ["--http", "--port", "0"], /MCP endpoint \(Streamable HTTP\): (\S+)/));
  });

  it("npm run sandbox (a clone's command), when npm is killed", async () => {
    await killParentAndWait(await startUnderParent("npm", ["run", "--silent", "sandbox", "--", "--port", "0"], SANDBOX_URL, true));
  });

  it("npm start, when npm is killed", async () => {
    await killParentAndWait(await startUnderParent("npm", ["start", "--silent", "--", "--port", "0", "--no-console"], /MCP endpoint \(Streamable HTTP\): (\S+)/, true));
  });

  it("NETUNICORN_DETACHED=1 keeps it running after its parent (nohup … &)", async () => {
    requireBuilt("dist/bin/netunicorn-sandbox.js");
    const url = await startUnderParent("dist/bin/netunicorn-sandbox.js", ["--port", "0"], SANDBOX_URL, false, { NETUNICORN_DETACHED: "1" });
    const orphan = parent!;
    const child = Number(/child pid (\d+)/.exec(parentOutput)?.[1]);
    const gone = new Promise((resolve) => orphan.once("exit", resolve));
    orphan.kill("SIGKILL");
    await gone;
    // Once it has been re-parented, several of its parent checks later, it still answers.
    await expect.poll(() => parentOf(child), { timeout: 30_000 }).not.toBe(orphan.pid);
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, PARENT_CHECK_MS));
      expect(await answers(url)).toBe(true);
    }
  });

  it("npm run console (a clone's command), when npm is killed", async () => {
    requireBuilt("dist/console/index.html");
    await killParentAndWait(await startUnderParent("npm", ["run", "--silent", "console", "--", "--port", "0"], CONSOLE_URL, true));
  });
});
