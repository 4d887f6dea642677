// The console server's forward: only /api/v1/… reaches the one configured endpoint. Requests are
// written as raw HTTP (no client normalises them first) against a recording upstream, while a
// second "evil" server records anything that leaks past the console.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningConsole, serveConsole } from "../../console/server/serve-console.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

function recorder(answer: (url: string, res: import("node:http").ServerResponse) => void): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    req.resume();
    answer(req.url ?? "", res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen })));
}

/** One request as raw bytes; resolves with the status code and the body. */
function raw(port: number, method: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.on("data", (chunk) => (data += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), text: data }));
    const lines = Object.entries({ host: `127.0.0.1:${port}`, connection: "close", ...headers }).map(([k, v]) => `${k}: ${v}`);
    socket.write(`${method} ${target} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`);
  });
}

let upstream: Awaited<ReturnType<typeof recorder>>;
let evil: Awaited<ReturnType<typeof recorder>>;
let console_: RunningConsole;
let staticDir: string;

beforeAll(async () => {
  evil = await recorder((_url, res) => res.writeHead(200).end("evil"));
  upstream = await recorder((url, res) => {
    if (url.includes("redirect")) return void res.writeHead(302, { location: `${evil.url}/api/v1/nodes` }).end();
    res.writeHead(200, { "content-type": "application/json", "set-cookie": "upstream=1" }).end(JSON.stringify({ url }));
  });
  staticDir = mkdtempSync(join(tmpdir(), "console-static-"));
  writeFileSync(join(staticDir, "index.html"), "<!doctype html><title>console</title>");
  writeFileSync(join(staticDir, "secret.txt"), "not served");
  console_ = await serveConsole({ port: 0, endpoint: `${upstream.url}/base`, staticDir });
});

afterAll(async () => {
  await console_?.close();
  for (const s of [upstream, evil]) await new Promise((resolve) => s?.server.close(resolve));
  rmSync(staticDir, { recursive: true, force: true });
});

beforeEach(() => {
  upstream.seen.length = 0;
  evil.seen.length = 0;
});

describe("the console's forward", () => {
  it("listens on loopback and forwards /api/v1/… under the endpoint's path, query included", async () => {
    expect(console_.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const answer = await raw(console_.port, "GET", "/api/v1/experiment/a+b%C3%A9/result?days=14");
    expect(answer.status).toBe(200);
    expect(upstream.seen.map((s) => s.url)).toEqual(["/base/api/v1/experiment/a+b%C3%A9/result?days=14"]);
  });

  const refused = [
    "/api/v1/../../secret",
    "/api/v1/nodes/..",
    "/api/v1/./nodes",
    "/api/v1/%2e%2e/%2e%2e/secret",
    "/api/v1/%2E%2E/secret",
    "/api/v1/.%2e/secret",
    "/api/v1/a%2Fb",
    "/api/v1/a%2f..%2f..%2fsecret",
    "/api/v1/a%5C..%5Csecret",
    "/api/v1/a\\..\\..\\secret",
    "/api/v1//evil.example/x",
    "/api/v1/%00",
    "/api/v1/x#fragment",
    "/api/v1/x?next=%2e%2e",
    "/api/v1/",
  ];
  it.each(refused)("refuses %s before anything leaves the console", async (target) => {
    const answer = await raw(console_.port, "GET", target);
    expect(answer.status).toBe(400);
    expect(upstream.seen).toEqual([]);
  });

  const notForwarded = (evilUrl: () => string): string[] => [
    "//evil.example/api/v1/nodes",
    `${evilUrl()}/api/v1/nodes`,
    "http://evil.example/api/v1/nodes",
    "/API/v1/nodes",
    "/api/v2/nodes",
    "/api/v1",
    "/secret.txt",
    "/../secret.txt",
    "*",
  ];
  it("answers other targets (absolute URLs, other prefixes, files) from the console itself, never upstream", async () => {
    for (const target of notForwarded(() => evil.url)) {
      const answer = await raw(console_.port, "GET", target);
      expect(answer.status, target).toBeGreaterThanOrEqual(400);
    }
    expect(upstream.seen).toEqual([]);
    expect(evil.seen).toEqual([]);
  });

  it("never tunnels: CONNECT is refused and reaches nobody", async () => {
    const host = evil.url.replace("http://", "");
    const answer = await raw(console_.port, "CONNECT", host, { host });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    const again = await raw(console_.port, "CONNECT", host);
    expect(again.status).toBe(405);
    expect(evil.seen).toEqual([]);
    expect(upstream.seen).toEqual([]);
  });

  it("refuses other methods on /api/v1/", async () => {
    expect((await raw(console_.port, "TRACE", "/api/v1/nodes")).status).toBe(405);
    expect(upstream.seen).toEqual([]);
  });

  it("adds no credentials of its own and passes on only the API's headers", async () => {
    await raw(console_.port, "GET", "/api/v1/nodes", { cookie: "console=secret", "x-forwarded-for": "1.2.3.4" });
    await raw(console_.port, "GET", "/api/v1/nodes", { authorization: "Bearer browser-token", "netunicorn-authentication-context": "{}" });
    const [bare, withToken] = upstream.seen;
    expect(bare?.headers.authorization).toBeUndefined();
    expect(bare?.headers.cookie).toBeUndefined();
    expect(bare?.headers["x-forwarded-for"]).toBeUndefined();
    expect(withToken?.headers.authorization).toBe("Bearer browser-token");
    expect(withToken?.headers["netunicorn-authentication-context"]).toBe("{}");
  });

  it("does not pass the upstream's cookies back, and does not follow or relay redirects", async () => {
    const ok = await raw(console_.port, "GET", "/api/v1/nodes");
    expect(ok.text.toLowerCase()).not.toContain("set-cookie");
    const redirected = await raw(console_.port, "GET", "/api/v1/redirect");
    expect(redirected.status).toBe(502);
    expect(redirected.text.toLowerCase()).not.toContain("location:");
    expect(evil.seen).toEqual([]);
  });

  it("answers only its own Host and Origin (the MCP server's checks against DNS rebinding)", async () => {
    const { port } = console_;
    expect((await raw(port, "GET", "/api/v1/nodes", { host: "evil.example" })).status).toBe(403);
    expect((await raw(port, "GET", "/api/v1/nodes", { host: `evil.example:${port}` })).status).toBe(403);
    expect((await raw(port, "GET", "/", { host: "evil.example" })).status).toBe(403);
    expect((await raw(port, "POST", "/api/v1/token", { origin: "http://evil.example" })).status).toBe(403);
    expect((await raw(port, "GET", "/api/v1/nodes", { origin: `https://127.0.0.1:${port}` })).status).toBe(403);
    expect(upstream.seen).toEqual([]);
    expect((await raw(port, "GET", "/api/v1/nodes", { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it("serves only the built files, with a policy that keeps the page on its own origin", async () => {
    const page = await raw(console_.port, "GET", "/");
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/content-security-policy: default-src 'none';[^\r]*connect-src 'self'/i);
    expect((await raw(console_.port, "GET", "/secret.txt")).status).toBe(404);
  });

  it("refuses an endpoint that carries credentials", async () => {
    await expect(serveConsole({ endpoint: "http://user:pw@127.0.0.1:1/", staticDir })).rejects.toThrow(/credentials/);
  });
});

describe("the console against its in-process sandbox", () => {
  it("logs in through the forward and reports a wrong password in the server's words", async () => {
    const sandboxed = await serveConsole({ port: 0, staticDir });
    try {
      expect(sandboxed.sandbox).toBe(true);
      const post = (body: string): Promise<Response> =>
        fetch(`${sandboxed.url}api/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
      const good = await post("username=demo&password=demo-password");
      expect(good.status).toBe(200);
      expect(await good.json()).toHaveProperty("access_token");
      const bad = await post("username=demo&password=nope");
      expect(bad.status).toBe(401);
      expect(await bad.json()).toEqual({ detail: expect.stringMatching(/incorrect/i) });
    } finally {
      await sandboxed.close();
    }
  });
});
