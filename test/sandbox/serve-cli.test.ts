/** The `netunicorn-sandbox` command: starts, prints its URL and the demo credentials, serves, stops on SIGTERM. */
import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Waits for the command's banner (its URL and the "Try:" line) and returns the URL and the whole banner. */
function bannerOf(child: ChildProcessWithoutNullStreams): Promise<{ url: string; output: string }> {
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 90_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match && output.includes("Try:")) {
        clearTimeout(timer);
        resolve({ url: match[1] as string, output });
      }
    });
  });
}

describe("netunicorn-sandbox command", () => {
  it("serves the demo pool on the given port and says it is a simulation", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "node/sandbox/cli.ts"), "--port", "0", "--preparation-ms", "10"], { cwd: ROOT });
    try {
      const { url, output } = await bannerOf(child);
      expect(output).toContain("SIMULATION");
      expect(output).toContain("demo / demo-password");
      // Every demo user the README lists, and whether pages on other origins may call it.
      expect(output).toContain("admin / admin-password (sudo)");
      expect(output).toMatch(/^CORS: off .*--cors/m);
      const login = await fetch(`${url}/api/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=demo&password=demo-password" });
      const { access_token } = (await login.json()) as { access_token: string };
      const nodes = await fetch(`${url}/api/v1/nodes`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(await nodes.text()).toContain('"node-a"');
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("says when its port is taken, and suggests --port 0", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const run = promisify(execFile)(process.execPath, ["--import", "tsx", join(ROOT, "node/sandbox/cli.ts"), "--port", String(port)], { cwd: ROOT, timeout: 90_000 });
      const failure = (await run.catch((error: unknown) => error)) as { code: number; stderr: string };
      expect(failure.code).toBe(1);
      expect(failure.stderr).toContain(`port ${port} is already in use`);
      expect(failure.stderr).toContain("--port 0");
      expect(failure.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("prints that CORS is on with --cors, and answers a preflight", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "node/sandbox/cli.ts"), "--port", "0", "--cors"], { cwd: ROOT });
    try {
      const { url, output } = await bannerOf(child);
      expect(output).toMatch(/^CORS: on /m);
      const preflight = await fetch(`${url}/api/v1/nodes`, {
        method: "OPTIONS",
        headers: { origin: "http://page.example", "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
      expect(preflight.headers.get("access-control-allow-origin")).not.toBeNull();
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
