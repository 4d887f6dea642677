/**
 * `npx tsx bench/mcp.bench.ts`: what the MCP layer adds to a call. The same BaseClient (a
 * RemoteClient over the in-process sandbox) is called directly and through an MCP tool
 * (SDK Client ↔ InMemoryTransport ↔ our server), alternating, in the same run; the figures
 * are medians per call and the added latency (tool − direct).
 */
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/client";
import { makeBackend } from "../mcp/backend.js";
import { parseConfig } from "../mcp/config.js";
import { createMcpServer } from "../mcp/server.js";
import { pagingLine, walkResults } from "./mcp-paging.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);
const WARMUP = 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const backend = makeBackend(parseConfig([], { NETUNICORN_SANDBOX_FAST: "1" }));
  const base = backend.client;
  const server = createMcpServer(base, { sandbox: true });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench", version: "1.0.0" });
  await server.connect(b);
  await client.connect(a);

  // One finished experiment, so status answers carry a full experiment and results.
  const prepared = await client.callTool({
    name: "prepare_experiment",
    arguments: { experiment_id: "bench", nodes: { names: ["node-a", "node-b"] }, pipeline: [{ shell: ["echo", "hi"], name: "echo" }] },
  });
  if (prepared.isError) throw new Error(JSON.stringify(prepared.content));
  await client.callTool({ name: "wait_for_experiment", arguments: { experiment_id: "bench", status: "READY", interval_seconds: 0.02 } });
  await client.callTool({ name: "start_execution", arguments: { experiment_id: "bench" } });
  await client.callTool({ name: "wait_for_experiment", arguments: { experiment_id: "bench", interval_seconds: 0.02 } });

  const cases: { name: string; direct: () => Promise<unknown>; tool: () => Promise<unknown> }[] = [
    { name: "healthcheck", direct: () => base.healthcheck(), tool: () => client.callTool({ name: "healthcheck", arguments: {} }) },
    {
      name: "get_experiment_status",
      direct: () => base.getExperimentStatus("bench"),
      tool: () => client.callTool({ name: "get_experiment_status", arguments: { experiment_id: "bench" } }),
    },
    { name: "get_nodes", direct: () => base.getNodes(), tool: () => client.callTool({ name: "get_nodes", arguments: {} }) },
  ];

  console.log(`MCP tool call vs direct client call, in-process sandbox, ${ROUNDS} alternating rounds each (medians)`);
  for (const c of cases) {
    for (let i = 0; i < WARMUP; i++) {
      await c.direct();
      await c.tool();
    }
    const direct: number[] = [];
    const tool: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      direct.push(await timed(c.direct));
      tool.push(await timed(c.tool));
    }
    const d = median(direct);
    const t = median(tool);
    console.log(
      `${c.name.padEnd(22)} direct ${(d * 1000).toFixed(0).padStart(6)} µs   tool ${(t * 1000).toFixed(0).padStart(6)} µs   ` +
        `added ${((t - d) * 1000).toFixed(0).padStart(6)} µs   ratio ${(t / d).toFixed(2)}x`,
    );
  }
  await client.close();
  await server.close();
  await paging();
}

/** Walking every page of get_experiment_results (10 a page): linear shows as ~10× the time for 10× the deployments. */
async function paging(): Promise<void> {
  console.log("\nget_experiment_results, every page of a FINISHED library-Ping experiment (limit 10)");
  const small = await walkResults(100);
  const large = await walkResults(1000);
  for (const figures of [small, large]) console.log(pagingLine(figures));
  console.log(`growth 100 → 1,000 deployments: walk ×${(large.walkMs / small.walkMs).toFixed(1)} (linear ≈ ×10, quadratic ≈ ×100)`);
}

await main();
