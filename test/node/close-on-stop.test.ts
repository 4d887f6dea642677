// node/serving/stop-with-parent.ts closeOnStop in a real process: SIGTERM closes the server and
// exits 0; a close that fails exits 1 with the command's name and the reason (no stack trace).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const child = fileURLToPath(new URL("./helpers/close-on-stop-child.ts", import.meta.url));

async function stopped(mode: "ok" | "fail"): Promise<{ code: number | null; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NETUNICORN_")));
  const running = spawn(process.execPath, ["--import", "tsx", child, mode], { env });
  let stdout = "";
  let stderr = "";
  running.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => running.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    running.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (/listening on \d+/.test(stdout)) resolve();
    });
    void exited.then(() => reject(new Error(`the child exited before listening: ${stderr}`)));
  });
  running.kill("SIGTERM");
  return { code: await exited, stderr };
}

it("SIGTERM closes the server and exits 0", async () => {
  const { code, stderr } = await stopped("ok");
  expect([code, stderr]).toEqual([0, ""]);
});

it("a close that fails exits 1 and says why", async () => {
  const { code, stderr } = await stopped("fail");
  expect([code, stderr]).toEqual([1, "tiny-server: could not close cleanly: the store would not flush\n"]);
});
