/** The full lifecycle of one experiment through MCP tools: prepare → wait → start → wait → results. */
import type { Client } from "@modelcontextprotocol/client";
import { expect } from "vitest";
import { call } from "./helpers.js";

export const PING_SPEC = (experimentId: string) => ({
  experiment_id: experimentId,
  nodes: { names: ["node-a", "node-b"] },
  pipeline: [{ shell: ["ping", "-c", "1", "127.0.0.1"], name: "ping" }, [{ sleep: 1, name: "nap" }, { task: "netunicorn.library.tasks.basic.DummyTask", name: "dummy" }]],
  environment: { type: "docker" },
});

const FAST_WAIT = { interval_seconds: 0.05, timeout_seconds: 30 };

export async function runLifecycle(client: Client, experimentId: string): Promise<Record<string, unknown>> {
  const prepared = await call(client, "prepare_experiment", PING_SPEC(experimentId));
  expect(prepared.isError, prepared.text).toBe(false);
  expect(prepared.structured).toMatchObject({ experiment_id: experimentId, node_count: 2, tasks: ["ping", "nap", "dummy"] });

  const ready = await call(client, "wait_for_experiment", { experiment_id: experimentId, status: "READY", ...FAST_WAIT });
  expect(ready.structured, ready.text).toMatchObject({ status_name: "READY", reached: true });

  const started = await call(client, "start_execution", { experiment_id: experimentId });
  expect(started.structured, started.text).toEqual({ experiment_id: experimentId, started: true });

  // Progress notifications travel back over the transport while the tool call is pending.
  const progress: string[] = [];
  const finished = await client.callTool({ name: "wait_for_experiment", arguments: { experiment_id: experimentId, ...FAST_WAIT } }, {
    onprogress: (p) => progress.push(String(p.message)),
  });
  expect(finished.structuredContent).toMatchObject({ status_name: "FINISHED", reached: true });
  expect(progress.length).toBeGreaterThan(0);
  expect(progress[0]).toMatch(new RegExp(`^${experimentId}: (RUNNING|READY) after`));

  const results = await call(client, "get_experiment_results", { experiment_id: experimentId });
  expect(results.isError, results.text).toBe(false);
  const deployments = results.structured.deployments as { node: string; ok: boolean; tasks: { name: string }[] }[];
  expect(deployments.map((d) => d.node).sort()).toEqual(["node-a", "node-b"]);
  for (const d of deployments) {
    expect(d.ok).toBe(true);
    expect(d.tasks.map((t) => t.name).sort()).toEqual(["dummy", "nap", "ping"]);
  }
  return results.structured;
}
