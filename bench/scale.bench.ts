// `npx tsx bench/scale.bench.ts`: node pools from 10 to 100,000 nodes. Per step, the cost per node
// (µs, min of alternating runs) of Nodes.fromJSON (validation + models), the pool's toJSON, the
// sandbox's Python-style JSON writer and reader (src/sandbox/py-json.ts), and the whole
// client.getNodes() against the in-process sandbox. Linear means flat columns (small pools carry
// fixed costs; the biggest ones pay more garbage collection per node).
import { RemoteClient } from "../src/client/index.js";
import { Nodes } from "../src/model/index.js";
import { pyJsonDumps, pyJsonLoads } from "../src/sandbox/py-json.js";
import { createSandbox } from "../src/sandbox/index.js";

const SIZES = [10, 100, 1_000, 10_000, 100_000];
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));

const poolBody = (count: number) => ({
  node_pool_type: "CountableNodePool" as const,
  node_pool_metadata: null,
  node_pool_data: Array.from({ length: count }, (_, i) => ({
    name: `node-${i}`,
    properties: { "netunicorn-environments": ["DockerImage", "ShellExecution"], connector: "lab", location: i % 3 ? "rack" : "bâtiment 2" },
    additional_properties: { slot: i },
    architecture: i % 2 ? "linux/arm64" : "linux/amd64",
  })),
});

async function time(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

console.log(`node pool scale: µs per node, min of ${RUNS} alternating runs`);
console.log(["nodes".padStart(8), "fromJSON", "toJSON", "py dumps", "py loads", "getNodes (in-process sandbox)"].join("  "));
for (const count of SIZES) {
  const body = poolBody(count);
  const text = pyJsonDumps(body);
  const pool = Nodes.fromJSON(body);
  const sandbox = createSandbox({ pool: body });
  const client = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "admin", password: "admin-password", fetch: (input, init) => sandbox.fetch(new Request(input, init)) });
  await client.getNodes(); // log in, warm up
  const cases: [string, () => unknown][] = [
    ["fromJSON", () => Nodes.fromJSON(body)],
    ["toJSON", () => JSON.stringify(pool)],
    ["py dumps", () => pyJsonDumps(body)],
    ["py loads", () => pyJsonLoads(text)],
    ["getNodes", () => client.getNodes()],
  ];
  const best = cases.map(() => Infinity);
  for (let r = 0; r < RUNS; r++) {
    for (const [i, [, fn]] of cases.entries()) best[i] = Math.min(best[i]!, await time(fn));
  }
  console.log([String(count).padStart(8), ...best.map((ms, i) => ((ms * 1000) / count).toFixed(2).padStart(i === 4 ? 10 : 8))].join("  "));
}
