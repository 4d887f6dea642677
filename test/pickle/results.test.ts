/** decodeDeploymentResult: laziness, per-task runs, logs, failed deployments. */
import { describe, expect, it } from "vitest";
import { PickleError } from "../../src/errors.js";
import { decodeDeploymentResult } from "../../src/pickle/results.js";
import { fromBase64, readFixture } from "./helpers.js";

interface StatusFixture {
  body: { execution_result: { node: { name: string }; error: string | null; result: string | null }[] };
}

const failures = readFixture<StatusFixture>("status/finished_with_failures.json").body.execution_result;
const input = (i: number) => {
  const d = failures[i]!;
  return { node: d.node, error: d.error, result: d.result === null ? null : fromBase64(d.result) };
};

describe("decodeDeploymentResult", () => {
  it("is lazy: bad bytes fail only when something is asked for, with a PickleError", () => {
    const decoded = decodeDeploymentResult({ node: { name: "n" }, error: null, result: Uint8Array.of(1, 2, 3) });
    expect(decoded.error).toBeNull();
    expect(() => decoded.view()).toThrow(PickleError);
    expect(() => decoded.ok).toThrow(PickleError);
  });

  it("lists each task's runs with success and value", () => {
    const decoded = decodeDeploymentResult(input(1));
    expect(decoded.ok).toBe(false);
    expect([...decoded.tasks.keys()]).toEqual(["greet", "tick", "explode", "recover", "final"]);
    expect(decoded.tasks.get("tick")).toEqual([{ ok: true, value: 1 }, { ok: true, value: 2 }, { ok: true, value: 3 }]);
    const [explode] = decoded.tasks.get("explode")!;
    expect(explode!.ok).toBe(false);
    expect(explode!.value).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*ValueError: sensor offline on purpose\n$/);
    expect(decoded.logs.every((line) => line.endsWith("\n"))).toBe(true);
    expect(decoded.logs[0]).toMatch(/^Parsed configuration/);
  });

  it("a deployment that failed to prepare has its error, no result and no logs", () => {
    const decoded = decodeDeploymentResult(input(2));
    expect(decoded.ok).toBe(false);
    expect(decoded.error).toMatch(/Unknown architecture/);
    expect(decoded.tasks.size).toBe(0);
    expect(decoded.logs).toEqual([]);
    expect(decoded.view()).toEqual({ node: "mystery-box", error: decoded.error, result: null, logs: null });
  });

  it("a successful deployment is ok", () => {
    const d = readFixture<StatusFixture>("status/finished_success.json").body.execution_result[0]!;
    const decoded = decodeDeploymentResult({ node: d.node, error: d.error, result: fromBase64(d.result!) });
    expect(decoded.ok).toBe(true);
    expect(decoded.tasks.get("library-sleep")).toEqual([{ ok: true, value: 0 }]);
  });
});
