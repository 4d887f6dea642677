/**
 * Every exchange of the recorded transcripts (shared/transcripts), replayed against the sandbox
 * in-process: same statuses, same bodies (byte for byte where the real body is FastAPI's compact
 * JSON), same header quirks.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { shellExperiment, testServer, type TestServer } from "./helpers.js";

let s: TestServer;
let demo: string;
const FORM = { "content-type": "application/x-www-form-urlencoded" };

beforeEach(async () => {
  s = testServer({ timing: { preparationMs: 1000, executionMs: 3000, executorsStartMs: 500, cancelMs: 500 } });
  demo = await s.login();
});

describe("01 token", () => {
  it("refuses a wrong password and an unknown user with 401, www-authenticate and the real detail", async () => {
    for (const raw of ["username=demo&password=wrong", "username=nobody&password=x"]) {
      const a = await s.call("POST", "/api/v1/token", { raw, headers: FORM });
      expect(a.status).toBe(401);
      expect(a.headers.get("www-authenticate")).toBe("Bearer");
      expect(a.text).toBe('{"detail":"Incorrect username or token"}');
    }
  });

  it("answers 422 with pydantic v1 items for a missing field and for a JSON body", async () => {
    const missing = await s.call("POST", "/api/v1/token", { raw: "username=demo", headers: FORM });
    expect(missing.status).toBe(422);
    expect(missing.text).toBe('{"detail":[{"loc":["body","password"],"msg":"field required","type":"value_error.missing"}]}');
    const json = await s.call("POST", "/api/v1/token", { body: { username: "demo", password: "demo-password" } });
    expect(json.status).toBe(422);
    expect(json.text).toBe(
      '{"detail":[{"loc":["body","username"],"msg":"field required","type":"value_error.missing"},{"loc":["body","password"],"msg":"field required","type":"value_error.missing"}]}',
    );
  });

  it("returns a 22-character bearer token, the same one while it is valid", async () => {
    const a = await s.call("POST", "/api/v1/token", { raw: "username=demo&password=demo-password", headers: FORM });
    expect(a.status).toBe(200);
    expect(a.text).toBe(`{"access_token":"${demo}","token_type":"bearer"}`);
    expect(demo).toMatch(/^[A-Za-z0-9_-]{22}$/);
    s.clock.advance(23 * 3600 * 1000);
    expect(await s.login()).toBe(demo);
    s.clock.advance(23 * 3600 * 1000); // still valid: the second login extended the expiry
    expect(await s.login()).toBe(demo);
  });
});

describe("02-03 health, verify_token and auth errors", () => {
  it("health answers the JSON string OK", async () => {
    const a = await s.call("GET", "/api/v1/health", { token: demo });
    expect([a.status, a.text, a.headers.get("content-type")]).toEqual([200, '"OK"', "application/json"]);
  });

  it("verify_token answers 200 with an empty body and no content type", async () => {
    const a = await s.call("GET", "/api/v1/verify_token", { token: demo });
    expect([a.status, a.text, a.headers.get("content-type")]).toEqual([200, "", null]);
  });

  it("tells a missing header or another scheme from an unknown token", async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, "Not authenticated"],
      [{ authorization: "Basic ZGVtbzpkZW1vLXBhc3N3b3Jk" }, "Not authenticated"],
      [{ authorization: "Bearer garbage-token" }, "Access token not found"],
    ];
    for (const path of ["/api/v1/verify_token", "/api/v1/experiment", "/api/v1/health"]) {
      for (const [headers, text] of cases) {
        const a = await s.call("GET", path, { headers });
        expect(a.status).toBe(401);
        expect(a.headers.get("www-authenticate")).toBe("Bearer");
        expect(a.json).toEqual({ detail: text });
      }
    }
  });

  it("an expired token is not found, and the next login gives a new token", async () => {
    const other = await s.login("other");
    s.sandbox.expireToken("other");
    for (const path of ["/api/v1/verify_token", "/api/v1/experiment"]) {
      expect((await s.call("GET", path, { token: other })).text).toBe('{"detail":"Access token not found"}');
    }
    const fresh = await s.login("other");
    expect(fresh).not.toBe(other);
    expect((await s.call("GET", "/api/v1/verify_token", { token: fresh })).status).toBe(200);
  });

  it("a token expires after one day", async () => {
    s.clock.advance(24 * 3600 * 1000 + 1);
    expect((await s.call("GET", "/api/v1/verify_token", { token: demo })).status).toBe(401);
  });
});

describe("04 nodes", () => {
  it("ignores the header the Python client sends, malformed or not", async () => {
    const plain = await s.call("GET", "/api/v1/nodes", { token: demo });
    for (const value of ["{}", "{not json"]) {
      const a = await s.call("GET", "/api/v1/nodes", { token: demo, headers: { "netunicorn-authentication-context": value } });
      expect([a.status, a.text]).toEqual([200, plain.text]);
    }
    expect(plain.text.startsWith('{"node_pool_type": "CountableNodePool", "node_pool_data": [{"node_pool_type": "CountableNodePool"')).toBe(true);
  });

  it("parses the header the server reads (netunicorn-auth-context) and refuses bad JSON with 400", async () => {
    const a = await s.call("GET", "/api/v1/nodes", { token: demo, headers: { "netunicorn-auth-context": "{not json" } });
    expect(a.status).toBe(400);
    expect(a.json).toEqual({ detail: "Couldn't parse the context: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)" });
  });
});

describe("05 prepare errors", () => {
  const prepare = (raw: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    s.call("POST", "/api/v1/experiment/bad/prepare", { token: demo, raw, headers });

  it("reports unparsable bodies with Python's messages", async () => {
    expect((await prepare("{this is not json")).text).toBe(
      '{"detail":"Couldn\'t parse experiment from the provided data: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"}',
    );
    expect((await prepare('{"hello": "world"}')).text).toBe('{"detail":"Couldn\'t parse experiment from the provided data: \'deployment_map\'"}');
    const empty = await prepare("", {});
    expect([empty.status, empty.text]).toEqual([400, '{"detail":"Couldn\'t parse experiment from the provided data: Expecting value: line 1 column 1 (char 0)"}']);
  });

  it("refuses an environment the node does not support, with the dataclass repr", async () => {
    const body = shellExperiment(["node-a"]);
    ((body.deployment_map as { node: { properties: Record<string, unknown> } }[])[0] as { node: { properties: Record<string, unknown> } }).node.properties["netunicorn-environments"] = ["DockerImage"];
    const a = await prepare(JSON.stringify(body));
    expect(a.status).toBe(400);
    expect(a.text).toBe(
      '"Environment ShellExecution(commands=[], runtime_context=RuntimeContext(ports_mapping={}, environment_variables={}, network=None, additional_arguments=[])) is not available on node node-a"',
    );
  });

  it("refuses additional arguments for a non-sudo user, accepts them for sudo", async () => {
    const body = shellExperiment(["node-a"], {
      environment_definition: { commands: [], runtime_context: { ports_mapping: {}, environment_variables: {}, additional_arguments: ["--privileged"], network: null } },
    });
    const a = await prepare(JSON.stringify(body));
    expect([a.status, a.json]).toEqual([400, "This user is not allowed to use additional arguments in runtime context"]);
    const admin = await s.login("admin");
    const b = await s.call("POST", "/api/v1/experiment/bad/prepare", { token: admin, body });
    expect([b.status, b.json]).toEqual([200, "bad"]);
  });

  it("creates nothing when prepare fails", async () => {
    await prepare("{}");
    const a = await s.call("GET", "/api/v1/experiment/bad", { token: demo });
    expect([a.status, a.text]).toEqual([400, '"Experiment bad not found"']);
  });
});

describe("06 prepare, start, finish", () => {
  it("walks PREPARING → READY → RUNNING → FINISHED with the real refusals on the way", async () => {
    const name = "smoke-144000";
    const p = await s.call("POST", `/api/v1/experiment/${name}/prepare`, { token: demo, body: shellExperiment(["node-a", "node-b"]) });
    expect([p.status, p.text]).toEqual([200, `"${name}"`]);
    const early = await s.call("POST", `/api/v1/experiment/${name}/start`, { token: demo });
    expect([early.status, early.json]).toEqual([400, `Experiment ${name} is not ready to start. Current status: ExperimentStatus.PREPARING`]);
    const preparing = (await s.call("GET", `/api/v1/experiment/${name}`, { token: demo })).json as Status;
    expect(preparing.status).toBe(1);
    const ids = preparing.experiment.deployment_map.map((d) => d.executor_id);
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    expect(preparing.experiment.deployment_map[0]?.environment_definition.runtime_context.environment_variables).toEqual({
      NETUNICORN_EXECUTOR_ID: ids[0],
      NETUNICORN_EXPERIMENT_ID: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(preparing.execution_result).toBeNull();
    // a second prepare answers 200 and changes nothing
    await s.call("POST", `/api/v1/experiment/${name}/prepare`, { token: demo, body: shellExperiment(["node-c"]) });
    s.clock.advance(1000);
    const ready = (await s.call("GET", `/api/v1/experiment/${name}`, { token: demo })).json as Status;
    expect([ready.status, ready.experiment.deployment_map.map((d) => d.executor_id)]).toEqual([2, ids]);
    expect((await s.call("POST", `/api/v1/experiment/${name}/start`, { token: demo })).text).toBe(`"${name}"`);
    const again = await s.call("POST", `/api/v1/experiment/${name}/start`, { token: demo });
    expect(again.json).toBe(`Experiment ${name} is not ready to start. Current status: ExperimentStatus.RUNNING`);
    const del = await s.call("DELETE", `/api/v1/experiment/${name}`, { token: demo });
    expect([del.status, del.json]).toEqual([400, `Experiment ${name} for user demo is in status ExperimentStatus.RUNNING, cannot delete it`]);
    expect(((await s.call("GET", `/api/v1/experiment/${name}`, { token: demo })).json as Status).execution_result).toBeNull();
    s.clock.advance(500);
    const running = (await s.call("GET", `/api/v1/experiment/${name}`, { token: demo })).json as Status;
    expect(running.status).toBe(3);
    expect(running.execution_result).toEqual([
      expect.objectContaining({ error: null, result: null }),
      expect.objectContaining({ error: null, result: null }),
    ]);
    s.clock.advance(2500);
    const done = await s.call("GET", `/api/v1/experiment/${name}`, { token: demo });
    const finished = done.json as Status;
    expect(finished.status).toBe(4);
    expect(finished.execution_result.map((r) => [r.node.name, r.error, typeof r.result])).toEqual([
      ["node-a", null, "string"],
      ["node-b", null, "string"],
    ]);
    // execution_result items come back from jsonb: shorter keys first
    expect(done.text).toContain('"execution_result": [{"node": {"name": "node-a", "properties": {"connector": "local", "netunicorn-environments": ["ShellExecution", "DockerImage"]}, "architecture": "linux/amd64", "additional_properties": {}}, "error": null, "result": "gAWV');
    const late = await s.call("POST", `/api/v1/experiment/${name}/start`, { token: demo });
    expect(late.json).toBe(`Experiment ${name} is not ready to start. Current status: ExperimentStatus.FINISHED`);
    for (const [method, path] of [["GET", ""], ["POST", "/start"]] as const) {
      const a = await s.call(method, `/api/v1/experiment/does-not-exist${path}`, { token: demo });
      expect([a.status, a.text]).toEqual([400, '"Experiment does-not-exist not found"']);
    }
  });
});

export interface Status {
  status: number;
  experiment: { deployment_map: { executor_id: string; environment_definition: { runtime_context: { environment_variables: Record<string, string> } } }[] };
  execution_result: { node: { name: string }; error: string | null; result: string | null }[];
}

describe("07 flags", () => {
  beforeEach(async () => {
    await s.call("POST", "/api/v1/experiment/smoke/prepare", { token: demo, body: shellExperiment(["node-a"]) });
  });
  const flag = (f: string, init: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}, method = "POST", exp = "smoke") =>
    s.call(method, `/api/v1/experiment/${exp}/flag/${f}`, { token: demo, ...init });

  it("sets and reads flags with the server's defaults", async () => {
    const set = await flag("flag1", { body: { text_value: "hello", int_value: 5 } });
    expect([set.status, set.text, set.headers.get("content-type")]).toEqual([200, "null", "application/json"]);
    expect((await flag("flag1", {}, "GET")).text).toBe('{"text_value": "hello", "int_value": 5}');
    await flag("flag2", { body: { text_value: null, int_value: 7 } });
    expect((await flag("flag2", {}, "GET")).text).toBe('{"text_value": null, "int_value": 7}');
    await flag("flag3", { body: { text_value: "only-text" } });
    expect((await flag("flag3", {}, "GET")).text).toBe('{"text_value": "only-text", "int_value": 0}');
    expect((await flag("flag4", { body: {} })).status).toBe(200);
    expect((await flag("flag4", {}, "GET")).json).toEqual({ text_value: null, int_value: 0 });
  });

  it("refuses bad payloads with the real 422 bodies", async () => {
    const cases: [string, string, Record<string, string>, string][] = [
      ['{"text_value": "x", "int_value": "abc"}', "json", {}, '{"detail":[{"loc":["body","int_value"],"msg":"value is not a valid integer","type":"type_error.integer"}]}'],
      ['{"text_value": null, "int_value": null}', "json", {}, '{"detail":[{"loc":["body","int_value"],"msg":"none is not an allowed value","type":"type_error.none.not_allowed"}]}'],
      ['"hello"', "json", {}, '{"detail":[{"loc":["body"],"msg":"value is not a valid dict","type":"type_error.dict"}]}'],
      ["nope", "json", {}, '{"detail":[{"loc":["body",0],"msg":"Expecting value: line 1 column 1 (char 0)","type":"value_error.jsondecode","ctx":{"msg":"Expecting value","doc":"nope","pos":0,"lineno":1,"colno":1}}]}'],
      ["", "none", {}, '{"detail":[{"loc":["body"],"msg":"field required","type":"value_error.missing"}]}'],
    ];
    for (const [raw, kind, extra, expected] of cases) {
      const headers = kind === "json" ? { "content-type": "application/json", ...extra } : extra;
      const a = await flag("bad", { raw, headers });
      expect([a.status, a.text]).toEqual([422, expected]);
    }
  });

  it("answers 400 for a flag never set and for an unknown experiment", async () => {
    expect((await flag("never-set", {}, "GET")).text).toBe('"Flag never-set not found for experiment smoke"');
    expect((await flag("flag1", {}, "GET", "nope")).text).toBe('"Experiment nope not found"');
    expect((await flag("flag1", { body: { int_value: 1 } }, "POST", "nope")).text).toBe('"Experiment nope not found"');
  });
});
