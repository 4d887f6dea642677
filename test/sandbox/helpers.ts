/** Shared helpers of the sandbox tests: fixtures, a manual clock, and one-line requests. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createManualClock, createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

export interface ExperimentFixture {
  experiment_name: string;
  body: { deployment_map: Record<string, unknown>[]; deployment_context: unknown };
}

export function experimentFixture(name: string): ExperimentFixture {
  return JSON.parse(readFileSync(join(FIXTURES, "experiments", `${name}.json`), "utf8")) as ExperimentFixture;
}

/** The transcripts' ShellExecution experiment shape, on the demo nodes, with a real graph. */
export function shellExperiment(nodes: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const graph = (experimentFixture("cycle_pipeline_shell").body.deployment_map[0] as { execution_graph: string }).execution_graph;
  return {
    deployment_map: nodes.map((name) => ({
      node: { name, properties: { connector: "local", "netunicorn-environments": ["ShellExecution", "DockerImage"] }, additional_properties: {}, architecture: "linux/amd64" },
      prepared: false,
      executor_id: "",
      error: null,
      execution_graph: graph,
      keep_alive_timeout_minutes: 10,
      cleanup: true,
      environment_definition: { commands: [], runtime_context: { ports_mapping: {}, environment_variables: {}, additional_arguments: [], network: null } },
      environment_definition_type: "ShellExecution",
      ...overrides,
    })),
    deployment_context: null,
  };
}

export const BASE = "http://sandbox.test";

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export interface TestServer {
  sandbox: Sandbox;
  clock: ReturnType<typeof createManualClock>;
  call(method: string, path: string, init?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Answer>;
  login(user?: string, password?: string): Promise<string>;
}

export function testServer(options: SandboxOptions = {}, fetcher?: (r: Request) => Promise<Response>, base = BASE): TestServer {
  const clock = createManualClock();
  // the status row appears at once (the sandbox's default, as the real server at its first read)
  // unless a test sets rowDelayMs to open the "not found" window a loaded server shows
  const sandbox = createSandbox({ now: clock.now, ...options, timing: { rowDelayMs: 0, ...options.timing } });
  const send = fetcher ?? sandbox.fetch;
  const call: TestServer["call"] = async (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token !== undefined) headers["authorization"] = `Bearer ${init.token}`;
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers["content-type"] ??= "application/json";
    }
    return answer(await send(new Request(base + path, { method, headers, body })));
  };
  const login = async (user = "demo", password = `${user}-password`): Promise<string> => {
    const a = await call("POST", "/api/v1/token", { raw: `username=${user}&password=${password}`, headers: { "content-type": "application/x-www-form-urlencoded" } });
    return (a.json as { access_token: string }).access_token;
  };
  return { sandbox, clock, call, login };
}
