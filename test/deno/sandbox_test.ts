// Deno: the client against the sandbox, in process (its fetch handed to the client) and over
// real HTTP (the sandbox's fetch served by Deno.serve on 127.0.0.1): log in, list nodes, build
// and prepare an experiment, start it, wait for FINISHED and decode the results.
import { deepStrictEqual, equal, ok, rejects } from "node:assert/strict";
import {
  AuthenticationError,
  decodeDeploymentResult,
  HttpError,
  Experiment,
  ExperimentStatus,
  NetunicornError,
  Pipeline,
  RemoteClient,
  shellCommand,
  sleep,
} from "../../src/index.ts";
import { createSandbox } from "../../src/sandbox/index.ts";

// rowDelayMs 0: the status row exists at once (the flags test sets a flag right after prepare)
const timing = { preparationMs: 100, executionMs: 150, executorsStartMs: 20, rowDelayMs: 0 };

async function lifecycle(client: RemoteClient, name: string): Promise<void> {
  ok(await client.healthcheck());
  const nodes = await client.getNodes();
  const chosen = nodes.filter((n) => n.properties.connector === "local").take(2);
  equal(chosen.length, 2);
  const pipeline = new Pipeline([shellCommand(["echo", "hi from deno"], { name: "hello" })]).then(sleep(0.25, { name: "nap" }));
  equal(await client.prepareExperiment(new Experiment().map(pipeline, chosen), name), name);
  await client.waitForStatus(name, ExperimentStatus.READY, { timeoutMs: 10_000, intervalMs: 25 });
  equal(await client.startExecution(name), name);
  const info = await client.waitForStatus(name, ExperimentStatus.FINISHED, { timeoutMs: 10_000, intervalMs: 25 });
  equal(info.status, ExperimentStatus.FINISHED);
  ok(Array.isArray(info.executionResult));
  const results = info.executionResult;
  deepStrictEqual(results.map((r) => r.node.name).sort(), chosen.map((n) => String((n as { name: string }).name)).sort());
  for (const result of results) {
    const decoded = decodeDeploymentResult(result);
    ok(decoded.ok, `${result.node.name}: ${JSON.stringify(decoded.view())}`);
    deepStrictEqual([...decoded.tasks.keys()].sort(), ["hello", "nap"]);
    equal(decoded.tasks.get("nap")?.[0]?.value, 0.25);
    ok(decoded.logs.length > 0);
  }
  ok((await client.getExperiments()).has(name));
  await client.deleteExperiment(name);
  ok(!(await client.getExperiments()).has(name));
}

Deno.test("sandbox in process: the whole lifecycle", async () => {
  const sandbox = createSandbox({ timing });
  const client = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: "demo-password", fetch: sandbox.fetch });
  await lifecycle(client, "deno-in-process");
});

Deno.test("sandbox over HTTP with Deno.serve: the whole lifecycle, and a wrong password", async () => {
  const sandbox = createSandbox({ timing });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => sandbox.fetch(request));
  try {
    const endpoint = `http://127.0.0.1:${server.addr.port}`;
    await lifecycle(new RemoteClient({ endpoint, login: "demo", password: "demo-password" }), "deno-over-http");
    const wrong = new RemoteClient({ endpoint, login: "demo", password: "not-the-password", retry: false });
    await rejects(wrong.getNodes(), (error: unknown) => {
      ok(error instanceof AuthenticationError && error instanceof NetunicornError, String(error));
      ok(!String((error as Error).message).includes("not-the-password"), "password leaked into the message");
      return true;
    });
  } finally {
    await server.shutdown();
  }
});

Deno.test("sandbox: flags, errors from the server, user isolation and aborts", async () => {
  const sandbox = createSandbox({ timing });
  const demo = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: "demo-password", fetch: sandbox.fetch });
  const other = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "other", password: "other-password", fetch: sandbox.fetch });
  const nodes = await demo.getNodes();
  const chosen = nodes.filter((n) => n.properties.connector === "local").take(1);
  await demo.prepareExperiment(new Experiment().map(new Pipeline([sleep(1, { name: "s" })]), chosen), "flags");
  await demo.setFlagValues("flags", "progress", { textValue: "half", intValue: 50 });
  const flags = await demo.getFlagValues("flags", "progress");
  deepStrictEqual([flags.textValue, flags.intValue], ["half", 50]);
  // Another user sees none of it: the server answers an error, mapped to an HttpError.
  await rejects(other.getExperimentStatus("flags"), (error: unknown) => {
    ok(error instanceof HttpError, String(error));
    ok(error.status >= 400 && error.status < 500, String(error.status));
    return true;
  });
  // Neither value: Python's FlagValues() defaults are sent (text null, int 0).
  await demo.setFlagValues("flags", "progress", {});
  const cleared = await demo.getFlagValues("flags", "progress");
  deepStrictEqual([cleared.textValue, cleared.intValue], [null, 0]);
  // The caller's signal aborts a call.
  const controller = new AbortController();
  controller.abort();
  await rejects(demo.getNodes({ signal: controller.signal }), (error: unknown) => error instanceof NetunicornError);
});
