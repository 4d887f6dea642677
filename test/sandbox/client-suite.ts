/**
 * The full lifecycle of several experiments driven through RemoteClient against a sandbox, with
 * the sandbox clock moved by the test. Shared by the in-process run (client.test.ts) and the
 * real-HTTP run (serve-client.test.ts).
 */
import { expect, it } from "vitest";
import { type FetchFunction, RemoteClient, type RetryOptions } from "../../src/client/index.js";
import { AuthenticationError, HttpError, TimeoutError } from "../../src/errors.js";
import { Pipeline, shellCommand, sleep } from "../../src/graph/index.js";
import { Experiment, ExperimentStatus, FlagValues } from "../../src/model/index.js";
import { decodeDeploymentResult } from "../../src/pickle/index.js";
import { experimentFixture, shellExperiment } from "./helpers.js";

/** What a test may change about a client: retries, and the fetch it uses (wrapped to watch or drop answers). */
export interface SuiteClientOptions {
  retry?: RetryOptions | false;
  wrap?: (fetch: FetchFunction) => FetchFunction;
}

/** The sandbox timing both targets use (rowDelayMs: the row appears 30 ms after prepare's 200). */
export const SUITE_TIMING = { preparationMs: 200, executionMs: 300, executorsStartMs: 50, cancelMs: 100, rowDelayMs: 30 };

export interface SuiteTarget {
  /** A client for `login`, talking to the sandbox under test. */
  client(login: string, password?: string, options?: SuiteClientOptions): RemoteClient;
  /** Moves the sandbox clock. */
  advance(ms: number): void;
  /** Expires the user's access token on the sandbox (as a day passing would). */
  expireToken(login: string): void;
}

export function clientSuite(target: () => SuiteTarget): void {
  it("runs several experiments from prepare to results", async () => {
    const { client, advance } = target();
    const demo = client("demo");
    expect(await demo.healthcheck()).toBe(true);
    const nodes = await demo.getNodes();
    expect(nodes.toJSON().node_pool_type).toBe("CountableNodePool");
    const names = ["docker", "cycle", "shell"];
    const bodies = [experimentFixture("pipeline_docker_map").body, experimentFixture("cycle_pipeline_shell").body, shellExperiment(["node-a", "node-b"])];
    const admin = client("admin");
    for (const [i, name] of names.entries()) {
      expect(await admin.prepareExperiment(Experiment.fromJSON(bodies[i]), name)).toBe(name);
    }
    advance(SUITE_TIMING.rowDelayMs);
    expect((await admin.getExperimentStatus("docker")).status).toBe(ExperimentStatus.PREPARING);
    advance(200);
    for (const name of names) {
      expect((await admin.getExperimentStatus(name)).status).toBe(ExperimentStatus.READY);
      expect(await admin.startExecution(name)).toBe(name);
    }
    advance(300);
    const all = await admin.getExperiments();
    expect([...all.keys()]).toEqual(names);
    for (const [name, info] of all) {
      expect(info.status).toBe(ExperimentStatus.FINISHED);
      const results = info.executionResult;
      if (!Array.isArray(results)) throw new Error(`${name}: no results`);
      for (const item of results) {
        expect(item.error).toBeNull();
        const decoded = decodeDeploymentResult(item);
        expect(decoded.logs[0]).toContain("netunicorn sandbox");
        expect(decoded.tasks.size).toBeGreaterThan(0);
      }
    }
    await admin.setFlagValues("shell", "go", { intValue: 3 });
    expect((await admin.getFlagValues("shell", "go")).intValue).toBe(3);
    for (const name of names) await admin.deleteExperiment(name);
    expect((await admin.getExperiments()).size).toBe(0);
  });

  it("cancels, refuses and isolates like the real server", async () => {
    const { client, advance } = target();
    const demo = client("demo");
    const other = client("other");
    await demo.prepareExperiment(Experiment.fromJSON(shellExperiment(["node-c"])), "long");
    advance(230);
    await demo.startExecution("long");
    advance(60);
    const info = await demo.getExperimentStatus("long");
    const ids = info.experiment?.deploymentMap.map((d) => d.executorId) ?? [];
    await expect(other.cancelExecutors(ids)).rejects.toThrow(/do not belong to user other/);
    await expect(other.getExperimentStatus("long")).rejects.toMatchObject({ status: 400, serverMessage: "Experiment long not found" });
    expect(await demo.cancelExperiment("long")).toBe("Executors cancellation started");
    advance(1000);
    const done = await demo.getExperimentStatus("long");
    expect(done.status).toBe(ExperimentStatus.FINISHED);
    expect((done.executionResult as { error: string | null }[])[0]?.error).toBe("Executor was stopped");
    const again = await demo.cancelExperiment("long").catch((e: unknown) => e);
    expect(again).toBeInstanceOf(HttpError);
    expect((again as HttpError).status).toBe(400);
    await expect(client("demo", "wrong").getNodes()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("simulates a graph built with this library: ShellCommand placeholder, SleepTask's seconds", async () => {
    const { client, advance } = target();
    const demo = client("demo");
    const nodes = (await demo.getNodes()).filter((n) => n.properties["connector"] === "local").take(2);
    const pipeline = new Pipeline([shellCommand(["echo", "hi"], { name: "hello" })]).then(sleep(0.25, { name: "nap" }));
    await demo.prepareExperiment(new Experiment().map(pipeline, nodes), "built");
    advance(230);
    await demo.startExecution("built");
    advance(300);
    const info = await demo.getExperimentStatus("built");
    const results = info.executionResult;
    if (!Array.isArray(results)) throw new Error("no results");
    for (const result of results) {
      const decoded = decodeDeploymentResult(result);
      expect(decoded.ok).toBe(true);
      expect([...decoded.tasks.keys()]).toEqual(["hello", "nap"]);
      expect(decoded.tasks.get("nap")?.[0]?.value).toBe(0.25);
      expect(String(decoded.tasks.get("hello")?.[0]?.value)).toMatch(/not executed, this is a simulation/);
    }
  });

  it("keeps names with spaces as the Python client stores them ('+')", async () => {
    const { client, advance } = target();
    const demo = client("demo");
    expect(await demo.prepareExperiment(Experiment.fromJSON(shellExperiment(["node-a"])), "my exp")).toBe("my+exp");
    advance(SUITE_TIMING.rowDelayMs);
    expect([...(await demo.getExperiments()).keys()]).toEqual(["my+exp"]);
  });
}

export function clientSuiteMore(target: () => SuiteTarget): void {
  it("waitForStatus: not-found during the row delay counts as PREPARING; READY, then FINISHED; a timeout names the last status", async () => {
    const { client, advance } = target();
    const demo = client("demo");
    await demo.prepareExperiment(Experiment.fromJSON(shellExperiment(["node-a"])), "waited");
    const seen: Array<[number, boolean]> = [];
    const ready = await demo.waitForStatus("waited", ExperimentStatus.READY, {
      intervalMs: 1,
      onProgress: (progress) => {
        seen.push([progress.status, progress.info === null]);
        advance(25); // the sandbox clock moves only when told
      },
    });
    expect(ready.status).toBe(ExperimentStatus.READY);
    expect(seen[0]).toEqual([ExperimentStatus.PREPARING, true]);
    expect(seen).toContainEqual([ExperimentStatus.PREPARING, false]);
    expect(seen.at(-1)).toEqual([ExperimentStatus.READY, false]);
    await demo.startExecution("waited");
    const stuck = await demo.waitForStatus("waited", ExperimentStatus.FINISHED, { timeoutMs: 60, intervalMs: 5 }).catch((e: unknown) => e);
    expect(stuck).toBeInstanceOf(TimeoutError);
    expect((stuck as Error).message).toMatch(/did not reach FINISHED within 60 ms \(last status: RUNNING\)$/);
    const done = await demo.waitForStatus("waited", ExperimentStatus.FINISHED, { intervalMs: 1, onProgress: () => advance(100) });
    expect(done.status).toBe(ExperimentStatus.FINISHED);
  });

  it("the read-only extras: locks, running and recent experiments, compilations", async () => {
    const { client, advance } = target();
    const demo = client("demo");
    await demo.prepareExperiment(Experiment.fromJSON(shellExperiment(["node-a", "node-b"])), "extras");
    advance(230);
    await demo.startExecution("extras");
    advance(60);
    expect((await demo.getLockedNodes()).map((lock) => [lock.nodeName, lock.username]).sort()).toEqual([
      ["node-a", "demo"],
      ["node-b", "demo"],
    ]);
    const [running] = await demo.getRunningExperiments();
    expect([running?.experimentName, running?.status, running?.nodes]).toEqual(["extras", ExperimentStatus.RUNNING, ["node-a", "node-b"]]);
    expect((await demo.getRecentExperiments(1)).map((row) => row.experimentName)).toEqual(["extras"]);
    expect(await demo.getActiveCompilations()).toEqual([]);
    expect(await client("other").getLockedNodes()).toEqual([]);
  });

  it("a start whose answer was lost in transit still reports success (the retry meets 'not ready to start')", async () => {
    const { client, advance } = target();
    let dropped = 0;
    const wrap = (fetch: FetchFunction): FetchFunction => async (input, init) => {
      const response = await fetch(input, init);
      if (input.endsWith("/start") && dropped++ === 0) throw new TypeError("fetch failed (the answer was lost)");
      return response;
    };
    const demo = client("demo", undefined, { retry: { baseDelayMs: 1, maxDelayMs: 1 }, wrap });
    await demo.prepareExperiment(Experiment.fromJSON(shellExperiment(["node-a"])), "lost start");
    advance(230);
    expect(await demo.startExecution("lost start")).toBe("lost+start");
    expect(dropped).toBe(2);
    expect((await demo.getExperimentStatus("lost start")).status).toBe(ExperimentStatus.RUNNING);
  });

  it("names like __proto__ and constructor are ordinary names, end to end", async () => {
    const { client, advance } = target();
    const demo = client("demo");
    const names = ["__proto__", "constructor", "prototype"];
    for (const [i, name] of names.entries()) {
      await demo.prepareExperiment(Experiment.fromJSON(shellExperiment([`node-${i}`])), name);
    }
    advance(230);
    await demo.setFlagValues("__proto__", "__proto__", { textValue: "odd", intValue: 1 });
    const listed = await demo.getExperiments();
    expect([...listed.keys()]).toEqual(names);
    expect([...listed.values()].map((info) => info.status)).toEqual(names.map(() => ExperimentStatus.READY));
    expect((await demo.getFlagValues("__proto__", "__proto__")).textValue).toBe("odd");
    await demo.deleteExperiment("__proto__");
    expect([...(await demo.getExperiments()).keys()]).toEqual(["constructor", "prototype"]);
    expect(({} as Record<string, unknown>)["status"]).toBeUndefined();
  });

  it("setFlagValues with neither value sends Python's FlagValues() (text null, int 0), {} and new FlagValues() alike", async () => {
    const { client, advance } = target();
    const sent: unknown[] = [];
    const wrap = (fetch: FetchFunction): FetchFunction => async (input, init) => {
      if (init.method === "POST" && input.includes("/flag/")) sent.push(JSON.parse(String(init.body)));
      return fetch(input, init);
    };
    const demo = client("demo", undefined, { wrap });
    await demo.prepareExperiment(Experiment.fromJSON(shellExperiment(["node-a"])), "flag defaults");
    advance(230);
    for (const [flag, values] of [["empty", {}], ["model", new FlagValues()]] as const) {
      await demo.setFlagValues("flag defaults", flag, { textValue: "before", intValue: 9 });
      await demo.setFlagValues("flag defaults", flag, values);
      const read = await demo.getFlagValues("flag defaults", flag);
      expect([flag, read.textValue, read.intValue]).toEqual([flag, null, 0]);
    }
    const defaults = { text_value: null, int_value: 0 };
    expect(sent).toEqual([{ text_value: "before", int_value: 9 }, defaults, { text_value: "before", int_value: 9 }, defaults]);
  });

  it("token expiry mid-session: one new login, one retry, the call succeeds", async () => {
    const { client, expireToken } = target();
    const paths: string[] = [];
    const wrap = (fetch: FetchFunction): FetchFunction => async (input, init) => {
      const response = await fetch(input, init);
      paths.push(`${new URL(input).pathname} ${response.status}`);
      return response;
    };
    const demo = client("demo", undefined, { wrap });
    expect(await demo.healthcheck()).toBe(true);
    expireToken("demo");
    expect(await demo.getExperiments()).toEqual(new Map());
    expect(paths).toEqual(["/api/v1/token 200", "/api/v1/health 200", "/api/v1/experiment 401", "/api/v1/token 200", "/api/v1/experiment 200"]);
  });
}
