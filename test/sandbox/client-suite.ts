/**
 * The full lifecycle of several experiments driven through RemoteClient against a sandbox, with
 * the sandbox clock moved by the test. Shared by the in-process run (client.test.ts) and the
 * real-HTTP run (serve-client.test.ts).
 */
import { expect, it } from "vitest";
import { RemoteClient } from "../../src/client/index.js";
import { AuthenticationError, HttpError } from "../../src/errors.js";
import { Pipeline, shellCommand, sleep } from "../../src/graph/index.js";
import { Experiment, ExperimentStatus } from "../../src/model/index.js";
import { experimentFixture, shellExperiment } from "./helpers.js";

export interface SuiteTarget {
  /** A client for `login`, talking to the sandbox under test. */
  client(login: string, password?: string): RemoteClient;
  /** Moves the sandbox clock. */
  advance(ms: number): void;
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
        const decoded = item.decode();
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
    advance(200);
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
    advance(200);
    await demo.startExecution("built");
    advance(300);
    const info = await demo.getExperimentStatus("built");
    const results = info.executionResult;
    if (!Array.isArray(results)) throw new Error("no results");
    for (const result of results) {
      const decoded = result.decode();
      expect(decoded.ok).toBe(true);
      expect([...decoded.tasks.keys()]).toEqual(["hello", "nap"]);
      expect(decoded.tasks.get("nap")?.[0]?.value).toBe(0.25);
      expect(String(decoded.tasks.get("hello")?.[0]?.value)).toMatch(/not executed, this is a simulation/);
    }
  });

  it("keeps names with spaces as the Python client stores them ('+')", async () => {
    const { client } = target();
    const demo = client("demo");
    expect(await demo.prepareExperiment(Experiment.fromJSON(shellExperiment(["node-a"])), "my exp")).toBe("my+exp");
    expect([...(await demo.getExperiments()).keys()]).toEqual(["my+exp"]);
  });
}
