/**
 * Audit of issue 6's promises tool by tool: every tool refuses a wrong field and turns every
 * client failure into a tool error; a hung status call cannot hold wait_for_experiment past its
 * deadline; no answer exceeds the total budget; connector secrets never show.
 */
import { afterEach, describe, expect, it } from "vitest";
import { TOTAL_CAP } from "../../mcp/answers/answer.js";
import { makeBackend } from "../../mcp/backend.js";
import { parseConfig } from "../../mcp/config.js";
import { TOOL_NAMES } from "../../mcp/index.js";
import { PyDict, PyResult, pickle } from "../../src/pickle/index.js";
import { type FakeClient, fakeClient, fixture, httpError } from "./fake-client.js";
import { type Connected, call, connect } from "./helpers.js";

let open: Connected | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

/** Arguments each tool accepts (destructive ones confirmed). */
const VALID: Record<string, Record<string, unknown>> = {
  healthcheck: {},
  get_nodes: {},
  get_experiments: {},
  get_experiment_status: { experiment_id: "e" },
  describe_experiment: { experiment_id: "e" },
  find_library_tasks: { query: "latency" },
  prepare_experiment: { experiment_id: "e", nodes: { filter: {} }, pipeline: [{ shell: ["true"] }] },
  start_execution: { experiment_id: "e" },
  wait_for_experiment: { experiment_id: "e", timeout_seconds: 1, interval_seconds: 0.01 },
  get_experiment_results: { experiment_id: "e" },
  compare_experiments: { experiment_ids: ["e", "f"] },
  cancel_experiment: { experiment_id: "e", confirm: true },
  cancel_executors: { executor_ids: ["x"], confirm: true },
  delete_experiment: { experiment_id: "e", confirm: true },
  get_flag_values: { experiment_id: "e", flag_name: "f" },
  set_flag_values: { experiment_id: "e", flag_name: "f", int_value: 1, confirm: true },
  get_locked_nodes: {},
  get_recent_experiments: {},
};

const METHODS = [
  "healthcheck", "getNodes", "getExperiments", "getExperimentStatus", "prepareExperiment", "startExecution", "cancelExperiment",
  "cancelExecutors", "deleteExperiment", "getFlagValues", "setFlagValues", "getLockedNodes", "getRecentExperiments",
];

function withExtras(base: FakeClient): FakeClient {
  (base as unknown as Record<string, unknown>).getRecentExperiments = async () => ({});
  return base;
}

describe("every tool", () => {
  it("knows valid arguments for all eighteen tools (this table is complete)", () => {
    expect(Object.keys(VALID).sort()).toEqual([...TOOL_NAMES].sort());
  });

  it.each(TOOL_NAMES.map((n) => [n]))("%s refuses an unknown field, names it, and calls nothing", async (name) => {
    const base = withExtras(fakeClient());
    open = await connect(base);
    const answer = await call(open.client, name, { ...VALID[name], bogus_field: 1 });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain("bogus_field");
    expect(base.calls).toHaveLength(0);
  });

  // find_library_tasks reads the built-in catalog and never calls the server.
  it.each(TOOL_NAMES.filter((n) => n !== "wait_for_experiment" && n !== "find_library_tasks").map((n) => [n]))(
    "%s turns a server failure into a tool error with operation, status and message",
    async (name) => {
      const base = withExtras(fakeClient());
      base.statuses.set("e", [fixture("status/running.json").body]);
      for (const method of METHODS) {
        const original = (base as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!;
        (base as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
          await original.apply(base, args as never);
          throw httpError(method, 503, "database unavailable");
        };
      }
      open = await connect(base);
      const answer = await call(open.client, name, VALID[name]);
      expect(answer.isError, answer.text).toBe(true);
      expect(answer.text).toMatch(/\w+ answered HTTP 503: database unavailable/);
      expect((await call(open.client, "healthcheck")).isError).toBe(true); // still serving
    },
  );
});

describe("wait_for_experiment against a server that hangs", () => {
  const hang = (base: FakeClient, after: number) => {
    const original = base.getExperimentStatus.bind(base);
    let polls = 0;
    base.getExperimentStatus = ((id: string, options?: { signal?: AbortSignal }) => {
      polls++;
      if (polls <= after) return original(id);
      return new Promise((_, reject) => {
        options?.signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
      });
    }) as never;
  };

  it("answers at its deadline with the last known status, reporting progress during the hung poll", async () => {
    const base = fakeClient();
    base.statuses.set("h", [fixture("status/running.json").body]);
    hang(base, 1);
    open = await connect(base, { progressEveryMs: 50 });
    const progress: number[] = [];
    const started = Date.now();
    const result = await open.client.callTool(
      // 2 s for progress every 50 ms: at least 4 notes even when a loaded machine delays timers
      { name: "wait_for_experiment", arguments: { experiment_id: "h", timeout_seconds: 2, interval_seconds: 0.05 } },
      { onprogress: (p) => progress.push(p.progress) },
    );
    const took = Date.now() - started;
    expect(result.structuredContent).toMatchObject({ status_name: "RUNNING", timed_out: true, reached: false });
    expect(took).toBeLessThan(10_000); // a hang guard: the poll itself never answers
    expect(progress.length).toBeGreaterThanOrEqual(4);
  });

  it("says the server did not answer when even the first poll hangs", async () => {
    const base = fakeClient();
    hang(base, 0);
    open = await connect(base);
    const started = Date.now();
    const answer = await call(open.client, "wait_for_experiment", { experiment_id: "h", timeout_seconds: 0.3 });
    expect(Date.now() - started).toBeLessThan(10_000); // a hang guard: the poll never answers
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/did not answer the status of h within 0.3 s/);
  });
});

describe("answer budget", () => {
  const total = (a: { text: string; structured: unknown }) => a.text.length + JSON.stringify(a.structured).length;

  it(`keeps text + structured content under ${TOTAL_CAP} characters (~20,000 tokens) for huge lists and results`, async () => {
    const base = fakeClient();
    const node = (i: number) => ({ name: `node-${i}`, properties: { note: "z".repeat(2_000) }, additional_properties: {}, architecture: "linux/amd64" });
    base.nodesBody = { node_pool_type: "CountableNodePool", node_pool_data: Array.from({ length: 3_000 }, (_, i) => node(i)), node_pool_metadata: null };
    const value = "v".repeat(200_000);
    const tasks = new PyDict(Array.from({ length: 40 }, (_, i) => [`task-${i}`, [new PyResult(i % 2 === 0, `${i}:${value}`)]] as const));
    const logs = Array.from({ length: 5_000 }, (_, i) => `log ${i} ${"y".repeat(200)}\n`);
    const result = Buffer.from(pickle([new PyResult(false, tasks), logs])).toString("base64");
    const deployments = Array.from({ length: 12 }, (_, i) => ({ node: node(i), execution_graph: "", result, error: "e".repeat(50_000) }));
    base.statuses.set("big", [{ status: 4, experiment: null, execution_result: deployments }]);
    open = await connect(base);
    const answers = [
      await call(open.client, "get_nodes", { limit: 500 }),
      await call(open.client, "get_experiment_status", { experiment_id: "big" }),
      await call(open.client, "get_experiment_results", { experiment_id: "big" }),
      await call(open.client, "describe_experiment", { experiment_id: "big" }),
    ];
    for (const answer of answers) {
      expect(answer.isError, answer.text.slice(0, 200)).toBe(false);
      expect(total(answer), answer.text.slice(0, 200)).toBeLessThanOrEqual(TOTAL_CAP);
    }
    // ~130 MB of status JSON decoded four times: ~30 s alone on a loaded 2-core machine.
  }, 120_000);
});

describe("secrets of a real backend", () => {
  it("include the password and token-like values of the authentication context", () => {
    const config = parseConfig([], {
      NETUNICORN_ENDPOINT: "http://127.0.0.1:9",
      NETUNICORN_LOGIN: "alice",
      NETUNICORN_PASSWORD: "pw-secret",
      NETUNICORN_AUTHENTICATION_CONTEXT: JSON.stringify({ lab: { api_token: "tok-0123456789", region: "eu" } }),
    });
    const backend = makeBackend(config);
    expect(backend.secrets).toEqual(["pw-secret", "tok-0123456789"]);
    expect(backend.description).not.toContain("pw-secret");
  });
});

describe("a tool call against a hung server", () => {
  const hangGetNodes = (base: FakeClient) => {
    base.getNodes = ((options?: { signal?: AbortSignal }) =>
      new Promise((_, reject) => options?.signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true }))) as never;
  };

  it("becomes a tool error at the call deadline, and the server keeps serving", async () => {
    const base = fakeClient();
    hangGetNodes(base);
    open = await connect(base, { callDeadlineMs: 200 });
    const started = Date.now();
    const answer = await call(open.client, "get_nodes");
    expect(Date.now() - started).toBeLessThan(10_000); // a hang guard: the poll never answers
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/get_nodes: no answer within 0.2 s/);
    expect((await call(open.client, "healthcheck")).structured).toEqual({ healthy: true });
  });

  it("lets wait_for_experiment use the whole wait it was asked for", async () => {
    const base = fakeClient();
    base.statuses.set("r", [fixture("status/running.json").body]);
    open = await connect(base, { callDeadlineMs: 100 });
    const answer = await call(open.client, "wait_for_experiment", { experiment_id: "r", timeout_seconds: 0.4, interval_seconds: 0.05 });
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.structured).toMatchObject({ status_name: "RUNNING", timed_out: true });
    expect(answer.structured.waited_seconds as number).toBeGreaterThanOrEqual(0.3);
  });
});

describe("prepare_experiment with hostile specs", () => {
  const deep = (levels: number) => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = [value];
    return value;
  };
  const specs: [string, () => Record<string, unknown>, boolean][] = [
    ["arguments nested 50,000 deep", () => ({ pipeline: [{ task: "a.B", args: [deep(50_000)] }] }), false],
    ["a __proto__ keyword argument", () => ({ pipeline: [{ task: "a.B", kwargs: JSON.parse('{"__proto__": {"polluted": 1}}') }] }), true],
    ["a keyword that is not an identifier", () => ({ pipeline: [{ task: "a.B", kwargs: { "x-y": 1 } }] }), false],
    ["two tasks with one name", () => ({ pipeline: [{ shell: ["a"], name: "same" }, { sleep: 1, name: "same" }] }), false],
    ["a negative sleep", () => ({ pipeline: [{ sleep: -1 }] }), false],
    ["a huge pipeline", () => ({ pipeline: Array.from({ length: 1000 }, () => [{ sleep: 0 }, { sleep: 0 }]) }), true],
  ];
  let counter = 0;
  it.each(specs)("%s: a clean answer, never a crash", async (_, makeSpec, ok) => {
    const spec = makeSpec();
    const backend = makeBackend(parseConfig([], { NETUNICORN_SANDBOX_FAST: "1" }));
    open = await connect(backend.client, { sandbox: true });
    const id = `hostile-${counter++}`;
    const answer = await call(open.client, "prepare_experiment", { experiment_id: id, nodes: { names: ["node-a"] }, ...spec });
    expect(answer.isError, answer.text.slice(0, 300)).toBe(!ok);
    expect(answer.text.length).toBeLessThan(30_000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // refused specs never reach the server (the wait tolerates the sandbox's short "not found" after prepare)
    const status = await call(open.client, "wait_for_experiment", { experiment_id: id, status: "READY", timeout_seconds: ok ? 10 : 0, interval_seconds: 0.05 });
    expect(status.isError, status.text).toBe(!ok);
  });
});

describe("the operator's console line", () => {
  it("hides credentials written into the endpoint URL", () => {
    const backend = makeBackend(parseConfig([], { NETUNICORN_ENDPOINT: "https://alice:s3cr3t-pw@netunicorn.example.org/" }));
    expect(backend.description).toBe("netunicorn server https://[redacted]@netunicorn.example.org/ as (no login)");
  });
});

describe("status tools on every real status body and on garbage", () => {
  const STATUS_TOOLS = ["get_experiment_status", "describe_experiment", "get_experiment_results", "wait_for_experiment"];
  const REAL = [
    "preparing_without_data", "preparing", "ready", "ready_image_given", "running", "finished_success",
    "finished_with_failures", "finished_by_value_result", "finished_error_string",
  ];
  it.each(REAL.map((f) => [f]))("%s: every status tool answers, and its structured content fits its schema", async (file) => {
    const base = fakeClient();
    base.statuses.set("e", [fixture(`status/${file}.json`).body]);
    open = await connect(base);
    for (const name of STATUS_TOOLS) {
      const args = name === "wait_for_experiment" ? { experiment_id: "e", timeout_seconds: 0 } : { experiment_id: "e" };
      const answer = await call(open.client, name, args); // the SDK client checks structuredContent against outputSchema
      expect(answer.isError, `${name}: ${answer.text.slice(0, 300)}`).toBe(false);
      expect(answer.text.length).toBeGreaterThan(0);
    }
  });

  const GARBAGE: [string, unknown][] = [
    ["an unknown status number", { status: 99, experiment: null, execution_result: null }],
    ["a null node", { status: 4, experiment: null, execution_result: [{ node: null, execution_graph: "", result: null, error: null }] }],
    ["a result that is not base64", { status: 4, experiment: null, execution_result: [{ node: { name: "n", properties: {}, additional_properties: {}, architecture: "linux/amd64" }, execution_graph: "", result: "!!!", error: null }] }],
    ["a result that is not a pickle", { status: 4, experiment: null, execution_result: [{ node: { name: "n", properties: {}, additional_properties: {}, architecture: "linux/amd64" }, execution_graph: "", result: btoa("hello"), error: null }] }],
    ["a deployment whose graph is garbage", { status: 2, execution_result: null, experiment: { deployment_map: [{ node: { name: "n", properties: {}, additional_properties: {}, architecture: "linux/amd64" }, prepared: true, executor_id: "x", error: null, execution_graph: btoa("\x80\x04junk"), environment_definition: { commands: [], runtime_context: { ports_mapping: {}, environment_variables: {}, network: null, additional_arguments: [] }, image: null, build_context: { python_version: "3.11.9", cloudpickle_version: null } }, environment_definition_type: "DockerImage", keep_alive_timeout_minutes: 10, cleanup: true }], deployment_context: null } }],
    ["a string", "hello"],
    ["null", null],
  ];
  it.each(GARBAGE)("%s: clean answers or tool errors, never a protocol failure", async (_, body) => {
    const base = fakeClient();
    base.statuses.set("e", [body]);
    open = await connect(base);
    for (const name of STATUS_TOOLS) {
      const args = name === "wait_for_experiment" ? { experiment_id: "e", timeout_seconds: 0 } : { experiment_id: "e" };
      const answer = await call(open.client, name, args);
      expect(typeof answer.text).toBe("string");
    }
    expect((await call(open.client, "healthcheck")).isError).toBe(false);
  });
});
