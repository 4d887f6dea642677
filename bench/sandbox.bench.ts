// `npx tsx bench/sandbox.bench.ts`: the sandbox answering a polling client. Prints requests per
// second for status polls of a FINISHED 3-deployment experiment (results included) and for
// get_nodes, in-process (`sandbox.fetch`) and over HTTP on 127.0.0.1 (serveSandbox), measured in
// the same run with interleaved blocks, and the ratio between the two transports.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveSandbox } from "../node/sandbox/serve-sandbox.js";
import { createManualClock } from "../src/sandbox/index.js";

const ROUNDS = 5;
const BLOCK = 200;
const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures");
const body = (JSON.parse(readFileSync(join(fixtures, "experiments/pipeline_docker_map.json"), "utf8")) as { body: unknown }).body;

const clock = createManualClock();
const served = await serveSandbox({ now: clock.now, timing: { preparationMs: 10, executionMs: 10, executorsStartMs: 1, rowDelayMs: 0 } });
const { sandbox } = served;
const form = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=admin&password=admin-password" };
const { access_token: token } = (await (await sandbox.fetch(`${served.url}/api/v1/token`, form)).json()) as { access_token: string };
const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
await sandbox.fetch(`${served.url}/api/v1/experiment/bench/prepare`, { method: "POST", headers: auth, body: JSON.stringify(body) });
clock.advance(10);
await sandbox.fetch(`${served.url}/api/v1/experiment/bench/start`, { method: "POST", headers: auth });
clock.advance(20);
const t0 = performance.now();
const first = await (await sandbox.fetch(`${served.url}/api/v1/experiment/bench`, { headers: auth })).text();
const firstMs = performance.now() - t0;
if (!first.startsWith('{"status": 4')) throw new Error(`unexpected status body: ${first.slice(0, 80)}`);

type Send = (path: string) => Promise<Response>;
const inProcess: Send = (path) => sandbox.fetch(`${served.url}${path}`, { headers: auth });
const overHttp: Send = (path) => fetch(`${served.url}${path}`, { headers: auth });

async function block(send: Send, path: string): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < BLOCK; i++) {
    const response = await send(path);
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    await response.text();
  }
  return performance.now() - start;
}

console.log(`first status poll after FINISHED (simulates 3 executors, writes 3 result pickles): ${firstMs.toFixed(1)} ms; body ${first.length} bytes`);
for (const path of ["/api/v1/experiment/bench", "/api/v1/nodes"]) {
  let local = 0;
  let http = 0;
  for (let round = 0; round < ROUNDS; round++) {
    local += await block(inProcess, path);
    http += await block(overHttp, path);
  }
  const n = ROUNDS * BLOCK;
  const rate = (ms: number) => ((n / ms) * 1000).toFixed(0);
  console.log(`${path}: in-process ${rate(local)} req/s, HTTP ${rate(http)} req/s, in-process is ${(http / local).toFixed(1)}x faster`);
}
await served.close();
