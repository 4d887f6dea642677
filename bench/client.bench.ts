// `npx tsx bench/client.bench.ts`: 1,000 mixed operations against a local node:http server that
// answers fixture bodies. Prints (1) HTTP requests per operation for RemoteClient next to the
// reference pattern (netunicorn's Python client calls verify_token before every call), and
// (2) the client's overhead per request over a bare `fetch` of the same URL (body read as text),
// as a ratio measured in the same run, with client and bare blocks interleaved to cancel noise.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RemoteClient } from "../src/client/index.js";
import { Experiment, ExperimentExecutionInformation, experimentsFromJSON, FlagValues, Nodes, parseServerJson } from "../src/model/index.js";

const OPERATIONS = 1_000;
const ROUNDS = 5;
const BLOCK = 50;
const TOKEN = "bench-token-123456";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures");
const read = (path: string) => JSON.parse(readFileSync(join(fixtures, path), "utf8")) as { body?: unknown; body_text?: string };
const text = (path: string) => read(path).body_text ?? JSON.stringify(read(path).body);
const experiment = Experiment.fromJSON(read("experiments/cycle_pipeline_shell.json").body);

/** Path → answer of the server; one entry per operation kind in the mix. */
const answers: Record<string, string> = {
  "GET /api/v1/health": '"OK"',
  "GET /api/v1/nodes": text("nodes/nested_pool.json"),
  "GET /api/v1/experiment": text("status/experiments_list.json"),
  "GET /api/v1/experiment/exp-1": text("status/running.json"),
  "GET /api/v1/experiment/exp-1/flag/f": text("flags/both.json"),
  "POST /api/v1/experiment/exp-1/flag/f": "null",
  "POST /api/v1/experiment/exp-1/prepare": '"exp-1"',
  "POST /api/v1/experiment/exp-1/start": '"exp-1"',
  "POST /api/v1/experiment/exp-1/cancel": '"Executors cancellation started"',
  "DELETE /api/v1/experiment/exp-1": "null",
  "GET /api/v1/verify_token": "",
};

interface Op {
  name: string;
  /** What the client does with the body after reading it (to tell decoding from the HTTP layer). */
  decode?: (value: unknown) => unknown;
  method: string;
  path: string;
  body?: string;
  run: (client: RemoteClient) => Promise<unknown>;
}

/** The mix: mostly status polls, as a waiting user or agent does, plus every other operation. */
const kinds: Array<[number, Op]> = [
  [40, { name: "getExperimentStatus", method: "GET", path: "/api/v1/experiment/exp-1", decode: (v) => ExperimentExecutionInformation.fromJSON(v), run: (c) => c.getExperimentStatus("exp-1") }],
  [15, { name: "getFlagValues", method: "GET", path: "/api/v1/experiment/exp-1/flag/f", decode: (v) => FlagValues.fromJSON(v), run: (c) => c.getFlagValues("exp-1", "f") }],
  [10, { name: "getNodes", method: "GET", path: "/api/v1/nodes", decode: (v) => Nodes.fromJSON(v), run: (c) => c.getNodes() }],
  [10, { name: "healthcheck", method: "GET", path: "/api/v1/health", run: (c) => c.healthcheck() }],
  [5, { name: "getExperiments", method: "GET", path: "/api/v1/experiment", decode: experimentsFromJSON, run: (c) => c.getExperiments() }],
  [5, { name: "setFlagValues", method: "POST", path: "/api/v1/experiment/exp-1/flag/f", body: '{"text_value":null,"int_value":1}', run: (c) => c.setFlagValues("exp-1", "f", { intValue: 1 }) }],
  [5, { name: "prepareExperiment", method: "POST", path: "/api/v1/experiment/exp-1/prepare", body: JSON.stringify(experiment.toJSON()), run: (c) => c.prepareExperiment(experiment, "exp-1") }],
  [4, { name: "startExecution", method: "POST", path: "/api/v1/experiment/exp-1/start", run: (c) => c.startExecution("exp-1") }],
  [3, { name: "cancelExperiment", method: "POST", path: "/api/v1/experiment/exp-1/cancel", run: (c) => c.cancelExperiment("exp-1") }],
  [3, { name: "deleteExperiment", method: "DELETE", path: "/api/v1/experiment/exp-1", run: (c) => c.deleteExperiment("exp-1") }],
];
const mix: Op[] = [];
for (let i = 0; mix.length < OPERATIONS; i++) for (const [weight, op] of kinds) if (i % 100 < weight && mix.length < OPERATIONS) mix.push(op);

let requests = 0;
const server = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString()));
  request.on("end", () => {
    requests++;
    if (request.url === "/api/v1/token") {
      response.writeHead(200, { "content-type": "application/json" });
      return response.end(JSON.stringify({ access_token: TOKEN, token_type: "bearer" }));
    }
    const answer = answers[`${request.method} ${request.url}`];
    if (answer === undefined) {
      response.writeHead(404, { "content-type": "application/json" });
      return response.end('{"detail":"Not Found"}');
    }
    response.writeHead(200, answer === "" ? {} : { "content-type": "application/json" });
    response.end(answer);
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const headers = { authorization: `Bearer ${TOKEN}`, "netunicorn-authentication-context": "{}" };

/** A bare fetch of the same request, body read as text: the floor any client stands on. */
async function bare(op: Op, signal?: AbortSignal): Promise<string> {
  const init: RequestInit = { method: op.method, headers: op.body ? { ...headers, "content-type": "application/json" } : headers };
  if (op.body) init.body = op.body;
  if (signal) init.signal = signal;
  const response = await fetch(base + op.path, init);
  return response.text();
}

/** What a hand-written cancellable call does: fetch with a signal, then parse and validate like the client. */
async function handWritten(op: Op): Promise<unknown> {
  const text = await bare(op, new AbortController().signal);
  if (op.name === "prepareExperiment") JSON.stringify(experiment.toJSON()); // the client serializes the model
  return (op.decode ?? ((value: unknown) => value))(parseServerJson(text));
}

/** The reference pattern: verify_token, then the call (2 round trips per operation). */
async function reference(op: Op): Promise<void> {
  await (await fetch(`${base}/api/v1/verify_token`, { headers })).text();
  await bare(op);
}

async function countRequests(run: (op: Op) => Promise<unknown>): Promise<number> {
  const before = requests;
  for (const op of mix) await run(op);
  return (requests - before) / mix.length;
}

const client = new RemoteClient({ endpoint: base, login: "bench", password: "bench-password" });
const clientPerOp = await countRequests((op) => op.run(client));
const referencePerOp = await countRequests(reference);

// Overhead: the same 1,000 operations, client and bare fetch in alternating blocks, several rounds.
const clientMs = new Map<string, number>();
const bareMs = new Map<string, number>();
const handMs = new Map<string, number>();
const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
for (let round = 0; round < ROUNDS; round++) {
  for (let start = 0; start < mix.length; start += BLOCK) {
    const block = mix.slice(start, start + BLOCK);
    const order: Array<"client" | "bare" | "hand"> = ["client", "bare", "hand"];
    const shift = (round + start / BLOCK) % 3;
    for (const who of [...order.slice(shift), ...order.slice(0, shift)]) {
      for (const op of block) {
        const t0 = performance.now();
        if (who === "client") await op.run(client);
        else if (who === "bare") await bare(op);
        else await handWritten(op);
        add(who === "client" ? clientMs : who === "bare" ? bareMs : handMs, op.name, performance.now() - t0);
      }
    }
  }
}
server.close();


const total = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);
const n = mix.length * ROUNDS;
console.log(`RemoteClient benchmark: ${mix.length} mixed operations, Node ${process.version}`);
console.log("\nHTTP requests per operation (login included):");
console.log(`  RemoteClient (token kept, login once)       ${clientPerOp.toFixed(3)}`);
console.log(`  reference pattern (verify_token every call) ${referencePerOp.toFixed(3)}`);
console.log(`  ratio reference / RemoteClient              ${(referencePerOp / clientPerOp).toFixed(2)}x`);
console.log(`\nTime per request, ${ROUNDS} rounds of the mix, client and bare fetches interleaved in rotating blocks of ${BLOCK}:`);
console.log(`  bare fetch + body text                      ${((total(bareMs) / n) * 1000).toFixed(0)} µs`);
console.log(`  hand-written: fetch with a signal + parse + validate ${((total(handMs) / n) * 1000).toFixed(0)} µs`);
console.log(`  RemoteClient (request, parse, validate)     ${((total(clientMs) / n) * 1000).toFixed(0)} µs`);
console.log(`  ratio RemoteClient / bare fetch             ${(total(clientMs) / total(bareMs)).toFixed(2)}x  (overhead ${(((total(clientMs) - total(bareMs)) / n) * 1000).toFixed(0)} µs per request)`);
const rows: string[] = [];
for (const [, op] of kinds) {
  const count = mix.filter((o) => o === op).length * ROUNDS;
  const b = (bareMs.get(op.name) ?? 0) / count;
  const c = (clientMs.get(op.name) ?? 0) / count;
  const h = (handMs.get(op.name) ?? 0) / count;
  rows.push(`  ${op.name.padEnd(24)} ${String(count / ROUNDS).padStart(5)}  ${(b * 1000).toFixed(0).padStart(7)}  ${(h * 1000).toFixed(0).padStart(7)}  ${(c * 1000).toFixed(0).padStart(9)}  ${(c / b).toFixed(2).padStart(5)}x`);
}
console.log(`  ratio RemoteClient / hand-written          ${(total(clientMs) / total(handMs)).toFixed(2)}x  (the HTTP layer's own cost: token, timeout, retry, errors)`);
console.log("\n  by operation             count  bare µs  hand µs  client µs  client/bare");
for (const row of rows) console.log(row);
