/**
 * `npx tsx bench/pickle-decode.bench.ts`: decode throughput of a ≥ 10 MB results pickle
 * (protocol 5, a list of dicts of str/int/float/bytes, as python3's pickle writes it at bench
 * time), for our unpickle(), for CPython's C pickle.loads timed inside python3, and for the npm
 * `pickleparser` package when installed under /tmp/pickle-eval (else skipped). Figures are
 * medians after a warm-up, our decoder and the npm one run round-robin, all measured in this run; ratios are relative to our decoder.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unpickle } from "../src/pickle/read.js";
import { pickle, type Picklable } from "../src/pickle/write.js";
import { toView } from "../src/pickle/view.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ROWS = Number(process.env.BENCH_ROWS ?? 75_000);

const MAKE = `
import pickle, sys, random, time
random.seed(7)
rows = []
for i in range(${ROWS}):
    rows.append({
        "task": f"measure-{i % 97}", "node": f"edge-{i % 13:02d}", "seq": i, "big": i * 10**12,
        "rtt_ms": random.random() * 100, "ok": i % 5 != 0, "payload": random.randbytes(48),
        "tags": ["wifi", "5GHz", str(i)], "note": None if i % 3 else "retransmit",
    })
data = pickle.dumps(rows, protocol=5)
open(sys.argv[1], "wb").write(data)
`;

const TIME_PYTHON = `
import pickle, sys, time
data = open(sys.argv[1], "rb").read()
pickle.loads(data)
times = []
for _ in range(${RUNS}):
    t = time.perf_counter(); pickle.loads(data); times.append(time.perf_counter() - t)
times.sort(); print(times[len(times) // 2] * 1000)
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs the contenders round-robin (one warm-up round first) so machine load hits them alike. */
function measureInterleaved(contenders: [string, () => unknown][]): Map<string, number | string> {
  const times = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  const failed = new Map<string, string>();
  for (let round = 0; round <= RUNS; round++) {
    for (const [name, fn] of contenders) {
      if (failed.has(name)) continue;
      const start = performance.now();
      try {
        fn();
      } catch (err) {
        failed.set(name, `failed: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      if (round > 0) times.get(name)!.push(performance.now() - start);
    }
  }
  return new Map(contenders.map(([name]) => [name, failed.get(name) ?? median(times.get(name)!)]));
}

/** Without python3: the same shape of data, written by this library's own pickle writer. */
function makeWithOurWriter(): Uint8Array {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const rows: Picklable[] = [];
  // our writer shares repeated strings through the memo: more rows for the same ≥ 10 MB
  for (let i = 0; i < Math.ceil(ROWS * 1.25); i++) {
    rows.push({
      task: `measure-${i % 97}`, node: `edge-${String(i % 13).padStart(2, "0")}`, seq: i, big: BigInt(i) * 10n ** 12n,
      rtt_ms: random() * 100, ok: i % 5 !== 0, payload: Uint8Array.from({ length: 48 }, () => Math.floor(random() * 256)),
      tags: ["wifi", "5GHz", String(i)], note: i % 3 ? null : "retransmit",
    });
  }
  return pickle(rows, { protocol: 5 });
}

function hasPython(): boolean {
  try {
    execFileSync("python3", ["-c", "pass"]);
    return true;
  } catch {
    return false;
  }
}

function loadPickleparser(): ((b: Uint8Array) => unknown) | string {
  const path = "/tmp/pickle-eval/node_modules/pickleparser";
  if (!existsSync(path)) return "skipped (npm pickleparser not installed under /tmp/pickle-eval)";
  const { Parser } = createRequire(import.meta.url)(path) as { Parser: new () => { parse(b: Uint8Array): unknown } };
  return (b) => new Parser().parse(b);
}

const dir = mkdtempSync(join(tmpdir(), "pickle-bench-"));
try {
  const file = join(dir, "results.pkl");
  const python = hasPython();
  if (python) execFileSync("python3", ["-c", MAKE, file]);
  else writeFileSync(file, makeWithOurWriter());
  const bytes = new Uint8Array(readFileSync(file));
  const mb = bytes.length / 1e6;
  if (bytes.length < 10_000_000 && !process.env.BENCH_ROWS) throw new Error(`bench pickle is only ${mb.toFixed(1)} MB`);
  console.log(`results pickle: ${mb.toFixed(1)} MB, ${python ? ROWS : Math.ceil(ROWS * 1.25)} rows (protocol 5, written by ${python ? "python3" : "this library: no python3"}), median of ${RUNS} runs\n`);

  const npm = loadPickleparser();
  const contenders: [string, () => unknown][] = [
    ["unpickle (this library)", () => unpickle(bytes)],
    ["unpickle + toView", () => toView(unpickle(bytes))],
  ];
  if (typeof npm === "function") contenders.push(["npm pickleparser", () => npm(bytes)]);
  const originalWarn = console.warn;
  console.warn = () => {}; // pickleparser warns on every int above 2^53
  const measured = measureInterleaved(contenders);
  console.warn = originalWarn;
  const pythonMs = python ? Number(execFileSync("python3", ["-c", TIME_PYTHON, file], { encoding: "utf8" }).trim()) : "skipped (no python3)";
  const ours = measured.get("unpickle (this library)") as number;
  const rows: [string, number | string][] = [...measured.entries()];
  rows.splice(2, 0, ["python3 pickle.loads (C)", pythonMs]);
  if (typeof npm === "string") rows.push(["npm pickleparser", npm]);
  for (const [name, ms] of rows) {
    if (typeof ms === "string") console.log(`${name.padEnd(28)} ${ms}`);
    else console.log(`${name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms  ${(mb / (ms / 1000)).toFixed(1).padStart(7)} MB/s  = ${(ms / ours).toFixed(2)}x our time`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
