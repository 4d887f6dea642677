/**
 * `npx tsx bench/mcp.bench.ts`: what the MCP layer adds to a call. The same BaseClient (a
 * RemoteClient over the in-process sandbox) is called directly and through an MCP tool
 * (SDK Client ↔ InMemoryTransport ↔ our server), alternating, in the same run; the figures
 * are medians per call and the added latency (tool − direct). The tool is also called with a bare
 * JSON-RPC request over the same transport (no SDK Client: its request bookkeeping and its
 * validation of the result, against the result schema and the tool's outputSchema, are the
 * client's cost): "server" is what the server side adds, "client" what the SDK Client adds to that.
 * "SDK floor" is the same bare request to a bare SDK Server whose tools/call handler only calls
 * the client and returns a fixed answer: what any server on this SDK adds (request and result
 * validation, dispatch); server − floor is this server's own work (arguments, context, deadline,
 * the tool's view of the answer, size caps). Then get_nodes over a 100,000-node
 * pool: the first page, and every page in turn (each page is cut from the listing the first one
 * read, so walking them all costs one read of the pool plus what the pages hold).
 */
import { Client, InMemoryTransport, type JSONRPCMessage, type Transport } from "@modelcontextprotocol/client";
import { type CallToolResult, Server } from "@modelcontextprotocol/server";
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

  const raw = rawCaller(a);
  const floor = await sdkFloor(async (name) => {
    await cases.find((c) => c.name === name)!.direct();
    return answers.get(name)!;
  });
  const cases: { name: string; direct: () => Promise<unknown>; args: Record<string, unknown> }[] = [
    { name: "healthcheck", direct: () => base.healthcheck(), args: {} },
    { name: "get_experiment_status", direct: () => base.getExperimentStatus("bench"), args: { experiment_id: "bench" } },
    { name: "get_nodes", direct: () => base.getNodes(), args: {} },
  ];

  console.log(`MCP tool call vs direct client call, in-process sandbox, ${ROUNDS} alternating rounds each (medians)`);
  console.log("  tool: through the SDK Client; bare: a bare JSON-RPC tools/call on the same transport (server side only);");
  console.log("  floor: the bare request to a bare SDK Server that calls the client and returns a fixed answer");
  const answers = new Map<string, CallToolResult>();
  for (const c of cases) answers.set(c.name, (await client.callTool({ name: c.name, arguments: c.args })) as CallToolResult);
  for (const c of cases) {
    const tool = () => client.callTool({ name: c.name, arguments: c.args });
    const bare = () => raw(c.name, c.args);
    const sdkOnly = () => floor(c.name);
    for (let i = 0; i < WARMUP; i++) {
      await c.direct();
      await tool();
      await bare();
      await sdkOnly();
    }
    const times = { direct: [] as number[], tool: [] as number[], bare: [] as number[], floor: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      times.direct.push(await timed(c.direct));
      times.tool.push(await timed(tool));
      times.bare.push(await timed(bare));
      times.floor.push(await timed(sdkOnly));
    }
    const [d, t, s, f] = [median(times.direct), median(times.tool), median(times.bare), median(times.floor)];
    const us = (ms: number) => (ms * 1000).toFixed(0).padStart(4);
    console.log(
      `${c.name.padEnd(22)} direct ${us(d)} µs  tool ${us(t)}  bare ${us(s)}  floor ${us(f)}   ` +
        `added ${us(t - d)} µs = SDK floor ${us(f - d)} + ours ${us(s - f)} + SDK Client ${us(t - s)}   ratio ${(t / d).toFixed(2)}x`,
    );
  }
  await floor.close();
  await client.close();
  await server.close();
  // BENCH_MCP_CALLS_ONLY=1: the per-call figures alone (the paging walks take a while).
  if (process.env.BENCH_MCP_CALLS_ONLY) return;
  await paging();
}

/**
 * A bare SDK Server answering tools/call with `answer(name)` (no argument check, no views), and a
 * bare JSON-RPC caller to it: the SDK's own share of a tool call.
 */
async function sdkFloor(answer: (name: string) => Promise<CallToolResult>): Promise<((name: string) => Promise<JSONRPCMessage>) & { close(): Promise<void> }> {
  const server = new Server({ name: "floor", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler("tools/call", (request) => answer(request.params.name));
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench", version: "1.0.0" });
  await server.connect(b);
  await client.connect(a);
  const raw = rawCaller(a);
  return Object.assign((name: string) => raw(name, {}), { close: () => client.close() });
}

/**
 * tools/call as a bare JSON-RPC request on the client's transport, answered without the SDK
 * Client (after its handshake): the answers to these ids are taken before the Client sees them.
 */
function rawCaller(transport: Transport): (name: string, args: Record<string, unknown>) => Promise<JSONRPCMessage> {
  const waiting = new Map<number, (message: JSONRPCMessage) => void>();
  let nextId = 1_000_000_000;
  const sdk = transport.onmessage!;
  transport.onmessage = (message, extra) => {
    const id = (message as { id?: unknown }).id;
    const resolve = typeof id === "number" ? waiting.get(id) : undefined;
    if (resolve === undefined) return sdk(message, extra);
    waiting.delete(id as number);
    resolve(message);
  };
  return (name, args) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, resolve);
      transport.send({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } }).catch(reject);
    });
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
if (!process.env.BENCH_MCP_CALLS_ONLY) await bigPool(100_000);
