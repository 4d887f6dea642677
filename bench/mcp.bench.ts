/**
 * `npx tsx bench/mcp.bench.ts`: what the MCP layer adds to a call. The same BaseClient (a
 * RemoteClient over the in-process sandbox) is called directly and through an MCP tool
 * (SDK Client ↔ InMemoryTransport ↔ our server), alternating, in the same run; the figures
 * are medians per call and the added latency (tool − direct). Then get_nodes over a 100,000-node
 * pool: the first page, and every page in turn (each page is cut from the listing the first one
 * read, so walking them all costs one read of the pool plus what the pages hold).
 */
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/client";
import { makeBackend } from "../mcp/backend.js";
import { parseConfig } from "../mcp/config.js";
import { createMcpServer } from "../mcp/server.js";
import { pagingLine, walkResults } from "./mcp-paging.js";
import { RemoteClient } from "../src/client/index.js";
import { createSandbox } from "../src/sandbox/index.js";

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

/** get_nodes over a big pool: the first page, then every page (limit 500), against one direct getNodes. */
async function bigPool(count: number): Promise<void> {
  const pool = {
    node_pool_type: "CountableNodePool" as const,
    node_pool_metadata: null,
    node_pool_data: Array.from({ length: count }, (_, i) => ({
      name: `node-${i}`,
      properties: { "netunicorn-environments": ["DockerImage", "ShellExecution"], connector: "lab" },
      additional_properties: {},
      architecture: i % 2 ? "linux/arm64" : "linux/amd64",
    })),
  };
  const sandbox = createSandbox({ pool });
  const base = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "admin", password: "admin-password", fetch: (input, init) => sandbox.fetch(new Request(input, init)) });
  const server = createMcpServer(base, { sandbox: true });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench", version: "1.0.0" });
  await server.connect(b);
  await client.connect(a);
  const direct = await timed(() => base.getNodes());
  let pages = 0;
  let offset: number | null = 0;
  let firstPage = 0;
  const walk = await timed(async () => {
    while (offset !== null) {
      const start = performance.now();
      const answer = await client.callTool({ name: "get_nodes", arguments: { offset, limit: 500 } });
      if (pages === 0) firstPage = performance.now() - start;
      pages++;
      offset = (answer.structuredContent as { next_offset: number | null }).next_offset;
    }
  });
  console.log(
    `get_nodes, ${count.toLocaleString("en")}-node pool: direct getNodes ${direct.toFixed(0)} ms · first page ${firstPage.toFixed(0)} ms · ` +
      `all ${pages} pages ${walk.toFixed(0)} ms (${((walk - firstPage) / Math.max(1, pages - 1)).toFixed(1)} ms per further page)`,
  );
  await client.close();
  await server.close();
}

await main();
await bigPool(100_000);
