import { RemoteClient } from "../src/client/index.js";
import { createSandbox, DEMO_USERS } from "../src/sandbox/index.js";
import { getExperimentResults } from "../mcp/tools/results.js";
import { walkResults } from "./mcp-paging.js";
// reuse: build an experiment via walkResults is heavy; instead time tool.run directly after a walk on the same client is not exposed.
const FAST = { preparationMs: 50, executionMs: 100, executorsStartMs: 10, cancelMs: 10, rowDelayMs: 0 };
const nodes = Array.from({ length: 300 }, (_, i) => ({ name: `n-${i}`, properties: { "netunicorn-environments": ["ShellExecution"] }, additional_properties: {}, architecture: "linux/amd64" }));
const sandbox = createSandbox({ pool: { node_pool_type: "CountableNodePool", node_pool_data: nodes, node_pool_metadata: null }, timing: FAST });
const client = new RemoteClient({ endpoint: "http://x.invalid", login: "demo", password: DEMO_USERS.demo!.password, fetch: (i, n) => sandbox.fetch(new Request(i, n)) });
const { createMcpServer } = await import("../mcp/server.js");
const { Client, InMemoryTransport } = await import("@modelcontextprotocol/client");
const server = createMcpServer(client, {}); const [a, b] = InMemoryTransport.createLinkedPair(); const c = new Client({ name: "q", version: "1" }); await server.connect(b); await c.connect(a);
const call = (name: string, args: Record<string, unknown>) => c.callTool({ name, arguments: args });
await call("prepare_experiment", { experiment_id: "q", nodes: { filter: {}, count: 300 }, pipeline: [{ task: "Ping", args: { address: "127.0.0.1", count: 3 }, name: "ping" }], environment: { type: "shell" } });
await call("wait_for_experiment", { experiment_id: "q", status: "READY", interval_seconds: 0.02 });
await call("start_execution", { experiment_id: "q" });
await call("wait_for_experiment", { experiment_id: "q", interval_seconds: 0.02 });
await call("get_experiment_results", { experiment_id: "q", max_log_lines: 2 });
const ctx = { client, signal: new AbortController().signal } as never;
const args = (o: number) => ({ experiment_id: "q", offset: o, limit: 10, max_log_lines: 2, max_value_chars: 2000, only_failures: false });
for (let r = 0; r < 3; r++) {
  let t = performance.now(); for (let o = 10; o < 300; o += 10) await getExperimentResults.run(args(o) as never, ctx); const run = (performance.now() - t) / 29;
  t = performance.now(); for (let o = 10; o < 300; o += 10) await call("get_experiment_results", { experiment_id: "q", offset: o, limit: 10, max_log_lines: 2 }); const full = (performance.now() - t) / 29;
  console.log(`run ${run.toFixed(2)} ms/page, full call ${full.toFixed(2)} ms/page`);
}
process.exit(0);
