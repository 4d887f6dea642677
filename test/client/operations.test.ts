// Every operation: the exact request the real netunicorn server sees, and the parsed reply.
import { afterEach, describe, expect, it } from "vitest";
import {
  CountableNodePool,
  Experiment,
  ExperimentExecutionInformation,
  ExperimentStatus,
  FlagValues,
  type FlagValuesInit,
  UsageError,
} from "../../src/index.js";
import { clientFor, failure, fixture, fixtureText } from "./helpers.js";
import { type Recorded, send, sendJson, startServer, TOKEN, type TestServer, netunicorn } from "./server.js";

let server: TestServer;
afterEach(async () => server?.close());

/** A server answering `body` (text, JSON content type) to everything but the login. */
async function answering(body: string, status = 200): Promise<TestServer> {
  server = await startServer(netunicorn((_req, res) => send(res, status, body)));
  return server;
}

function only(s: TestServer): Recorded {
  const calls = s.calls();
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

function expectAuthHeaders(request: Recorded, context = "{}"): void {
  expect(request.headers["authorization"]).toBe(`Bearer ${TOKEN}`);
  expect(request.headers["netunicorn-authentication-context"]).toBe(context);
  // The header the server itself reads: only with a context the caller gave.
  expect(request.headers["netunicorn-auth-context"]).toBe(context === "{}" ? undefined : context);
}

describe("requests and replies", () => {
  it("logs in once with a form body, then sends the token", async () => {
    const client = clientFor(await answering('"OK"'));
    expect(await client.healthcheck()).toBe(true);
    const [login] = server.logins();
    expect(login?.method).toBe("POST");
    expect(login?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(login?.body).toBe("username=demo&password=s3cret-p%C3%A4ssword");
    expect(login?.headers["authorization"]).toBeUndefined();
    const request = only(server);
    expect([request.method, request.rawPath]).toEqual(["GET", "/api/v1/health"]);
    expectAuthHeaders(request);
    expect(request.body).toBe("");
  });

  it("healthcheck: false for another body or a 500 with plain text; true for \"OK\"", async () => {
    const client = clientFor(await answering('"degraded"'));
    expect(await client.healthcheck()).toBe(false);
    await server.close();
    server = await startServer(netunicorn((_q, res) => send(res, 500, "HTTPConnectionPool(host='127.0.0.1', port=26514): Max retries exceeded", null)));
    expect(await clientFor(server).healthcheck()).toBe(false);
  });

  it("getNodes: GET /api/v1/nodes with the context header; the pool parsed, bare Infinity included", async () => {
    const client = clientFor(await answering(fixtureText("nodes/uncountable_without_soft_limit.json")), {
      authenticationContext: { kubernetes: { token: "k8s" } },
    });
    const nodes = await client.getNodes();
    const request = only(server);
    expect([request.method, request.rawPath]).toEqual(["GET", "/api/v1/nodes"]);
    // As the reference client's json.dumps writes it: ", " and ": " separators.
    expectAuthHeaders(request, '{"kubernetes": {"token": "k8s"}}');
    expect(nodes).toBeInstanceOf(CountableNodePool);
    expect(nodes.take(3).map((n) => String((n as { name: string }).name))).toEqual(["solo-amd64", "lambda-1", "lambda-2"]);
  });

  it("writes a non-ASCII context as Python's json.dumps does (ensure_ascii), so any context fits a header", async () => {
    const client = clientFor(await answering('"OK"'), {
      authenticationContext: { "café": { key: "é😀\x7f\n\"", nested: "a, b: c" } },
    });
    expect(await client.healthcheck()).toBe(true);
    // Printed by python3: json.dumps({"café": {"key": "é😀\x7f\n\"", "nested": "a, b: c"}})
    expectAuthHeaders(only(server), '{"caf\\u00e9": {"key": "\\u00e9\\ud83d\\ude00\\u007f\\n\\"", "nested": "a, b: c"}}');
  });

  it("getExperiments: a Map by name, in the body's order", async () => {
    const client = clientFor(await answering(fixtureText("status/experiments_list.json")));
    const experiments = await client.getExperiments();
    expect([only(server).method, only(server).rawPath]).toEqual(["GET", "/api/v1/experiment"]);
    expect([...experiments.keys()]).toEqual(["fresh-experiment", "cycle-shell", "broken-run", "mixed-bag"]);
    expect([...experiments.values()].map((info) => info.status)).toEqual([1, 3, 4, 4]);
    expect(experiments.get("cycle-shell")).toBeInstanceOf(ExperimentExecutionInformation);
  });

  it("getExperimentStatus: the name encoded like quote_plus; the status parsed", async () => {
    const client = clientFor(await answering(fixtureText("status/running.json")));
    const info = await client.getExperimentStatus("my exp/1+1");
    const request = only(server);
    expect([request.method, request.rawPath]).toEqual(["GET", "/api/v1/experiment/my+exp%2F1%2B1"]);
    expectAuthHeaders(request);
    expect(info.status).toBe(ExperimentStatus.RUNNING);
    expect(info.toJSON()).toEqual(fixture("status/running.json").body);
  });

  it("prepareExperiment: JSON body of the experiment, deploymentContext merged per connector (argument wins)", async () => {
    const data = fixture("experiments/pipeline_docker_map.json");
    const experiment = Experiment.fromJSON(data.body);
    const client = clientFor(await answering(JSON.stringify("measure docker")));
    const name = await client.prepareExperiment(experiment, "measure docker", { kubernetes: { priority: "high" }, ssh: { key: "k" } });
    expect(name).toBe("measure docker");
    const request = only(server);
    expect([request.method, request.rawPath]).toEqual(["POST", "/api/v1/experiment/measure+docker/prepare"]);
    expect(request.headers["content-type"]).toBe("application/json");
    expectAuthHeaders(request);
    const sent = JSON.parse(request.body) as Record<string, unknown>;
    const expected = structuredClone(data.body) as Record<string, unknown>;
    // Python's dict.update: the connector entry is replaced as a whole, not merged key by key.
    expected["deployment_context"] = { kubernetes: { priority: "high" }, ssh: { key: "k" } };
    expect(sent).toEqual(expected);
    // The caller's experiment is left as it was.
    expect(experiment.deploymentContext).toEqual({ kubernetes: { namespace: "lab", priority: "low" } });
  });

  it("prepareExperiment without a context sends the experiment as it is", async () => {
    const data = fixture("experiments/cycle_pipeline_shell.json");
    const client = clientFor(await answering('"cycle"'));
    await client.prepareExperiment(Experiment.fromJSON(data.body), "cycle");
    expect(JSON.parse(only(server).body)).toEqual(data.body);
  });

  it("startExecution: no body without a context (as Python's json=None), the context as JSON otherwise", async () => {
    const client = clientFor(await answering('"exp-1"'));
    expect(await client.startExecution("exp-1")).toBe("exp-1");
    expect(await client.startExecution("exp-1", { local: { reason: "go" } })).toBe("exp-1");
    const [bare, withContext] = server.calls();
    expect([bare?.method, bare?.rawPath, bare?.body]).toEqual(["POST", "/api/v1/experiment/exp-1/start", ""]);
    expect(bare?.headers["content-type"]).toBeUndefined();
    expectAuthHeaders(bare!);
    expect(withContext?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(withContext!.body)).toEqual({ local: { reason: "go" } });
  });

  it("cancelExperiment: POST …/cancel, the server's message answered", async () => {
    const client = clientFor(await answering('"Executors cancellation started"'));
    expect(await client.cancelExperiment("long run")).toBe("Executors cancellation started");
    expect(await client.cancelExperiment("long run", { local: { why: "x" } })).toBe("Executors cancellation started");
    const [bare, withContext] = server.calls();
    expect([bare?.method, bare?.rawPath, bare?.body]).toEqual(["POST", "/api/v1/experiment/long+run/cancel", ""]);
    expect(JSON.parse(withContext!.body)).toEqual({ local: { why: "x" } });
  });

  it("cancelExecutors: {executors, cancellation_context} with null when there is no context", async () => {
    const client = clientFor(await answering('"Executors cancellation started"'));
    await client.cancelExecutors(["e-1", "e-2"]);
    await client.cancelExecutors(["e-3"], { local: { reason: "smoke" } });
    const [first, second] = server.calls();
    expect([first?.method, first?.rawPath]).toEqual(["POST", "/api/v1/executors/cancel"]);
    expect(first?.headers["content-type"]).toBe("application/json");
    expectAuthHeaders(first!);
    expect(JSON.parse(first!.body)).toEqual({ executors: ["e-1", "e-2"], cancellation_context: null });
    expect(JSON.parse(second!.body)).toEqual({ executors: ["e-3"], cancellation_context: { local: { reason: "smoke" } } });
  });

  it("deleteExperiment: DELETE, 200 null answered as undefined", async () => {
    const client = clientFor(await answering("null"));
    expect(await client.deleteExperiment("old~exp")).toBeUndefined();
    const request = only(server);
    expect([request.method, request.rawPath, request.body]).toEqual(["DELETE", "/api/v1/experiment/old~exp", ""]);
    expectAuthHeaders(request);
  });

  it("getFlagValues: both names encoded; the values parsed", async () => {
    const client = clientFor(await answering(fixtureText("flags/both.json")));
    const flags = await client.getFlagValues("exp 1", "phase/2");
    const request = only(server);
    expect([request.method, request.rawPath]).toEqual(["GET", "/api/v1/experiment/exp+1/flag/phase%2F2"]);
    expect(flags).toBeInstanceOf(FlagValues);
    expect([flags.textValue, flags.intValue]).toEqual(["phase-2: measuring ✓", -7]);
  });

  it("setFlagValues: both fields sent (int defaults to 0, as pydantic's model_dump); 200 null", async () => {
    const client = clientFor(await answering("null"));
    await client.setFlagValues("exp", "f", { textValue: "hello", intValue: 5 });
    await client.setFlagValues("exp", "f", { intValue: 7 });
    await client.setFlagValues("exp", "f", { textValue: "only" });
    await client.setFlagValues("exp", "f", new FlagValues({ textValue: null, intValue: 3 }));
    const bodies = server.calls().map((r) => JSON.parse(r.body) as unknown);
    expect(bodies).toEqual([
      { text_value: "hello", int_value: 5 },
      { text_value: null, int_value: 7 },
      { text_value: "only", int_value: 0 },
      { text_value: null, int_value: 3 },
    ]);
    const request = server.calls()[0]!;
    expect([request.method, request.rawPath, request.headers["content-type"]]).toEqual(["POST", "/api/v1/experiment/exp/flag/f", "application/json"]);
  });

  it("setFlagValues with neither value sends Python's FlagValues() defaults; a non-object is refused before any request", async () => {
    const client = clientFor(await answering("null"));
    for (const values of [{}, { textValue: null, intValue: null }, { textValue: undefined }, new FlagValues()]) {
      await client.setFlagValues("exp", "f", values);
    }
    const posts = server.requests.filter((r) => r.method === "POST" && r.path.includes("/flag/"));
    expect(posts.map((r) => JSON.parse(r.body))).toEqual(Array(4).fill({ text_value: null, int_value: 0 }));
    const error = await failure(client.setFlagValues("exp", "f", null as unknown as FlagValuesInit));
    expect(error).toBeInstanceOf(UsageError);
    expect(server.requests.filter((r) => r.path.includes("/flag/"))).toHaveLength(4);
  });

  it("the extras: locks, running, recent (days in the query), compilations", async () => {
    server = await startServer(
      netunicorn((request, res) => {
        if (request.path === "/api/v1/ui/locks") return sendJson(res, 200, [{ node_name: "node-b", username: "demo", connector: "local" }]);
        if (request.path === "/api/v1/ui/compilations") return sendJson(res, 200, []);
        const row = {
          username: "demo",
          experiment_name: "smoke",
          experiment_id: "9f57",
          status: "ExperimentStatus.RUNNING",
          error: null,
          creation_time: "2026-11-24 14:40:01.123456+00:00",
          start_time: "None",
          nodes: "node-a, node-b",
        };
        return sendJson(res, 200, [row]);
      }),
    );
    const client = clientFor(server);
    expect(await client.getLockedNodes()).toEqual([{ nodeName: "node-b", username: "demo", connector: "local" }]);
    expect(await client.getActiveCompilations()).toEqual([]);
    const [running] = await client.getRunningExperiments();
    expect([running?.experimentName, running?.status, running?.startTime, running?.nodes]).toEqual(["smoke", ExperimentStatus.RUNNING, null, ["node-a", "node-b"]]);
    await client.getRecentExperiments(3);
    await client.getRecentExperiments();
    expect(server.calls().map((r) => `${r.method} ${r.rawPath}`)).toEqual([
      "GET /api/v1/ui/locks",
      "GET /api/v1/ui/compilations",
      "GET /api/v1/ui/running_experiments",
      "GET /api/v1/ui/last_experiments?days=3",
      "GET /api/v1/ui/last_experiments?days=14",
    ]);
    expect(await failure(client.getRecentExperiments(-1))).toBeInstanceOf(UsageError);
    expect(await failure(client.getExperimentStatus(""))).toBeInstanceOf(UsageError);
    expect(await failure(client.getFlagValues("exp", ""))).toBeInstanceOf(UsageError);
    expect(server.calls()).toHaveLength(5);
  });

  it("a token given up front: no login at all", async () => {
    server = await startServer((_q, res) => send(res, 200, '"OK"'));
    const client = clientFor(server, { token: "given-token-xyz", login: undefined, password: undefined } as never);
    expect(await client.healthcheck()).toBe(true);
    expect(server.requests.map((r) => [r.path, r.headers["authorization"]])).toEqual([["/api/v1/health", "Bearer given-token-xyz"]]);
  });
});
