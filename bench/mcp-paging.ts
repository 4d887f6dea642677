/**
 * Walking every page of get_experiment_results for a FINISHED experiment of N deployments
 * (library Ping on N nodes of an in-process sandbox), through an MCP client: the time of the
 * whole walk and of the first and the later pages. Linear paging shows as a walk time that grows
 * like N (10× the deployments: about 10× the time), quadratic paging as 100×.
 */
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { RemoteClient } from "../src/client/index.js";
import { createSandbox, DEMO_USERS } from "../src/sandbox/index.js";
import { createMcpServer } from "../mcp/server.js";

const FAST = { preparationMs: 50, executionMs: 100, executorsStartMs: 10, cancelMs: 10, rowDelayMs: 0 };

function pool(count: number) {
  const nodes = Array.from({ length: count }, (_, i) => ({
    name: `n-${String(i).padStart(5, "0")}`,
    properties: { connector: "bench", "netunicorn-environments": ["ShellExecution", "DockerImage"] },
    additional_properties: {},
    architecture: "linux/amd64",
  }));
  return { node_pool_type: "CountableNodePool" as const, node_pool_data: nodes, node_pool_metadata: null };
}

export interface PagingFigures {
  deployments: number;
  pages: number;
  walkMs: number;
  firstPageMs: number;
  laterPageMedianMs: number;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const answer = await client.callTool({ name, arguments: args });
  if (answer.isError) throw new Error(`${name}: ${JSON.stringify(answer.content)}`);
  return answer.structuredContent as Record<string, unknown>;
}

/** Prepares, runs and walks one experiment of `count` deployments; `limit` deployments a page. */
export async function walkResults(count: number, limit = 10): Promise<PagingFigures> {
  const sandbox = createSandbox({ pool: pool(count), timing: FAST });
  const base = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: DEMO_USERS.demo!.password, fetch: (input, init) => sandbox.fetch(new Request(input, init)) });
  const server = createMcpServer(base, { sandbox: true });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench-paging", version: "1.0.0" });
  await server.connect(b);
  await client.connect(a);
  try {
    const id = `paging-${count}`;
    await call(client, "prepare_experiment", {
      experiment_id: id,
      nodes: { filter: {}, count },
      pipeline: [{ task: "Ping", args: { address: "127.0.0.1", count: 3 }, name: "ping" }],
      environment: { type: "shell" },
    });
    await call(client, "wait_for_experiment", { experiment_id: id, status: "READY", interval_seconds: 0.02, timeout_seconds: 600 });
    await call(client, "start_execution", { experiment_id: id });
    await call(client, "wait_for_experiment", { experiment_id: id, interval_seconds: 0.02, timeout_seconds: 600 });
    const times: number[] = [];
    let offset: number | null = 0;
    const start = performance.now();
    while (offset !== null) {
      const before = performance.now();
      const page: Record<string, unknown> = await call(client, "get_experiment_results", { experiment_id: id, offset, limit, max_log_lines: 2 });
      times.push(performance.now() - before);
      offset = page.next_offset as number | null;
    }
    const walkMs = performance.now() - start;
    const later = times.slice(1).sort((x, y) => x - y);
    return { deployments: count, pages: times.length, walkMs, firstPageMs: times[0]!, laterPageMedianMs: later[later.length >> 1] ?? 0 };
  } finally {
    await client.close();
    await server.close();
  }
}

export function pagingLine(f: PagingFigures): string {
  return `${String(f.deployments).padStart(5)} deployments, ${String(f.pages).padStart(3)} pages: walk ${f.walkMs.toFixed(0).padStart(6)} ms, first page ${f.firstPageMs.toFixed(1).padStart(7)} ms, later pages ${f.laterPageMedianMs.toFixed(1).padStart(6)} ms (median)`;
}
