/** The `netunicorn-sandbox` command: starts, prints its URL and the demo credentials, serves, stops on SIGTERM. */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("netunicorn-sandbox command", () => {
  it("serves the demo pool on the given port and says it is a simulation", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "mcp/sandbox-cli.ts"), "--port", "0", "--preparation-ms", "10"], { cwd: ROOT });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 20_000);
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match && output.includes("Try:")) {
            clearTimeout(timer);
            resolve(match[1] as string);
          }
        });
      });
      expect(output).toContain("SIMULATION");
      expect(output).toContain("demo / demo-password");
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
});
