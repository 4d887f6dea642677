// The package root's public API, and how the client finds its fetch.
import { afterEach, describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import { clientFor } from "./helpers.js";
import { netunicorn, send, startServer, type TestServer } from "./server.js";

let server: TestServer;
afterEach(async () => server?.close());

describe("package root", () => {
  it("exports the client, the models, the status and every error class", () => {
    const names = [
      "RemoteClient",
      "Node",
      "Architecture",
      "Nodes",
      "CountableNodePool",
      "UncountableNodePool",
      "Experiment",
      "Deployment",
      "DockerImage",
      "ShellExecution",
      "RuntimeContext",
      "BuildContext",
      "ExperimentStatus",
      "ExperimentExecutionInformation",
      "DeploymentExecutionResult",
      "FlagValues",
      "NetunicornError",
      "UsageError",
      "HttpError",
      "AuthenticationError",
      "NetworkError",
      "TimeoutError",
      "AbortError",
      "ValidationError",
      "PickleError",
      "GraphValidationError",
    ];
    const exported = root as unknown as Record<string, unknown>;
    for (const name of names) expect(exported[name], name).toBeDefined();
    for (const name of names.filter((n) => n.endsWith("Error") && n !== "NetunicornError")) {
      expect((exported[name] as { prototype: object }).prototype, name).toBeInstanceOf(root.NetunicornError);
    }
    expect(root.ExperimentStatus).toEqual({ UNKNOWN: 0, PREPARING: 1, READY: 2, RUNNING: 3, FINISHED: 4 });
  });

  it("Nodes.fromJSON dispatches on node_pool_type; Experiment.fromJSON reads data from elsewhere", () => {
    const node = { name: "n", properties: {}, additional_properties: {}, architecture: "linux/amd64" };
    const countable = root.Nodes.fromJSON({ node_pool_type: "CountableNodePool", node_pool_data: [node], node_pool_metadata: null });
    const uncountable = root.Nodes.fromJSON({ node_pool_type: "UncountableNodePool", node_pool_data: [node], node_pool_metadata: Infinity });
    expect(countable).toBeInstanceOf(root.CountableNodePool);
    expect(uncountable).toBeInstanceOf(root.UncountableNodePool);
    expect(uncountable.take(2).map(String)).toEqual(["n1", "n2"]);
    expect(() => root.Nodes.fromJSON({ node_pool_type: "OtherPool", node_pool_data: [] })).toThrow(root.ValidationError);
    const experiment = root.Experiment.fromJSON({ deployment_map: [], deployment_context: null });
    expect(experiment).toBeInstanceOf(root.Experiment);
    expect(experiment.toJSON()).toEqual({ deployment_map: [], deployment_context: null });
  });
});

describe("fetch", () => {
  it("default: the global fetch, looked up at call time and called with globalThis as this", async () => {
    server = await startServer(netunicorn((_q, res) => send(res, 200, '"OK"')));
    const client = clientFor(server);
    const original = globalThis.fetch;
    const receivers: unknown[] = [];
    // A browser's fetch throws "Illegal invocation" when called detached from its window.
    globalThis.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      receivers.push(this);
      if (this !== globalThis) throw new TypeError("Illegal invocation");
      return original(input, init);
    } as typeof fetch;
    try {
      expect(await client.healthcheck()).toBe(true);
    } finally {
      globalThis.fetch = original;
    }
    expect(receivers).toHaveLength(2); // login, health
    expect(receivers.every((receiver) => receiver === globalThis)).toBe(true);
  });

  it("injected: every request goes through it, with a string URL and the init", async () => {
    server = await startServer(netunicorn((_q, res) => send(res, 200, '"OK"')));
    const seen: string[] = [];
    const client = clientFor(server, {
      fetch: (input, init) => {
        seen.push(`${init.method} ${input}`);
        return fetch(input, init);
      },
    });
    expect(await client.healthcheck()).toBe(true);
    expect(seen).toEqual([`POST ${server.url}/api/v1/token`, `GET ${server.url}/api/v1/health`]);
  });
});

describe("options", () => {
  it("refuses an endpoint that is not an http(s) URL and a negative timeout, before any request", () => {
    const make = (options: Record<string, unknown>) => () => new root.RemoteClient({ login: "demo", password: "pw-secret", ...options } as never);
    expect(make({ endpoint: "netunicorn.example.org" })).toThrow(root.UsageError);
    expect(make({ endpoint: "ftp://netunicorn.example.org" })).toThrow(/must be an http\(s\) URL/);
    expect(make({ endpoint: "http://127.0.0.1:9", timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(make({ endpoint: "http://127.0.0.1:9", timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
    expect(make({ endpoint: "http://127.0.0.1:9", timeoutMs: 0 })).not.toThrow();
  });

  it("a password that cannot be form-encoded is refused without appearing in the error", () => {
    const make = () => new root.RemoteClient({ endpoint: "http://127.0.0.1:9", login: "demo", password: "pw-secret\uD800" });
    expect(make).toThrow(root.UsageError);
    expect(make).toThrow(/`password` is not valid Unicode/);
    expect(make).not.toThrow(/pw-secret/);
  });

  it("a password written into the endpoint URL never appears in an error", async () => {
    const client = new root.RemoteClient({ endpoint: "http://alice:url-p%40ssword@127.0.0.1:9/", login: "demo", password: "pw-secret", retry: false });
    const error = (await client.getNodes().then(
      () => new Error("expected a rejection"),
      (e: unknown) => e as Error,
    ));
    expect(error).toBeInstanceOf(root.NetunicornError);
    const visible = `${error.message}\n${JSON.stringify(error)}`;
    expect(visible).not.toContain("url-p%40ssword");
    expect(visible).not.toContain("url-p@ssword");
  });
});
