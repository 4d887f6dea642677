// `netunicorn-console` on a port that is taken says so and what to do, instead of a bare
// "listen EADDRINUSE". The taken port is one this test binds itself.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { requireBuilt } from "../runtime/helpers.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

it("a taken --port is refused in plain words", async () => {
  requireBuilt("dist/console/index.html"); // the page is loaded before the port is taken
  const holder = createServer();
  const port = await new Promise<number>((resolve) => holder.listen(0, "127.0.0.1", () => resolve((holder.address() as AddressInfo).port)));
  try {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NETUNICORN_")));
    const child = spawn(process.execPath, ["--import", "tsx", "console/server/main.ts", "--port", String(port)], { cwd: root, env });
    let output = "";
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect([code, output]).toEqual([1, `netunicorn-console: port ${port} is already in use.\nUse another: --port 0 picks a free one, or --port <n>.\n`]);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});
