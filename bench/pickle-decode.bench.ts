/**
 * `npx tsx bench/pickle-decode.bench.ts`: our unpickle() against CPython's C pickle.loads on
 * real-shaped netunicorn results (bench/pickle-corpus.ts) in protocols 5, 4, 2 and 0, 1 KB to
 * 13 MB. The two alternate in one run (ours, theirs, ours, … on the same files; python3 is a
 * long-lived helper process), each sample is the CPU time of enough iterations to last about
 * 40 ms; printed: min and median per side and their ratio ours/CPython (below 1.00: we are
 * faster). Without python3 the corpus is written by our own writer and only our MB/s is printed.
 * Env: BENCH_RUNS (samples per side, default 7), BENCH_ONLY (a regex on "name pN").
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { unpickle } from "../src/pickle/read.js";
import { makeCorpusWithOurWriter, writeStandIns, type CorpusCase } from "./pickle-corpus.js";

const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 7));
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
const SAMPLE_MS = 40;
const STATUS_DIR = join(dirname(fileURLToPath(import.meta.url)), "../test/fixtures/status");

/** Every base64 result pickle in the status fixtures (deployment results of all experiments). */
function statusResults(): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) k === "result" && typeof x === "string" && x.startsWith("gA") ? found.push(x) : walk(x);
    }
  };
  for (const f of readdirSync(STATUS_DIR).filter((f) => f.endsWith(".json"))) walk(JSON.parse(readFileSync(join(STATUS_DIR, f), "utf8")));
  return found;
}

function hasPython(): boolean {
  try {
    execFileSync("python3", ["-c", "pass"]);
    return true;
  } catch {
    return false;
  }
}

/** CPU milliseconds (user + system, this process) of `n` decodes of every blob. */
function ours(c: CorpusCase, n: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) for (const b of c.blobs) unpickle(b);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The python3 helper: ask(i, n) answers the CPU milliseconds of n pickle.loads of case i. */
function pythonTimer(dir: string): { ask(i: number, n: number): Promise<number>; close(): void } {
  const child = spawn("python3", [join(dir, "serve_loads.py"), dir], { cwd: dir, env: { ...process.env, PYTHONPATH: dir }, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async ask(i, n) {
      child.stdin.write(`${i} ${n}\n`);
      const answer = await lines.next();
      if (answer.done) throw new Error("python3 timing helper exited");
      return Number(answer.value) * 1000;
    },
    close: () => child.stdin.end(),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(3) : ms.toFixed(1)).padStart(8);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pickle-bench-"));
  try {
    const python = hasPython();
    let corpus: CorpusCase[];
    if (python) {
      writeStandIns(dir);
      writeFileSync(join(dir, "status.json"), JSON.stringify(statusResults()));
      execFileSync("python3", [join(dir, "make_corpus.py"), dir, join(dir, "status.json")], { env: { ...process.env, PYTHONPATH: dir } });
      const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { name: string; protocol: number; count: number }[];
      corpus = manifest.map((m, i) => ({ ...m, blobs: Array.from({ length: m.count }, (_, j) => new Uint8Array(readFileSync(join(dir, `${i}-${j}.pkl`)))) }));
    } else {
      corpus = makeCorpusWithOurWriter();
    }
    const timer = python ? pythonTimer(dir) : undefined;
    // warm the JIT on every shape first, so the first case measured is not the one that pays for it
    for (let round = 0; round < 3; round++) for (const c of corpus) ours(c, Math.max(1, Math.round(2e5 / c.blobs.reduce((s, b) => s + b.length, 0))));
    console.log(`CPU ms per decode of each case (all blobs once), ${RUNS} alternating samples per side; ratio = ours / ${python ? "CPython C pickle.loads" : "(no python3: ours only)"}\n`);
    console.log(`${"case".padEnd(26)} ${"size".padStart(9)}  ${"ours min".padStart(8)} ${"ours med".padStart(8)}  ${python ? `${"C min".padStart(8)} ${"C med".padStart(8)}  ratio min  ratio med` : "MB/s (median)"}`);
    for (const [index, c] of corpus.entries()) {
      const label = `${c.name} p${c.protocol}`;
      if (ONLY && !ONLY.test(label)) continue;
      const bytes = c.blobs.reduce((s, b) => s + b.length, 0);
      const n = Math.max(1, Math.ceil(SAMPLE_MS / Math.max(0.001, ours(c, 1))));
      if (timer) await timer.ask(index, n); // warm-up
      ours(c, n);
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        a.push(ours(c, n) / n);
        if (timer) b.push((await timer.ask(index, n)) / n);
      }
      const size = bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
      const head = `${label.padEnd(26)} ${size.padStart(9)}  ${fmt(Math.min(...a))} ${fmt(median(a))}`;
      if (!timer) console.log(`${head}  ${(bytes / 1e3 / median(a)).toFixed(1).padStart(8)}`);
      else {
        const [ratioMin, ratioMed] = [Math.min(...a) / Math.min(...b), median(a) / median(b)];
        console.log(`${head}  ${fmt(Math.min(...b))} ${fmt(median(b))}  ${ratioMin.toFixed(2).padStart(8)}x ${ratioMed.toFixed(2).padStart(9)}x`);
      }
    }
    timer?.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
