// `npm start`: the MCP server over Streamable HTTP on 127.0.0.1 (default port 8765), against the
// in-process sandbox unless NETUNICORN_ENDPOINT is set. It prints the URL and how to connect.
//
// No build step: the TypeScript sources run through tsx (a devDependency, installed by `npm ci`),
// IN THIS PROCESS (no child that could outlive it): stopping this process stops the server.
// Against the sandbox the tools that change things are offered (nothing real can be harmed);
// against a real server the HTTP server stays read-only unless NETUNICORN_MCP_ALLOW_WRITES=1.
// Extra arguments pass through: `npm start -- --port 9000 --tools get_nodes,healthcheck`.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const main = join(root, "mcp", "main.ts");
const extra = process.argv.slice(2).filter((a) => a !== "--" && a !== "--no-console");
const real = Boolean(process.env.NETUNICORN_ENDPOINT?.trim());
const allowWrites = !real || /^(1|true|yes)$/i.test(process.env.NETUNICORN_MCP_ALLOW_WRITES ?? "");
const args = ["--http"];
if (allowWrites && !extra.includes("--read-only")) args.push("--allow-writes");
if (!extra.some((a) => a === "--port" || a.startsWith("--port="))) args.push("--port", process.env.NETUNICORN_MCP_PORT ?? "8765");

// The console runs as a child process; it goes when we go, whatever the reason.
const consoleChild = startConsole();
process.on("exit", () => consoleChild?.kill("SIGTERM"));
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => { consoleChild?.kill("SIGTERM"); process.exit(0); });

// `kill <pid of npm start>` ends npm and its shell, which may not pass the signal on: when the
// process that started us goes away (we are re-parented), stop as if told to (SIGTERM).
const parent = process.ppid;
const watchdog = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watchdog);
  process.kill(process.pid, "SIGTERM");
}, 500);
watchdog.unref();
// A closed terminal stops the server the same way.
process.once("SIGHUP", () => process.kill(process.pid, "SIGTERM"));

register();
process.argv = [process.argv[0], main, ...args, ...extra];
await import(pathToFileURL(main).href);

// The web console (console/server) beside it: NETUNICORN_CONSOLE_PORT (default 8766, or any free
// port when the MCP port is 0); `--no-console` skips it. It needs the built page (npm run build).
// Against the sandbox it has its own in-process sandbox (the two do not share experiments).
function startConsole() {
  if (process.argv.includes("--no-console")) return undefined;
  if (!existsSync(join(root, "dist", "console", "index.html"))) {
    console.log("netunicorn console: not built yet (npm run build), skipped");
    return undefined;
  }
  const anyPort = extra.some((a, i) => a === "--port=0" || (a === "--port" && extra[i + 1] === "0"));
  const port = process.env.NETUNICORN_CONSOLE_PORT ?? (anyPort ? "0" : "8766");
  const server = spawn(process.execPath, ["--import", "tsx", join(root, "console", "server", "main.ts"), "--port", port], { cwd: root, stdio: "inherit" });
  server.on("exit", (code) => {
    if (code === 1) console.error("netunicorn console exited with an error (port busy? set NETUNICORN_CONSOLE_PORT)");
  });
  return server;
}
