// Every way an answer can go wrong, mapped to one NetunicornError that names the operation.
import { afterEach, describe, expect, it } from "vitest";
import {
  AbortError,
  AuthenticationError,
  HttpError,
  NetunicornError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from "../../src/index.js";
import { clientFor, failure, fixtureText } from "./helpers.js";
import { netunicorn, PASSWORD, send, sendJson, startServer, TOKEN, type TestServer } from "./server.js";

let server: TestServer;
afterEach(async () => server?.close());

async function serve(handler: Parameters<typeof netunicorn>[0]): Promise<TestServer> {
  server = await startServer(netunicorn(handler));
  return server;
}

describe("HTTP errors: the four body shapes", () => {
  it("400 with a JSON string", async () => {
    await serve((_q, res) => send(res, 400, '"Experiment foo not found"'));
    const error = await failure(clientFor(server).getExperimentStatus("foo"));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(NetunicornError);
    expect(error.message).toBe("getExperimentStatus failed: HTTP 400: Experiment foo not found");
    expect(error).toMatchObject({
      status: 400,
      serverMessage: "Experiment foo not found",
      body: '"Experiment foo not found"',
      method: "GET",
      url: `${server.url}/api/v1/experiment/foo`,
      operation: "getExperimentStatus",
    });
  });

  it("400 with a double-encoded string is unwrapped once more", async () => {
    await serve((_q, res) => send(res, 400, '"\\"Executors [] not found\\""'));
    const error = await failure(clientFor(server).cancelExperiment("long"));
    expect(error.serverMessage).toBe("Executors [] not found");
    expect(error.message).toBe("cancelExperiment failed: HTTP 400: Executors [] not found");
  });

  it("4xx with {detail: text}", async () => {
    await serve((_q, res) => sendJson(res, 400, { detail: "Couldn't parse the context: Expecting value" }));
    const error = await failure(clientFor(server).getNodes());
    expect(error.serverMessage).toBe("Couldn't parse the context: Expecting value");
  });

  it("422 with a detail list, rendered as loc: msg", async () => {
    await serve((_q, res) =>
      send(
        res,
        422,
        '{"detail":[{"loc":["body","int_value"],"msg":"value is not a valid integer","type":"type_error.integer"},{"loc":["body","text_value"],"msg":"str type expected","type":"type_error.str","input":5}]}',
      ),
    );
    const error = await failure(clientFor(server).setFlagValues("e", "f", { intValue: 1 }));
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(422);
    expect(error.serverMessage).toBe("body.int_value: value is not a valid integer; body.text_value: str type expected");
  });

  it("500 with a plain-text body and no content type", async () => {
    const text = "HTTPConnectionPool(host='127.0.0.1', port=26514): Max retries exceeded with url: /nodes/demo";
    await serve((_q, res) => send(res, 500, text, null));
    const error = await failure(clientFor(server).getNodes());
    expect(error.message).toBe(`getNodes failed: HTTP 500: ${text}`);
    expect(error.body).toBe(text);
  });

  it("an HTML 502 page from a proxy: its title, not the markup", async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{x:y}</style></head><body><h1>Bad Gateway</h1>${"<p>filler</p>".repeat(500)}</body></html>`;
    await serve((_q, res) => send(res, 502, page, "text/html; charset=utf-8"));
    const error = await failure(clientFor(server).getExperiments());
    expect(error.serverMessage).toBe("502 Bad Gateway");
    expect(error.message).toBe("getExperiments failed: HTTP 502: 502 Bad Gateway");
    expect(String(error.body).length).toBeLessThan(page.length + 100);
  });

  it("404 and 405 from FastAPI", async () => {
    await serve((_q, res) => sendJson(res, 405, { detail: "Method Not Allowed" }));
    const error = await failure(clientFor(server).deleteExperiment("x"));
    expect(error.message).toBe("deleteExperiment failed: HTTP 405: Method Not Allowed");
  });
});

describe("bad 2xx bodies", () => {
  it("truncated JSON: a ValidationError, never a SyntaxError", async () => {
    const text = fixtureText("status/running.json");
    await serve((_q, res) => send(res, 200, text.slice(0, 200)));
    const error = await failure(clientFor(server).getExperimentStatus("x"));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^getExperimentStatus failed: .*not valid JSON.*truncated/);
    expect(error.path).toBe("");
    expect(error.body).toBe(text.slice(0, 200));
  });

  it("a wrong-schema 200 names the path that failed", async () => {
    const body = JSON.parse(fixtureText("nodes/nested_pool.json")) as { node_pool_data: Array<Record<string, unknown>> };
    body.node_pool_data[1]!["name"] = 42;
    await serve((_q, res) => sendJson(res, 200, body));
    const error = await failure(clientFor(server).getNodes());
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.path).toBe("node_pool_data[1].name");
    expect(error.operation).toBe("getNodes");
    expect(error.message).toMatch(/^getNodes failed: .*node_pool_data\[1\]\.name/);
  });

  it("a 200 that is not a string where the name is expected", async () => {
    await serve((_q, res) => sendJson(res, 200, { name: "x" }));
    const error = await failure(clientFor(server).startExecution("x"));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.operation).toBe("startExecution");
  });

  it("a body cut short by the connection: a NetworkError", async () => {
    await serve((_q, res, socket) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
      res.write('{"status": 1, "experi');
      setTimeout(() => socket.destroy(), 20);
    });
    const error = await failure(clientFor(server).getExperimentStatus("x"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.operation).toBe("getExperimentStatus");
  });
});

describe("transport failures", () => {
  it("a reset connection: a NetworkError with its cause", async () => {
    await serve((_q, _res, socket) => {
      socket.destroy();
    });
    const error = await failure(clientFor(server).getExperiments());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/^getExperiments failed: no answer from GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/experiment: /);
    expect(error.cause).toBeDefined();
  });

  it("connection refused", async () => {
    await serve(() => {});
    const url = server.url;
    await server.close();
    const error = await failure(clientFor({ url } as TestServer).getNodes());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.operation).toBe("getNodes");
  });

  it("a server that never answers: TimeoutError after timeoutMs", async () => {
    await serve(() => {});
    const started = Date.now();
    const error = await failure(clientFor(server, { timeoutMs: 200 }).getNodes());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(200);
    expect(error.message).toMatch(/^getNodes failed: no complete answer from GET .* within 200 ms$/);
    expect(Date.now() - started).toBeLessThan(10_000); // a hang guard, not a speed goal
  });

  it("timeoutMs: 0 is no timeout: a request the server answers only after a pause succeeds", async () => {
    let answered = 0;
    await serve((_q, res) => {
      setTimeout(() => {
        answered++;
        send(res, 200, "{}");
      }, 300);
    });
    const experiments = await clientFor(server, { timeoutMs: 0 }).getExperiments();
    expect(experiments).toEqual(new Map());
    expect(answered).toBe(1);
  });

  it("headers sent, then the body stalls: still the timeout", async () => {
    await serve((_q, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"status"');
    });
    const error = await failure(clientFor(server, { timeoutMs: 200 }).getExperimentStatus("x"));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("the caller's signal: AbortError, before or during the request", async () => {
    await serve(() => {});
    const client = clientFor(server, { timeoutMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const during = await failure(client.getNodes({ signal: controller.signal }));
    expect(during).toBeInstanceOf(AbortError);
    expect(during.message).toBe("getNodes cancelled by the caller");
    const count = server.requests.length;
    const before = await failure(client.getExperiments({ signal: AbortSignal.abort() }));
    expect(before).toBeInstanceOf(AbortError);
    expect(server.requests.length).toBe(count);
  });
});

describe("authentication failures", () => {
  it("login refused: AuthenticationError with the server's words, naming the operation", async () => {
    await serve((_q, res) => send(res, 200, '"OK"'));
    const error = await failure(clientFor(server, { password: "wrong-password" }).getNodes());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe("getNodes failed: could not log in: HTTP 401: Incorrect username or token");
    expect(error.status).toBe(401);
    expect(server.calls()).toHaveLength(0);
  });

  it("login answered 422 (pydantic echoing the input) is an AuthenticationError too", async () => {
    server = await startServer((request, res) =>
      sendJson(res, 422, { detail: [{ loc: ["body", "password"], msg: "field required", type: "value_error.missing", input: request.body }] }),
    );
    const error = await failure(clientFor(server).getExperiments());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.serverMessage).toBe("body.password: field required");
  });

  it("a given token refused: reported at once, no login", async () => {
    server = await startServer((_q, res) => sendJson(res, 401, { detail: "Access token not found" }, { "www-authenticate": "Bearer" }));
    const client = clientFor(server, { token: "expired-token-1234" } as never);
    const error = await failure(client.getExperiments());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe("getExperiments failed: HTTP 401: Access token not found (the access token was refused)");
    expect(server.requests).toHaveLength(1);
  });
});

describe("secrets stay out of every error", () => {
  it("password and tokens never appear in messages, server messages or bodies", async () => {
    // A hostile server that echoes what it received in every error it sends.
    server = await startServer((request, res) => {
      const echo = `${request.body} ${String(request.headers["authorization"])}`;
      if (request.path === "/api/v1/token") {
        if (request.body.includes("wrong")) return sendJson(res, 401, { detail: `bad login ${echo}` });
        return sendJson(res, 200, { access_token: TOKEN, token_type: "bearer" });
      }
      if (request.path.endsWith("/html")) return send(res, 502, `<html><title>proxy ${echo}</title></html>`, "text/html");
      if (request.path.endsWith("/schema")) return sendJson(res, 200, { status: `${echo}`, experiment: null, execution_result: null });
      return send(res, 400, JSON.stringify(`refused ${echo}`));
    });
    const client = clientFor(server);
    const errors = [
      await failure(client.getExperimentStatus("plain")),
      await failure(client.getExperimentStatus("html")),
      await failure(client.getExperimentStatus("schema")),
      await failure(clientFor(server, { password: `wrong-${PASSWORD}` }).getNodes()),
      await failure(clientFor(server, { token: "given-token-9876" } as never).getNodes()),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(NetunicornError);
      const visible = [error.message, String(error), String(error.serverMessage ?? ""), String(error.body ?? ""), JSON.stringify(error)].join("\n");
      for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), TOKEN, "given-token-9876"]) expect(visible).not.toContain(secret);
    }
  });
});

describe("hostile bodies: an error or a value, never a crash or a hang", () => {
  const pool = (inner: string) => `{"node_pool_type": "CountableNodePool", "node_pool_data": [${inner}], "node_pool_metadata": null}`;

  it("JSON nested a million levels deep (with Python's Infinity, so the fallback reader runs)", async () => {
    await serve((_q, res) => send(res, 200, `${"[".repeat(1_000_000)}Infinity${"]".repeat(1_000_000)}`));
    const error = await failure(clientFor(server).getExperiments());
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^getExperiments failed: the response body is not valid JSON: nesting deeper than 1000 levels/);
    expect(String(error.body).length).toBeLessThan(20_000);
  });

  it("node pools nested 10,000 levels deep", async () => {
    let body = pool("");
    for (let i = 0; i < 10_000; i++) body = pool(body);
    await serve((_q, res) => send(res, 200, body));
    const error = await failure(clientFor(server).getNodes());
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^getNodes failed: Nodes\.fromJSON: pools nested deeper than 100 levels/);
  });

  it("bytes that are not UTF-8, in an error body and in a 2xx body", async () => {
    await serve((request, res) => {
      res.writeHead(request.path.endsWith("/start") ? 200 : 400, { "content-type": "application/json" });
      res.end(Buffer.from([0x22, 0x62, 0x61, 0x64, 0xff, 0xfe, 0xc3, 0x22]));
    });
    const error = await failure(clientFor(server).getExperimentStatus("x"));
    expect(error).toBeInstanceOf(HttpError);
    expect(error.serverMessage).toBe("bad\uFFFD\uFFFD\uFFFD");
    expect(await clientFor(server).startExecution("x")).toBe("bad\uFFFD\uFFFD\uFFFD");
  });

  it("a 40 MB error body: the message and the kept body stay short", async () => {
    await serve((_q, res) => send(res, 500, "x".repeat(40_000_000), "text/plain"));
    const error = await failure(clientFor(server).getNodes());
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message.length).toBeLessThan(700);
    expect(String(error.body).length).toBeLessThan(10_100);
  });
});
