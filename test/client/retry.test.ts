// Retries: only where repeating is safe, honouring Retry-After, and the start-after-lost-attempt oddity.
import { afterEach, describe, expect, it, vi } from "vitest";
import { AbortError, Experiment, HttpError, NetworkError, RemoteClient, TimeoutError } from "../../src/index.js";
import type { FetchFunction } from "../../src/client/index.js";
import { retryAfterMs, retryDelay, retryPolicy } from "../../src/client/retry.js";
import { clientFor, failure, fixture, fixtureText } from "./helpers.js";
import { netunicorn, send, startServer, type TestServer } from "./server.js";

let server: TestServer;
afterEach(async () => server?.close());

const fast = { baseDelayMs: 1, maxDelayMs: 5 };

/** Answers each call with the next scripted step ("reset" drops the connection). */
async function scripted(steps: Array<"reset" | [number, string, Record<string, string>?]>): Promise<TestServer> {
  let i = 0;
  server = await startServer(
    netunicorn((_q, res, socket) => {
      const step = steps[Math.min(i++, steps.length - 1)]!;
      if (step === "reset") return void socket.destroy();
      send(res, step[0], step[1], "application/json", step[2] ?? {});
    }),
  );
  return server;
}

describe("retry policy", () => {
  it("retries a read after 503 with Retry-After, waiting what the server asked", async () => {
    await scripted([[503, '"busy"', { "retry-after": "1" }], [200, fixtureText("status/ready.json")]]);
    const started = Date.now();
    const info = await clientFor(server, { retry: fast }).getExperimentStatus("x");
    expect(info.status).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.calls()).toHaveLength(2);
  });

  it("caps a long Retry-After", async () => {
    await scripted([[429, '"slow down"', { "retry-after": "3600" }], [200, '"OK"']]);
    const started = Date.now();
    expect(await clientFor(server, { retry: { ...fast, maxRetryAfterMs: 30 } }).healthcheck()).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000); // uncapped, it would wait an hour
  });

  it("retries network errors for reads, up to the limit, then reports", async () => {
    await scripted(["reset", [200, fixtureText("flags/int_only.json")]]);
    expect((await clientFor(server, { retry: fast }).getFlagValues("e", "f")).intValue).toBe(42);
    await server.close();
    await scripted([[502, "<html><title>502 Bad Gateway</title></html>"]]);
    const error = await failure(clientFor(server, { retry: { ...fast, limit: 2 } }).getNodes());
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toBe("getNodes failed: HTTP 502: 502 Bad Gateway (after 3 attempts)");
    expect(server.calls()).toHaveLength(3);
  });

  it("never repeats cancel, delete, setFlagValues or cancelExecutors by default", async () => {
    await scripted([[503, '"busy"']]);
    const client = clientFor(server, { retry: fast });
    await failure(client.cancelExperiment("x"));
    await failure(client.deleteExperiment("x"));
    await failure(client.setFlagValues("x", "f", { intValue: 1 }));
    await failure(client.cancelExecutors(["e"]));
    expect(server.calls()).toHaveLength(4);
    await server.close();
    await scripted(["reset"]);
    const lost = await failure(clientFor(server, { retry: fast }).cancelExperiment("x"));
    expect(lost).toBeInstanceOf(NetworkError);
    expect(server.calls()).toHaveLength(1);
  });

  it("retry: false sends exactly one request; operations can be widened", async () => {
    await scripted([[503, '"busy"'], [503, '"busy"'], [200, "null"]]);
    await failure(clientFor(server, { retry: false }).getNodes());
    expect(server.calls()).toHaveLength(1);
    await clientFor(server, { retry: { ...fast, operations: ["deleteExperiment"] } }).deleteExperiment("x");
    expect(server.calls()).toHaveLength(3);
  });

  it("the caller's signal stops a retry wait", async () => {
    await scripted([[503, '"busy"', { "retry-after": "30" }]]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(clientFor(server, { retry: {} }).getNodes({ signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
  });

  it("backoff doubles up to its cap; Retry-After in seconds or as a date", () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 350, jitter: false });
    expect([1, 2, 3, 4].map((n) => retryDelay(policy, n, null))).toEqual([100, 200, 350, 350]);
    const jittered = retryDelay(retryPolicy({ baseDelayMs: 100 }), 2, null);
    expect(jittered).toBeGreaterThanOrEqual(100);
    expect(jittered).toBeLessThanOrEqual(200);
    const now = Date.parse("2026-11-24T14:40:00Z");
    expect(retryAfterMs("Tue, 24 Nov 2026 14:40:05 GMT", now)).toBe(5_000);
    expect(retryAfterMs("2", now)).toBe(2_000);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryPolicy(false).limit).toBe(0);
  });
});

describe("startExecution after a lost attempt", () => {
  /** The first start is executed by the server but its answer is lost; the retry gets "not ready". */
  async function lostStart(statusAfter: string): Promise<TestServer> {
    let starts = 0;
    server = await startServer(
      netunicorn((request, res, socket) => {
        if (request.path.endsWith("/start")) {
          if (starts++ % 2 === 0) return void socket.destroy(); // every first attempt is lost
          return send(res, 400, JSON.stringify(`Experiment exp-1 is not ready to start. Current status: ExperimentStatus.RUNNING`));
        }
        return send(res, 200, statusAfter);
      }),
    );
    return server;
  }

  it("reports success when the experiment is RUNNING or FINISHED", async () => {
    await lostStart(fixtureText("status/running.json"));
    expect(await clientFor(server, { retry: fast }).startExecution("exp-1")).toBe("exp-1");
    expect(await clientFor(server, { retry: fast }).startExecution("exp 1")).toBe("exp+1"); // as the server stores it
    expect(server.calls().map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v1/experiment/exp-1/start",
      "POST /api/v1/experiment/exp-1/start",
      "GET /api/v1/experiment/exp-1",
      "POST /api/v1/experiment/exp+1/start",
      "POST /api/v1/experiment/exp+1/start",
      "GET /api/v1/experiment/exp+1",
    ]);
  });

  it("still fails when the experiment is not running", async () => {
    await lostStart(fixtureText("status/preparing.json"));
    const error = await failure(clientFor(server, { retry: fast }).startExecution("exp-1"));
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(400);
  });

  it("a first-attempt 400 is reported as it is, without a status request", async () => {
    await scripted([[400, JSON.stringify("Experiment exp-1 is not ready to start. Current status: ExperimentStatus.RUNNING")]]);
    const error = await failure(clientFor(server, { retry: fast }).startExecution("exp-1"));
    expect(error.message).toBe("startExecution failed: HTTP 400: Experiment exp-1 is not ready to start. Current status: ExperimentStatus.RUNNING");
    expect(server.calls()).toHaveLength(1);
  });
});

describe("defaults", () => {
  it("a request gets 30 s by default, then a TimeoutError (fake clock, a fetch that never answers)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let calls = 0;
      const never: FetchFunction = (input, init) => {
        calls++;
        if (input.endsWith("/api/v1/token")) return Promise.resolve(new Response('{"access_token": "t-123456", "token_type": "bearer"}'));
        return new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
      };
      const client = new RemoteClient({ endpoint: "http://127.0.0.1:9", login: "demo", password: "pw-secret", fetch: never, retry: false });
      const pending = failure(client.getNodes());
      await vi.advanceTimersByTimeAsync(29_999);
      expect(calls).toBe(2);
      let settled = false;
      void pending.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const error = await pending;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.timeoutMs).toBe(30_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("prepareExperiment is retried after a lost connection (idempotent by name); a timed-out read is retried", async () => {
    await scripted(["reset", [200, '"exp-1"']]);
    const experiment = Experiment.fromJSON(fixture("experiments/cycle_pipeline_shell.json").body);
    expect(await clientFor(server, { retry: fast }).prepareExperiment(experiment, "exp-1")).toBe("exp-1");
    expect(server.calls().map((r) => r.path)).toEqual(["/api/v1/experiment/exp-1/prepare", "/api/v1/experiment/exp-1/prepare"]);
    expect(server.calls()[0]?.body).toBe(server.calls()[1]?.body);
    await server.close();
    let polls = 0;
    server = await startServer(netunicorn((_q, res) => (polls++ === 0 ? undefined : send(res, 200, fixtureText("status/ready.json")))));
    // the first poll is never answered; 3 s per attempt is room enough for the retry's answer
    // on a loaded machine (at 100 ms the retry could time out too)
    const info = await clientFor(server, { retry: fast, timeoutMs: 3_000 }).getExperimentStatus("exp-1");
    expect(info.status).toBe(2);
    expect(polls).toBe(2);
  });
});
