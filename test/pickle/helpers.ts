/** Test helpers: fixture loading and hand-built pickle byte sequences. */
import { expect } from "vitest";
import { PickleError } from "../../src/errors.js";
import { readFileSync, readdirSync } from "node:fs";

const fixturesDir = new URL("../fixtures/", import.meta.url);

export function readFixture<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, fixturesDir), "utf8")) as T;
}

export function fixtureFiles(dir: string): string[] {
  return readdirSync(new URL(dir + "/", fixturesDir)).filter((f) => f.endsWith(".json")).sort();
}

export function fromBase64(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, "base64"));
}

export interface PickleEntry {
  name: string;
  protocol: number;
  pickle_b64: string;
  python_repr: string;
  view: unknown;
}

/** Every pickle fixture entry: [file, entry]. */
export function pickleEntries(): [string, PickleEntry][] {
  return fixtureFiles("pickles").flatMap((f) => readFixture<PickleEntry[]>(`pickles/${f}`).map((e) => [f, e] as [string, PickleEntry]));
}

type Part = number | string | Uint8Array | number[];

/** Concatenates opcode bytes, latin-1 strings and byte arrays into a pickle. */
export function bytes(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === "number") out.push(p);
    else if (typeof p === "string") for (let i = 0; i < p.length; i++) out.push(p.charCodeAt(i) & 0xff);
    else out.push(...p);
  }
  return Uint8Array.from(out);
}

export function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

export function u64(n: number): number[] {
  return [...u32(n % 0x1_0000_0000), ...u32(Math.floor(n / 0x1_0000_0000))];
}

export function utf8(s: string): number[] {
  return [...new TextEncoder().encode(s)];
}

/** SHORT_BINUNICODE of s. */
export function sbu(s: string): number[] {
  const b = utf8(s);
  return [0x8c, b.length, ...b];
}

/** Runs `fn`, which must throw a PickleError, and returns that error. */
export function failure(fn: () => unknown): PickleError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PickleError);
    return err as PickleError;
  }
  throw new Error("expected a PickleError");
}
