/**
 * The served sandbox fed bytes no client library would send: broken request lines, a Host header
 * that is no host, an unparsable target, a bad chunk, a peer that hangs up mid-body. Each gets an
 * HTTP answer (or a closed socket) and the server keeps serving.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSandbox, type ServedSandbox } from "../../node/sandbox/serve-sandbox.js";

let served: ServedSandbox;

beforeAll(async () => {
  served = await serveSandbox({});
});

afterAll(async () => {
  await served.close();
});

/** Writes `data` on a fresh socket; answers what came back once complete, or when the server closed or `waitMs` passed (a hang guard, generous for a loaded machine). */
function exchange(data: string | Buffer, waitMs = 15_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(served.url).port), "127.0.0.1");
    let received = "";
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(finish, waitMs);
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      // one complete answer is enough
      const length = /content-length: (\d+)/i.exec(received)?.[1];
      const head = received.indexOf("\r\n\r\n");
      if (head >= 0 && (length === undefined || received.length >= head + 4 + Number(length))) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.write(data);
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

describe("hostile bytes on the socket", () => {
  it("answers each with an HTTP status, never a 500", async () => {
    const cases: Array<[string, string | Buffer, number]> = [
      ["a request line that is not HTTP", "HELLO\r\n\r\n", 400],
      ["a Host header that is no host name", "GET /api/v1/health HTTP/1.1\r\nHost: a b\r\n\r\n", 401],
      ["a target no URL can hold", "GET http://[bad HTTP/1.1\r\nHost: x\r\n\r\n", 400],
      ["an absolute-form target", "GET http://elsewhere.example/api/v1/nodes HTTP/1.1\r\nHost: x\r\n\r\n", 401],
      ["a protocol-relative target", "GET //elsewhere.example/api/v1/nodes HTTP/1.1\r\nHost: x\r\n\r\n", 401],
      ["OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 404],
      ["a bad chunk", "POST /api/v1/experiment/a/prepare HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\nabc\r\n", 400],
      [
        "a header value that is not UTF-8",
        Buffer.concat([Buffer.from("GET /api/v1/nodes HTTP/1.1\r\nHost: x\r\nnetunicorn-auth-context: "), Buffer.from([0xff, 0xfe]), Buffer.from("\r\n\r\n")]),
        401,
      ],
    ];
    for (const [what, data, status] of cases) expect(statusOf(await exchange(data)), what).toBe(status);
    const unreadable = await exchange("GET http://[bad HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(unreadable.endsWith("Invalid HTTP request received.")).toBe(true);
  });

  it("redirects a request whose Host is no host name to the port it listens on (not the port it was asked for)", async () => {
    const answer = await exchange("GET /api/v1/health/ HTTP/1.1\r\nHost: a b\r\n\r\n");
    expect(statusOf(answer)).toBe(307);
    expect(/^location: (.*)$/im.exec(answer)?.[1]?.trim()).toBe(`${served.url}/api/v1/health`);
  });

  it("survives a peer hanging up mid-body, and keeps serving", async () => {
    await exchange("POST /api/v1/experiment/a/prepare HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nContent-Type: application/json\r\n\r\n{\"a\":", 50);
    const login = await fetch(`${served.url}/api/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=demo&password=demo-password" });
    expect(login.status).toBe(200);
    const { access_token: token } = (await login.json()) as { access_token: string };
    const health = await fetch(`${served.url}/api/v1/health`, { headers: { authorization: `Bearer ${token}` } });
    expect([health.status, await health.text()]).toEqual([200, '"OK"']);
  });
});
