// Reads fixtures from test/fixtures/ (a verbatim copy of ../shared/fixtures). Paths, not URL objects:
// under happy-dom the global URL is not Node's, and node:fs refuses it.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

export function fixtureNames(folder: string): string[] {
  return readdirSync(join(FIXTURES, folder))
    .filter((name) => name.endsWith(".json"))
    .sort();
}

export function readFixtureText(folder: string, name: string): string {
  return readFileSync(join(FIXTURES, folder, name), "utf8");
}

export function readFixture<T = Record<string, unknown>>(folder: string, name: string): T {
  return JSON.parse(readFixtureText(folder, name)) as T;
}
