/**
 * The simulated lifecycle with the real fixtures (cloudpickled graphs): DockerImage compilation,
 * simulated failures, the result pickles (decoded with the library's unpickler), cycles, locks,
 * prechecks and the visibility windows after prepare.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PyDict, type PyObject, PyResult, unpickle, type PyValue } from "../../src/pickle/index.js";
import { experimentFixture, shellExperiment, testServer } from "./helpers.js";

interface Info {
  status: number;
  experiment: null | { deployment_map: { prepared: boolean; error: string | null; executor_id: string; environment_definition: { image?: string | null } }[] };
  execution_result: null | string | { node: { name: string }; error: string | null; result: string | null }[];
}

const FIXTURES = ["pipeline_docker_map", "cycle_pipeline_shell", "execution_graph_custom", "mixed_deployments", "by_value_result"];

function decodeResult(b64: string): { ok: boolean; tasks: Map<string, PyResult[]>; logs: string[] } {
  const value = unpickle(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))) as PyValue[];
  const [graphResult, logs] = value as [PyResult, string[]];
  const table = graphResult.value;
  const entries = table instanceof PyDict ? [...table.entries()] : ((table as PyObject).dictItems ?? []);
  const tasks = new Map(entries.map(([k, v]) => [k as string, v as PyResult[]]));
  return { ok: graphResult.ok, tasks, logs };
}

async function runToEnd(name: string, body: unknown, options = {}) {
  const s = testServer({ timing: { preparationMs: 100, executionMs: 100, executorsStartMs: 10 }, ...options });
  const token = await s.login("admin"); // sudo: some fixtures use additional arguments
  const prepared = await s.call("POST", `/api/v1/experiment/${name}/prepare`, { token, body });
  expect([prepared.status, prepared.json]).toEqual([200, name]);
  const preparing = (await s.call("GET", `/api/v1/experiment/${name}`, { token })).json as Info;
  s.clock.advance(100);
  expect((await s.call("POST", `/api/v1/experiment/${name}/start`, { token })).status).toBe(200);
  s.clock.advance(100);
  const finished = (await s.call("GET", `/api/v1/experiment/${name}`, { token })).json as Info;
  return { s, token, preparing, finished };
}

describe("every experiment fixture runs to FINISHED with real result pickles", () => {
  for (const fixture of FIXTURES) {
    it(fixture, async () => {
      const f = experimentFixture(fixture);
      const { finished } = await runToEnd(f.experiment_name, f.body);
      expect(finished.status).toBe(4);
      const results = finished.execution_result as Exclude<Info["execution_result"], string | null>;
      expect(results).toHaveLength(f.body.deployment_map.length);
      for (const item of results) {
        if (item.error !== null) continue; // e.g. a node whose image cannot be built
        const decoded = decodeResult(item.result as string);
        expect(decoded.logs[0]).toContain("netunicorn sandbox");
        expect(decoded.logs.at(-1)).toBe("Execution is finished, start reporting results.\n");
        expect(decoded.tasks.size).toBeGreaterThan(0);
      }
    });
  }

  it("gives honest placeholders: SleepTask its seconds, DummyTask True, others a text", async () => {
    const f = experimentFixture("pipeline_docker_map");
    const { finished } = await runToEnd("docker", f.body);
    const first = (finished.execution_result as { result: string }[])[0] as { result: string };
    const { tasks, ok } = decodeResult(first.result);
    expect(ok).toBe(true);
    expect(tasks.get("library-sleep")?.map((r) => r.value)).toEqual([0]);
    expect(String(tasks.get("collect")?.[0]?.value)).toMatch(/sandbox: task collect \(CollectStats\) was not executed/);
    const cycle = await runToEnd("cycle", experimentFixture("cycle_pipeline_shell").body);
    const runs = decodeResult((cycle.finished.execution_result as { result: string }[])[0]?.result as string).tasks;
    // CyclePipeline(cycles=3): weak edges with counter 2 make every task run three times
    expect(runs.get("dummy")?.map((r) => [r.ok, r.value])).toEqual([[true, true], [true, true], [true, true]]);
    expect(runs.get("tick")).toHaveLength(3);
  });

  it("follows traverse_on: after success, 'failure' edges are not taken", async () => {
    const { finished } = await runToEnd("custom", experimentFixture("execution_graph_custom").body);
    const tasks = decodeResult((finished.execution_result as { result: string }[])[0]?.result as string).tasks;
    expect(tasks.has("never-runs")).toBe(true); // explode → never-runs on success
    expect(tasks.has("recover")).toBe(false); // explode → recover only on failure
    expect(tasks.has("final")).toBe(false); // barrier waits for recover (strong edge)
  });
});

describe("DockerImage compilation", () => {
  it("assigns image names while PREPARING, one per identical build, and fails unknown architectures", async () => {
    const f = experimentFixture("mixed_deployments");
    const { preparing, finished } = await runToEnd("mixed", f.body, { dockerRegistry: "registry.test:5000" });
    const deployments = preparing.experiment?.deployment_map ?? [];
    for (const [i, d] of deployments.entries()) {
      const original = f.body.deployment_map[i] as { environment_definition_type: string; environment_definition: { image?: string | null } };
      if (original.environment_definition_type === "DockerImage" && original.environment_definition.image === null) {
        expect(d.environment_definition.image).toMatch(/^registry\.test:5000\/[0-9a-f-]{36}:latest$/);
        expect(d.prepared).toBe(false);
      }
    }
    const errors = (finished.execution_result as { node: { name: string }; error: string | null }[]).map((r) => r.error);
    const prepareErrors = finished.experiment?.deployment_map.map((d) => d.error) ?? [];
    const archs = f.body.deployment_map.map((d) => (d as { node: { architecture: string } }).node.architecture);
    expect(archs).toContain("unknown");
    archs.forEach((arch, i) => {
      if (arch !== "unknown") return;
      // the compilation error stays on the deployment; its result says the executor never ran
      expect(prepareErrors[i]).toBe("Unknown architecture for docker container: unknown");
      expect(errors[i]).toBe("Executor is not prepared");
    });
  });

  it("lists builds in progress in ui/compilations", async () => {
    const s = testServer();
    const token = await s.login();
    await s.call("POST", "/api/v1/experiment/docker/prepare", { token, body: experimentFixture("pipeline_docker_map").body });
    const rows = (await s.call("GET", "/api/v1/ui/compilations", { token })).json as { architecture: string }[];
    expect(rows.map((r) => r.architecture).sort()).toEqual(["linux/amd64", "linux/arm64"]);
    s.clock.advance(10_000);
    expect((await s.call("GET", "/api/v1/ui/compilations", { token })).text).toBe("[]");
  });
});

describe("simulated outcomes", () => {
  it("fails preparation and execution on the demo's rigged nodes", async () => {
    const s = testServer({ timing: { preparationMs: 100, executionMs: 100, executorsStartMs: 10 } });
    const token = await s.login();
    const body = shellExperiment(["broken-01", "flaky-01", "node-a"]) as { deployment_map: { node: { properties: Record<string, unknown> } }[] };
    // the rules read the node sent in the body (as the server does), i.e. what get_nodes returned
    body.deployment_map[0]!.node.properties["sandbox-fail"] = "prepare";
    body.deployment_map[1]!.node.properties["sandbox-fail"] = "execute";
    await s.call("POST", "/api/v1/experiment/rigged/prepare", { token, body });
    s.clock.advance(100);
    const ready = (await s.call("GET", "/api/v1/experiment/rigged", { token })).json as Info;
    expect(ready.experiment?.deployment_map.map((d) => d.prepared)).toEqual([false, true, true]);
    expect(ready.experiment?.deployment_map[0]?.error).toMatch(/Simulated preparation failure on node broken-01/);
    await s.call("POST", "/api/v1/experiment/rigged/start", { token });
    s.clock.advance(100);
    const done = (await s.call("GET", "/api/v1/experiment/rigged", { token })).json as Info;
    const items = done.execution_result as { error: string | null; result: string | null }[];
    expect(items[0]?.error).toBe("Executor is not prepared");
    expect(done.experiment?.deployment_map[0]?.error).toMatch(/Simulated preparation failure on node broken-01/);
    expect(items[0]?.result).toBeNull();
    const flaky = decodeResult(items[1]?.result as string);
    expect(flaky.ok).toBe(false);
    expect([...flaky.tasks.values()][0]?.[0]?.ok).toBe(false);
    expect(decodeResult(items[2]?.result as string).ok).toBe(true);
  });

  it("accepts custom outcome rules", async () => {
    const s = testServer({ outcomes: { prepareFailure: (node) => (node.name === "node-b" ? "no power" : null) } });
    const token = await s.login();
    await s.call("POST", "/api/v1/experiment/x/prepare", { token, body: shellExperiment(["node-a", "node-b"]) });
    s.clock.advance(5000);
    const ready = (await s.call("GET", "/api/v1/experiment/x", { token })).json as Info;
    expect(ready.experiment?.deployment_map.map((d) => d.error)).toEqual([null, "no power"]);
  });
});

describe("prechecks and timing windows", () => {
  it("refuses spaces in environment variables and non-int ports; crashes 500 like Python on a non-dict", async () => {
    const s = testServer();
    const token = await s.login();
    const rc = (runtime: object) => shellExperiment(["node-a"], { environment_definition: { commands: [], runtime_context: { ports_mapping: {}, environment_variables: {}, additional_arguments: [], network: null, ...runtime } } });
    const spaces = await s.call("POST", "/api/v1/experiment/x/prepare", { token, body: rc({ environment_variables: { A: "b c" } }) });
    expect(spaces.json).toBe("Environment variables in runtime context must not contain spaces");
    const docker = experimentFixture("execution_graph_custom").body;
    const ports = JSON.parse(JSON.stringify(docker)) as { deployment_map: { environment_definition: { runtime_context: { ports_mapping: object; additional_arguments: string[] } } }[] };
    for (const d of ports.deployment_map) {
      d.environment_definition.runtime_context.ports_mapping = { http: 80 };
      d.environment_definition.runtime_context.additional_arguments = [];
    }
    expect((await s.call("POST", "/api/v1/experiment/x/prepare", { token, body: ports })).json).toBe("Ports mapping in runtime context must be a dict of int to int");
    const crash = await s.call("POST", "/api/v1/experiment/x/prepare", { token, body: rc({ environment_variables: ["A"] }) });
    expect([crash.status, crash.text, crash.headers.get("content-type")]).toEqual([500, "'list' object has no attribute 'items'", null]);
    const dup = shellExperiment(["node-a", "node-b"], { executor_id: "same" });
    expect((await s.call("POST", "/api/v1/experiment/x/prepare", { token, body: dup })).json).toBe("Experiment has non-unique non-empty executor id: same");
  });

  it("reports Python's exception texts for malformed experiments", async () => {
    const s = testServer();
    const token = await s.login();
    const cases: [unknown, string][] = [
      [[], "list indices must be integers or slices, not str"],
      ["x", "string indices must be integers, not 'str'"],
      [null, "'NoneType' object is not subscriptable"],
      [{ deployment_map: null }, "'NoneType' object is not iterable"],
      [{ deployment_map: [{}] }, "'node'"],
      [shellExperiment(["a"], { execution_graph: "abcde" }), "Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4"],
      [shellExperiment(["a"], { environment_definition_type: "Nope" }), "module 'netunicorn.base.environment_definitions' has no attribute 'Nope'"],
      [shellExperiment(["a"], { environment_definition: { commands: [] } }), "runtime_context is missing"],
    ];
    for (const [body, message] of cases) {
      const a = await s.call("POST", "/api/v1/experiment/x/prepare", { token, body });
      expect([a.status, a.json]).toEqual([400, { detail: `Couldn't parse experiment from the provided data: ${message}` }]);
    }
  });

  it("hides the row for rowDelayMs and the data for dataDelayMs after prepare", async () => {
    const s = testServer({ timing: { rowDelayMs: 200, dataDelayMs: 400, preparationMs: 1000 } });
    const token = await s.login();
    await s.call("POST", "/api/v1/experiment/slow/prepare", { token, body: shellExperiment(["node-a"]) });
    expect((await s.call("GET", "/api/v1/experiment/slow", { token })).json).toBe("Experiment slow not found");
    s.clock.advance(200);
    expect((await s.call("GET", "/api/v1/experiment/slow", { token })).json).toEqual({ status: 1, experiment: null, execution_result: null });
    s.clock.advance(200);
    expect(((await s.call("GET", "/api/v1/experiment/slow", { token })).json as Info).experiment).not.toBeNull();
  });

  it("keeps locks until the experiment finished, then shows the nodes again", async () => {
    const s = testServer({ timing: { preparationMs: 100, executionMs: 1000, executorsStartMs: 10, lockReleaseMs: 500 } });
    const demo = await s.login();
    const other = await s.login("other");
    await s.call("POST", "/api/v1/experiment/x/prepare", { token: demo, body: shellExperiment(["node-a"]) });
    const visible = async () => (await s.call("GET", "/api/v1/nodes", { token: other })).text.includes('"node-a"');
    expect(await visible()).toBe(false);
    s.clock.advance(100);
    await s.call("POST", "/api/v1/experiment/x/start", { token: demo });
    s.clock.advance(1000);
    expect(((await s.call("GET", "/api/v1/experiment/x", { token: demo })).json as Info).status).toBe(4);
    expect(await visible()).toBe(false);
    s.clock.advance(500);
    expect(await visible()).toBe(true);
    expect((await s.call("GET", "/api/v1/ui/locks", { token: demo })).text).toBe("[]");
  });

  it("hides nodes outside a user's access tags", async () => {
    const s = testServer({ users: { u: { password: "p", accessTags: ["public"] }, v: { password: "p", accessTags: ["private"] } } });
    const u = await s.login("u", "p");
    const v = await s.login("v", "p");
    expect((await s.call("GET", "/api/v1/nodes", { token: u })).text).not.toContain("private-01");
    expect((await s.call("GET", "/api/v1/nodes", { token: v })).text).toContain("private-01");
  });
});



describe("cancel before running, and model pools", () => {
  it("finishes a PREPARING experiment whose executors were all cancelled; a READY one stays READY", async () => {
    const s = testServer({ timing: { preparationMs: 1000, cancelMs: 100 } });
    const token = await s.login();
    await s.call("POST", "/api/v1/experiment/p/prepare", { token, body: shellExperiment(["node-a"]) });
    expect((await s.call("POST", "/api/v1/experiment/p/cancel", { token })).json).toBe("Executors cancellation started");
    s.clock.advance(100);
    const p = (await s.call("GET", "/api/v1/experiment/p", { token })).json as Info;
    expect([p.status, (p.execution_result as { error: string }[])[0]?.error]).toEqual([4, "Executor was stopped"]);
    await s.call("POST", "/api/v1/experiment/r/prepare", { token, body: shellExperiment(["node-b"]) });
    s.clock.advance(1000);
    await s.call("POST", "/api/v1/experiment/r/cancel", { token });
    expect(((await s.call("GET", "/api/v1/experiment/r", { token })).json as Info).status).toBe(2);
    s.clock.advance(100);
    const r = (await s.call("GET", "/api/v1/experiment/r", { token })).json as Info;
    expect([r.status, r.execution_result]).toEqual([2, null]);
  });

  it("serves a pool given as a model (toJSON), Infinity soft limit included", async () => {
    const { Nodes } = await import("../../src/model/index.js");
    const wire = {
      node_pool_type: "CountableNodePool",
      node_pool_data: [
        { name: "n1", properties: { connector: "x" }, additional_properties: {}, architecture: "linux/amd64" },
        { node_pool_type: "UncountableNodePool", node_pool_data: [{ name: "vm-", properties: { connector: "y" }, additional_properties: {}, architecture: "linux/arm64" }], node_pool_metadata: Infinity },
      ],
      node_pool_metadata: null,
    };
    const s = testServer({ pool: Nodes.fromJSON(wire) });
    const token = await s.login();
    const text = (await s.call("GET", "/api/v1/nodes", { token })).text;
    expect(text).toContain('"name": "n1"');
    expect(text).toContain('"node_pool_metadata": Infinity'); // Python's json writes the bare token
  });
});

describe("status bodies match the real server's", () => {
  it("READY with an image given: same keys, order and values as the fixture (ids aside)", async () => {
    const fixture = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "status", "ready_image_given.json"), "utf8")) as { experiment_name: string; body: Record<string, unknown> };
    const s = testServer({ timing: { preparationMs: 100 } });
    const token = await s.login("admin");
    await s.call("POST", `/api/v1/experiment/${fixture.experiment_name}/prepare`, { token, body: experimentFixture("execution_graph_custom").body });
    s.clock.advance(100);
    const mine = (await s.call("GET", `/api/v1/experiment/${fixture.experiment_name}`, { token })).json as Record<string, unknown>;
    const normalize = (body: Record<string, unknown>): unknown =>
      JSON.parse(JSON.stringify(body), (key, value: unknown) => {
        if (key === "executor_id" || key === "NETUNICORN_EXECUTOR_ID" || key === "NETUNICORN_EXPERIMENT_ID") return "<id>";
        if (key === "environment_variables") return Object.fromEntries(Object.entries(value as object).sort());
        return value;
      });
    expect(normalize(mine)).toEqual(normalize(fixture.body));
    const keys = (body: Record<string, unknown>) => Object.keys(((body["experiment"] as { deployment_map: object[] }).deployment_map[0]) as object);
    expect(keys(mine)).toEqual(keys(fixture.body));
  });
});
