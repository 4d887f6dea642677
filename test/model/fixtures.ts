// Reads fixtures from test/fixtures/ (a verbatim copy of ../shared/fixtures).
import { readdirSync, readFileSync } from "node:fs";

export const FIXTURES = new URL("../fixtures/", import.meta.url);

export function fixtureNames(folder: string): string[] {
  return readdirSync(new URL(`${folder}/`, FIXTURES))
    .filter((name) => name.endsWith(".json"))
    .sort();
}

export function readFixture<T = Record<string, unknown>>(folder: string, name: string): T {
  return JSON.parse(readFileSync(new URL(`${folder}/${name}`, FIXTURES), "utf8")) as T;
}
