/**
 * The decode bench's corpus: real-shaped netunicorn results written by python3's own pickle (the
 * status fixtures' result pickles, the executor's [Success(defaultdict(list, ...)), log lines]
 * with 1k/10k/100k lines, 75k measurement rows, a dict of 100k ints, nested lists, bytes), each
 * in protocols 0, 2, 4 and 5, plus a small python3 server that times CPython's C pickle.loads on
 * the same files when node asks (so the two decoders alternate in one run). `returns` is a
 * stand-in module with the real one's pickled shape (state {"container_value": x}), as in the
 * tests. Without python3, makeCorpusWithOurWriter() writes similar data with this library.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pickle, type Picklable } from "../src/pickle/write.js";

export interface CorpusCase {
  name: string;
  protocol: number;
  /** One or more pickles decoded per iteration (the status fixtures are several small ones). */
  blobs: Uint8Array[];
}

const STAND_INS: Record<string, string> = {
  "returns/__init__.py": "",
  "returns/result.py":
    "class _Container:\n    def __init__(self, value):\n        self.container_value = value\n" +
    "class Success(_Container):\n    pass\nclass Failure(_Container):\n    pass\n",
};

/** Writes the corpus as <dir>/<i>-<j>.pkl with a manifest.json: [{name, protocol, count}]. */
const MAKE = String.raw`
import base64, collections, json, os, pickle, random, sys
from returns.result import Success, Failure
out, status_b64 = sys.argv[1], json.load(open(sys.argv[2]))
random.seed(7)
try:
    import cloudpickle
except ImportError:
    cloudpickle = None

def log_result(n):
    lines = []
    for i in range(n):
        k = i % 10
        if k < 6: lines.append(f"[2024-06-01 12:{i // 60 % 60:02d}:{i % 60:02d}] chatty: sample {i} rtt={random.random() * 90:.3f} ms\n")
        elif k < 8: lines.append(f"Parsed configuration: Gateway located on http://gateway.netunicorn.example:{26000 + i % 900}\n")
        elif k == 8: lines.append(f"chatty: done \u2713 ({i})\n")
        else: lines.append(f'  File "/opt/netunicorn-venv/lib/python3.11/site-packages/netunicorn/executor/utils.py", line {i % 400}, in decorator\n')
    steps = collections.defaultdict(list)
    steps["chatty"].append(Success({"samples": n, "rtt_ms": [random.random() * 90 for _ in range(10)], "ok": True}))
    steps["explode"].append(Failure("Traceback (most recent call last):\n  ValueError: sensor offline\n"))
    return [Success(steps), lines]

def rows(n):
    return [{"task": f"measure-{i % 97}", "node": f"edge-{i % 13:02d}", "seq": i, "big": i * 10**12,
             "rtt_ms": random.random() * 100, "ok": i % 5 != 0, "payload": random.randbytes(48),
             "tags": ["wifi", "5GHz", str(i)], "note": None if i % 3 else "retransmit"} for i in range(n)]

values = {
    "log lines 1k": log_result(1000),
    "log lines 10k": log_result(10_000),
    "log lines 100k": log_result(100_000),
    "rows 75k": rows(75_000),
    "dict of 100k ints": {i: (i * 2654435761) % (1 << 40) - (1 << 39) if i % 2 else i * 10**12 for i in range(100_000)},
    "nested lists": [[[i, i + 1, [i * 0.5, str(i)]], [None, True, [i % 7]]] for i in range(30_000)],
    "bytes 1k x 1KB": [random.randbytes(1024) for _ in range(1000)],
}
status = [base64.b64decode(b) for b in status_b64]
status_values = [(cloudpickle or pickle).loads(b) for b in status]
manifest = []
def dump_or_none(v, p):  # a by-value class with __slots__ cannot be pickled below protocol 2
    try:
        return cloudpickle.dumps(v, protocol=p)
    except TypeError:
        return None
def add(name, protocol, blobs):
    for j, b in enumerate(blobs):
        open(os.path.join(out, f"{len(manifest)}-{j}.pkl"), "wb").write(b)
    manifest.append({"name": name, "protocol": protocol, "count": len(blobs)})
for p in (5, 4, 2, 0):
    if p == 5: add("status fixtures", 5, status)
    elif cloudpickle: add("status fixtures", p, [b for b in (dump_or_none(v, p) for v in status_values) if b])
    for name, v in values.items():
        add(name, p, [pickle.dumps(v, protocol=p)])
json.dump(manifest, open(os.path.join(out, "manifest.json"), "w"))
`;

/** Times pickle.loads: reads "case iterations" lines, answers the CPU seconds of the loop. */
const SERVE = String.raw`
import json, os, pickle, sys, time
d = sys.argv[1]
manifest = json.load(open(os.path.join(d, "manifest.json")))
cases = [[open(os.path.join(d, f"{i}-{j}.pkl"), "rb").read() for j in range(c["count"])] for i, c in enumerate(manifest)]
loads = pickle.loads
for line in sys.stdin:
    i, n = map(int, line.split())
    blobs = cases[i]
    t = time.process_time()
    for _ in range(n):
        for b in blobs:
            loads(b)
    print(time.process_time() - t, flush=True)
`;

export function writeStandIns(dir: string): void {
  for (const [path, text] of Object.entries(STAND_INS)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, "make_corpus.py"), MAKE);
  writeFileSync(join(dir, "serve_loads.py"), SERVE);
}

/** Without python3: similar values written by this library's own pickle writer (it writes protocols 4 and 5). */
export function makeCorpusWithOurWriter(): CorpusCase[] {
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const lines = (n: number): Picklable => [
    { ok: true },
    Array.from({ length: n }, (_, i) => `[2024-06-01 12:00:${String(i % 60).padStart(2, "0")}] chatty: sample ${i} rtt=${(random() * 90).toFixed(3)} ms\n`),
  ];
  const values: [string, Picklable][] = [
    ["log lines 1k", lines(1000)],
    ["log lines 10k", lines(10_000)],
    ["log lines 100k", lines(100_000)],
    ["rows 75k", Array.from({ length: 75_000 }, (_, i) => ({
      task: `measure-${i % 97}`, node: `edge-${String(i % 13).padStart(2, "0")}`, seq: i, big: BigInt(i) * 10n ** 12n,
      rtt_ms: random() * 100, ok: i % 5 !== 0, payload: bytes(48), tags: ["wifi", "5GHz", String(i)], note: i % 3 ? null : "retransmit",
    }))],
    ["dict of 100k ints", new Map(Array.from({ length: 100_000 }, (_, i) => [i, i % 2 ? (i * 2654435761) % 2 ** 40 - 2 ** 39 : BigInt(i) * 10n ** 12n]))],
    ["nested lists", Array.from({ length: 30_000 }, (_, i) => [[i, i + 1, [i * 0.5, String(i)]], [null, true, [i % 7]]])],
    ["bytes 1k x 1KB", Array.from({ length: 1000 }, () => bytes(1024))],
  ];
  return ([5, 4] as const).flatMap((protocol) => values.map(([name, v]) => ({ name, protocol, blobs: [pickle(v, { protocol })] })));
}
