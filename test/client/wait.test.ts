// waitForStatus: polling to a target (or later), the not-found grace after prepare, the deadline.
import { afterEach, describe, expect, it } from "vitest";
import { AbortError, ExperimentStatus, HttpError, TimeoutError } from "../../src/index.js";
import type { WaitProgress } from "../../src/client/index.js";
import { clientFor, failure, fixtureText } from "./helpers.js";
import { netunicorn, send, startServer, type TestServer } from "./server.js";

let server: TestServer;
afterEach(async () => server?.close());

const NOT_FOUND = JSON.stringify("Experiment exp-1 not found");

/** Answers status polls in turn (the last one repeats). */
async function statuses(bodies: Array<[number, string]>): Promise<TestServer> {
  let i = 0;
  server = await startServer(netunicorn((_q, res) => send(res, ...bodies[Math.min(i++, bodies.length - 1)]!)));
  return server;
}

describe("waitForStatus", () => {
  it("treats not-found as PREPARING right after prepare, then returns at the target", async () => {
    await statuses([
      [400, NOT_FOUND],
      [200, fixtureText("status/preparing.json")],
      [200, fixtureText("status/ready.json")],
    ]);
    const seen: WaitProgress[] = [];
    const info = await clientFor(server).waitForStatus("exp-1", ExperimentStatus.READY, { intervalMs: 5, onProgress: (p) => seen.push(p) });
    expect(info.status).toBe(ExperimentStatus.READY);
    expect(seen.map((p) => [p.status, p.info === null])).toEqual([
      [1, true],
      [1, false],
      [2, false],
    ]);
    expect(server.calls().every((r) => r.rawPath === "/api/v1/experiment/exp-1")).toBe(true);
  });

  it("a later status counts as reached", async () => {
    await statuses([[200, fixtureText("status/finished_success.json")]]);
    const info = await clientFor(server).waitForStatus("exp-1", ExperimentStatus.READY, { intervalMs: 5 });
    expect(info.status).toBe(ExperimentStatus.FINISHED);
    expect(server.calls()).toHaveLength(1);
  });

  it("not-found after the grace period is the server's error", async () => {
    await statuses([[400, NOT_FOUND]]);
    const error = await failure(clientFor(server).waitForStatus("exp-1", ExperimentStatus.READY, { intervalMs: 5, notFoundGraceMs: 0 }));
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toBe("getExperimentStatus failed: HTTP 400: Experiment exp-1 not found");
  });

  it("gives up at the timeout, naming the target and the last status", async () => {
    await statuses([[200, fixtureText("status/running.json")]]);
    const started = Date.now();
    // 3 s of 20 ms polls: more than two polls even when each takes long on a loaded machine
    const error = await failure(clientFor(server).waitForStatus("exp-1", ExperimentStatus.FINISHED, { timeoutMs: 3_000, intervalMs: 20 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('waitForStatus failed: experiment "exp-1" did not reach FINISHED within 3000 ms (last status: RUNNING)');
    expect(Date.now() - started).toBeLessThan(10_000); // a hang guard, not a speed goal
    expect(server.calls().length).toBeGreaterThan(2);
  });

  it("the deadline also bounds a poll the server never answers", async () => {
    server = await startServer(netunicorn(() => {}));
    const error = await failure(clientFor(server).waitForStatus("exp-1", ExperimentStatus.READY, { timeoutMs: 150 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/last status: none yet/);
  });

  it("the caller's signal ends the wait", async () => {
    await statuses([[200, fixtureText("status/preparing.json")]]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    const error = await failure(clientFor(server).waitForStatus("exp-1", ExperimentStatus.READY, { intervalMs: 10, signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
  });
});
