// `netunicorn-mcp --http` on a port that is taken says so and what to do, as netunicorn-sandbox
// and netunicorn-console do (node/serving/listen.ts), instead of a bare "listen EADDRINUSE".
// The taken port is one this test binds itself.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

it("a taken --port is refused in plain words", async () => {
  const holder = createServer();
  const port = await new Promise<number>((resolve) => holder.listen(0, "127.0.0.1", () => resolve((holder.address() as AddressInfo).port)));
  try {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NETUNICORN_")));
    const child = spawn(process.execPath, ["--import", "tsx", "mcp/main.ts", "--http", "--port", String(port)], { cwd: root, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect([code, stdout, stderr]).toEqual([1, "", `netunicorn-mcp: port ${port} is already in use.\nUse another: --port 0 picks a free one, or --port <n>.\n`]);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});
