/**
 * The console's static files (Node): the few files the build writes into dist/console, read once
 * at start-up and served from memory by name. No path from a request ever reaches the file system.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

export interface StaticFile {
  type: string;
  body: Buffer;
}

/**
 * Where the built console is: next to the built server (dist/console/server → dist/console), or,
 * run from source, in dist/console of the repository.
 */
export function findConsoleDir(): string {
  const candidates = [new URL("../", import.meta.url), new URL("../../dist/console/", import.meta.url)].map((u) => fileURLToPath(u));
  const found = candidates.find((dir) => existsSync(join(dir, "index.html")));
  if (found === undefined) throw new Error(`the console is not built (no index.html in ${candidates.join(" or ")}): run npm run build`);
  return found;
}

/** URL path → file, for the top-level files of `dir` with a known type; `/` is index.html. */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    const path = join(dir, name);
    if (type === undefined || !statSync(path).isFile()) continue;
    files.set(`/${name}`, { type, body: readFileSync(path) });
  }
  const index = files.get("/index.html");
  if (index !== undefined) files.set("/", index);
  return files;
}
