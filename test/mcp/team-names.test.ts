/**
 * One server for a team keeps no sessions, yet a name a user prepared moments ago is refused on
 * that user's next request (issue 19, point 8): the memory of prepared names is kept per user
 * (by token hash), and one user's names do not block another's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHttp, serveHttp } from "../../mcp/transport/http.js";
import { type ServedSandbox, serveSandbox } from "../../node/sandbox/serve-sandbox.js";
import { createTeam } from "../../mcp/team.js";
import { call } from "./helpers.js";
import { clientWithToken, sandboxToken } from "./team-helpers.js";

let sandbox: ServedSandbox;
let http: RunningHttp;
beforeAll(async () => {
  // The server shows a new experiment only 1.5 s after its prepare.
  sandbox = await serveSandbox({ timing: { rowDelayMs: 1_500, preparationMs: 50, executionMs: 50, executorsStartMs: 10, cancelMs: 10 } });
  http = await serveHttp({ port: 0, perRequest: createTeam({ endpoint: sandbox.url, server: {} }) });
});
afterAll(async () => {
  await http?.close();
  await sandbox?.close();
});

const spec = (node: string) => ({ experiment_id: "team-dup", nodes: { names: [node] }, pipeline: [{ sleep: 1 }], environment: { type: "shell" } });

describe("per-user mode: a name prepared moments ago", () => {
  it("is refused on the same user's next request, and does not block another user's", async () => {
    const demo = await clientWithToken(http.url, await sandboxToken(sandbox.url, "demo"));
    const other = await clientWithToken(http.url, await sandboxToken(sandbox.url, "other"));
    try {
      expect((await call(demo, "prepare_experiment", spec("node-a"))).isError).toBe(false);
      const again = await call(demo, "prepare_experiment", spec("node-b"));
      expect(again.isError).toBe(true);
      expect(again.text).toMatch(/an experiment named "team-dup" already exists/);
      const theirs = await call(other, "prepare_experiment", spec("node-c"));
      expect(theirs.isError, theirs.text).toBe(false);
    } finally {
      await demo.close();
      await other.close();
    }
  }, 30_000);
});
