/**
 * Exceptions and classes that pickle as `cls(*args)`, pickled by CPython with every protocol:
 * the view keeps their arguments and attributes, and shows an exception wherever the pickle
 * shows one (see README, "The JSON view of a Python value").
 *
 * The committed cases (cpython/exception-pickles.json) always run; when python3 is installed,
 * the script that made them runs again and its fresh pickles are checked too (that part is
 * reported as skipped without python3).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/read.js";
import { toView } from "../../src/pickle/view.js";
import { fromBase64 } from "./helpers.js";

interface Case { name: string; protocol: number; pickle_b64: string; view: unknown }
interface Cases { python: string; cases: Case[] }

const SCRIPT = new URL("./cpython/exception-pickles.py", import.meta.url);
const committed = JSON.parse(readFileSync(new URL("./cpython/exception-pickles.json", import.meta.url), "utf8")) as Cases;

function fresh(): Cases | undefined {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
  } catch {
    return undefined; // no python3 on this machine
  }
  return JSON.parse(execFileSync("python3", [SCRIPT.pathname], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 })) as Cases;
}

const live = fresh();
const label = (c: Case) => `${c.name}, protocol ${c.protocol}`;

describe("CPython pickles of exceptions and cls(*args) objects (committed bytes)", () => {
  it("hold every case for every protocol 0-5", () => {
    const names = new Set(committed.cases.map((c) => c.name));
    for (const name of ["LinkDown bare", "LinkDown in a Failure", "LinkDown with attributes bare", "LinkDown with attributes in a Failure",
      "ProbeError bare", "ProbeError in a Failure", "ProbeError with attributes bare", "ProbeError with attributes in a Failure",
      "Endpoint bare", "Reading bare"]) {
      expect(committed.cases.filter((c) => c.name === name).map((c) => c.protocol), name).toEqual([0, 1, 2, 3, 4, 5]);
    }
    expect(names.size).toBeGreaterThanOrEqual(14);
  });
  it.each(committed.cases.map((c) => [label(c), c] as const))("%s", (_label, c) => {
    expect(toView(unpickle(fromBase64(c.pickle_b64)))).toEqual(c.view);
  });
  it("a user's exception not named like one keeps its message, bare and in a Failure", () => {
    const bare = committed.cases.find((c) => c.name === "LinkDown bare" && c.protocol === 5)!;
    expect(toView(unpickle(fromBase64(bare.pickle_b64)))).toEqual({ $object: "labtools.LinkDown", args: ["eth0 lost carrier"], state: {} });
    const failure = committed.cases.find((c) => c.name === "LinkDown in a Failure" && c.protocol === 0)!;
    expect(toView(unpickle(fromBase64(failure.pickle_b64)))).toEqual({ $err: { $exception: "labtools.LinkDown", args: ["eth0 lost carrier"] } });
  });
});

describe.skipIf(live === undefined)("the same cases pickled now by this machine's python3", () => {
  it("make the same cases as the committed file", () => {
    const key = (c: Case) => `${label(c)} ${JSON.stringify(c.view)}`;
    expect(live!.cases.map(key).filter((k) => !k.startsWith("by-value"))).toEqual(committed.cases.map(key).filter((k) => !k.startsWith("by-value")));
  });
  it.each((live?.cases ?? []).map((c) => [label(c), c] as const))("%s", (_label, c) => {
    expect(toView(unpickle(fromBase64(c.pickle_b64)))).toEqual(c.view);
  });
});
