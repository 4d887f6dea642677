// The token: one login at first use, shared by concurrent callers, renewed once after a 401.
import { afterEach, describe, expect, it } from "vitest";
import { AuthenticationError } from "../../src/index.js";
import { clientFor, failure, fixtureText } from "./helpers.js";
import { netunicorn, send, sendJson, startServer, type TestServer } from "./server.js";

let server: TestServer;
afterEach(async () => server?.close());

/** A server whose valid token changes at each login; requests with another token get 401. */
async function rotatingServer(): Promise<{ server: TestServer; expire: () => void }> {
  let issued = 0;
  let valid = "";
  const handler = netunicorn(
    (request, res) => {
      if (request.headers["authorization"] !== `Bearer ${valid}`) return sendJson(res, 401, { detail: "Access token not found" });
      return send(res, 200, fixtureText("flags/both.json"));
    },
    {
      token: () => {
        valid = `token-number-${++issued}`;
        return valid;
      },
    },
  );
  server = await startServer(handler);
  return { server, expire: () => (valid = "expired") };
}

describe("token handling", () => {
  it("steady state: one request per operation after a single login", async () => {
    await rotatingServer();
    const client = clientFor(server);
    for (let i = 0; i < 10; i++) await client.getFlagValues("exp", "f");
    expect(server.logins()).toHaveLength(1);
    expect(server.calls()).toHaveLength(10);
  });

  it("50 concurrent first calls share exactly one login", async () => {
    await rotatingServer();
    const client = clientFor(server);
    const results = await Promise.all(Array.from({ length: 50 }, () => client.getFlagValues("exp", "f")));
    expect(results.every((flags) => flags.intValue === -7)).toBe(true);
    expect(server.logins()).toHaveLength(1);
    expect(server.calls()).toHaveLength(50);
    expect(new Set(server.calls().map((r) => r.headers["authorization"]))).toEqual(new Set(["Bearer token-number-1"]));
  });

  it("token expiry mid-session: exactly one new login and one retry", async () => {
    const { expire } = await rotatingServer();
    const client = clientFor(server);
    await client.getFlagValues("exp", "f");
    expire();
    const flags = await client.getFlagValues("exp", "f");
    expect(flags.textValue).toBe("phase-2: measuring ✓");
    expect(server.requests.map((r) => `${r.path} ${String(r.headers["authorization"] ?? "-")}`)).toEqual([
      "/api/v1/token -",
      "/api/v1/experiment/exp/flag/f Bearer token-number-1",
      "/api/v1/experiment/exp/flag/f Bearer token-number-1",
      "/api/v1/token -",
      "/api/v1/experiment/exp/flag/f Bearer token-number-2",
    ]);
  });

  it("expiry seen by 20 concurrent calls: still one new login", async () => {
    const { expire } = await rotatingServer();
    const client = clientFor(server);
    await client.getFlagValues("exp", "f");
    expire();
    await Promise.all(Array.from({ length: 20 }, () => client.getFlagValues("exp", "f")));
    expect(server.logins()).toHaveLength(2);
  });

  it("a second 401 after logging in again is an AuthenticationError (no loop)", async () => {
    server = await startServer(netunicorn((_q, res) => sendJson(res, 401, { detail: "Access token not found" })));
    const error = await failure(clientFor(server).deleteExperiment("x"));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe("deleteExperiment failed: HTTP 401: Access token not found (still refused after logging in again)");
    expect(server.requests.map((r) => r.path)).toEqual(["/api/v1/token", "/api/v1/experiment/x", "/api/v1/token", "/api/v1/experiment/x"]);
  });

  it("a failed login is not cached: the next call logs in again", async () => {
    let refuse = true;
    server = await startServer((request, res) => {
      if (request.path === "/api/v1/token") {
        if (refuse) return sendJson(res, 401, { detail: "Incorrect username or token" });
        return sendJson(res, 200, { access_token: "fine-token", token_type: "bearer" });
      }
      return send(res, 200, '"OK"');
    });
    const client = clientFor(server);
    expect(await failure(client.healthcheck())).toBeInstanceOf(AuthenticationError);
    refuse = false;
    expect(await client.healthcheck()).toBe(true);
    expect(server.logins()).toHaveLength(2);
  });
});
