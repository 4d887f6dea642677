/**
 * CSV read back by Python: python3's csv module reads our CSV of real result pickles, and every
 * field cell, converted to the type the value has in Python, must equal what pickle.loads gives
 * on the same bytes (with stand-ins for returns' Success/Failure; cloudpickle's by-value classes
 * need cloudpickle), for the status fixtures and for a library Ping run on 24 sandbox nodes
 * (368 PingResult values: floats as our pickle writer wrote them). Without python3, the cells are
 * compared with the committed expectations (test/results/python-values.json, written by the same
 * script: `UPDATE_PYTHON_VALUES=1 npx vitest run test/results/csv-python.test.ts`).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DeploymentExecutionResult, ExperimentExecutionInformation } from "../../src/index.js";
import { resultRows, rowsToCSV, rowsToJSONLines, type ResultRow } from "../../src/results/index.js";
import { hasPython, removeStandIns, standIns } from "../graph/python-harness.js";
import { parseCSV, statusInfo } from "./helpers.js";
import { nodeName, runPingExperiments } from "./ping-experiment.js";

const FIXTURES = ["finished_success", "finished_with_failures", "finished_by_value_result"];
// plus a library Ping on 24 sandbox nodes: PingResult floats as our pickle writer wrote them
const SANDBOX_PING = "sandbox_ping";
const EXPECTED_FILE = join(import.meta.dirname, "python-values.json");

interface Expected {
  fixture: string;
  node: string;
  /** The row's display task name (the result map's key mapped through the rows; UUIDs differ per sandbox run). */
  task: string;
  run: number;
  field: string;
  type: "none" | "bool" | "int" | "float" | "str";
  text?: string;
}

const SCRIPT = String.raw`
import base64, csv, datetime, io, json, math, pickle, sys
FIXED = ["experiment", "node", "architecture", "task", "task_id", "task_class", "run", "state", "error", "value_json"]
SCALARS = (bool, int, float, str, datetime.date, datetime.time)

def fields_of(v):
    if isinstance(v, dict):
        return {k: x for k, x in v.items() if x is None or isinstance(x, SCALARS)} if all(isinstance(k, str) for k in v) else {}
    if v is None or isinstance(v, SCALARS):
        return {} if v is None else {"value": v}
    if hasattr(v, "__dict__") and not isinstance(v, type):
        return {k: x for k, x in vars(v).items() if x is None or isinstance(x, SCALARS)}
    return {}

def typed(x):
    if x is None: return {"type": "none"}
    if isinstance(x, bool): return {"type": "bool", "text": str(x)}
    if isinstance(x, int): return {"type": "int", "text": str(x)}
    if isinstance(x, float): return {"type": "float", "text": repr(x)}
    if isinstance(x, (datetime.date, datetime.time)): return {"type": "str", "text": x.isoformat()}
    return {"type": "str", "text": x}

def read_cell(cell, kind):
    """What a reader of the CSV gets, given the column's Python type."""
    if kind == "none": return None if cell == "" else cell
    if kind == "bool": return {"True": True, "False": False}.get(cell, cell)
    if kind == "int": return int(cell)
    if kind == "float": return float(cell)
    return cell

def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    return type(a) is type(b) and a == b

data = json.load(sys.stdin)
expected, mismatches, compared = [], [], 0
for fixture in data["fixtures"]:
    table = {(r["node"], r["task"], r["run"]): r for r in csv.DictReader(io.StringIO(fixture["csv"], newline=""))}
    names = fixture["names"]
    for result in fixture["results"]:
        try:
            graph_result = pickle.loads(base64.b64decode(result["b64"]))[0]
        except ModuleNotFoundError:
            continue  # a by-value class without cloudpickle installed
        for task, runs in graph_result.container_value.items():
            for i, run in enumerate(runs):
                if type(run).__name__ != "Success":
                    continue
                for field, x in fields_of(run.container_value).items():
                    shown = names.get(result["node"] + "\u0000" + task, task)
                    item = {"fixture": fixture["name"], "node": result["node"], "task": shown, "run": i, "field": field, **typed(x)}
                    expected.append(item)
                    row = table.get((result["node"], shown, str(i)))
                    header = "field:" + field if field in FIXED else field
                    got = None if row is None else read_cell(row.get(header), item["type"])
                    want = x.isoformat() if isinstance(x, (datetime.date, datetime.time)) else x
                    compared += 1
                    if row is None or not same(got, want):
                        mismatches.append({**item, "csv": None if row is None else row.get(header)})
print(json.dumps({"expected": expected, "mismatches": mismatches, "compared": compared}))
`;

interface FixtureData {
  name: string;
  csv: string;
  rows: ResultRow[];
  results: { node: string; b64: string }[];
  /** "node\0taskId" → display task name */
  names: Record<string, string>;
}

function fixtureData(name: string, info: ExperimentExecutionInformation = statusInfo(name)): FixtureData {
  const rows = resultRows(info, { experiment: name });
  const names = Object.fromEntries(rows.map((r) => [`${r.node}\u0000${r.taskId}`, r.task]));
  const results = (info.executionResult as DeploymentExecutionResult[])
    .filter((r) => r.result !== null)
    .map((r) => ({ node: r.node.name, b64: Buffer.from(r.result!).toString("base64") }));
  return { name, csv: rowsToCSV(rows), rows, results, names };
}

const ping = (await runPingExperiments({ nodes: 24, pings: 2, count: 7, failExecute: [nodeName(4)] }))[0]!.info;
const data = [...FIXTURES.map((name) => fixtureData(name)), fixtureData(SANDBOX_PING, ping)];
const committed = JSON.parse(readFileSync(EXPECTED_FILE, "utf8")) as Expected[];

afterAll(removeStandIns);

/** A CSV cell read as the Python type says, compared with Python's value text (the no-python3 path). */
function cellMatches(cell: string | undefined, e: Expected): boolean {
  if (cell === undefined) return false;
  switch (e.type) {
    case "none": return cell === "";
    case "bool": return cell === e.text;
    case "int": return BigInt(cell) === BigInt(e.text!);
    case "float": {
      const py = (t: string): number => ({ nan: NaN, inf: Infinity, "-inf": -Infinity })[t] ?? Number(t);
      return Object.is(py(cell), py(e.text!));
    }
    default: return cell === e.text;
  }
}

describe("CSV read back gives the values Python's pickle.loads gives", () => {
  it.runIf(hasPython)("python3: csv.DictReader + the column's type == pickle.loads (and the committed expectations are what Python says)", () => {
    // stand-ins for the library's Ping dataclasses (pickle builds them with __new__ and sets their __dict__)
    const folder = standIns();
    mkdirSync(join(folder, "netunicorn", "library", "tasks", "measurements"), { recursive: true });
    writeFileSync(join(folder, "netunicorn", "library", "tasks", "measurements", "__init__.py"), "");
    writeFileSync(join(folder, "netunicorn", "library", "tasks", "measurements", "ping.py"), "class PingResult:\n    pass\nclass PacketResult:\n    pass\n");
    const run = spawnSync("python3", ["-c", SCRIPT], {
      cwd: standIns(),
      input: JSON.stringify({ fixtures: data.map(({ name, csv, results, names }) => ({ name, csv, results, names })) }),
      env: { ...process.env, PYTHONPATH: standIns(), PYTHONDONTWRITEBYTECODE: "1" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { expected: Expected[]; mismatches: unknown[]; compared: number };
    if (process.env.UPDATE_PYTHON_VALUES === "1") writeFileSync(EXPECTED_FILE, JSON.stringify(out.expected, null, 1) + "\n");
    expect(out.mismatches).toEqual([]);
    expect(out.compared).toBeGreaterThanOrEqual(300);
    expect(out.expected).toEqual(committed);
  });

  it("every committed Python value is the cell our CSV holds (runs with or without python3)", () => {
    expect(committed.length).toBeGreaterThanOrEqual(300);
    expect(new Set(committed.map((e) => e.type))).toEqual(new Set(["str", "bool", "int", "float"]));
    const failures: unknown[] = [];
    for (const e of committed) {
      const fixture = data.find((d) => d.name === e.fixture)!;
      const [header, ...rows] = parseCSV(fixture.csv);
      const at = (name: string): number => header!.indexOf(name);
      const row = rows.find((r) => r[at("node")] === e.node && r[at("task")] === e.task && r[at("run")] === String(e.run));
      const column = at(["experiment", "node", "architecture", "task", "task_id", "task_class", "run", "state", "error", "value_json"].includes(e.field) ? `field:${e.field}` : e.field);
      if (!cellMatches(row?.[column], e)) failures.push({ ...e, csv: row?.[column] });
    }
    expect(failures).toEqual([]);
  });
});

describe("rowsToCSV and rowsToJSONLines", () => {
  it("writes RFC 4180: a header, one CRLF-ended record per row, quotes doubled, None empty, bools as Python writes them", () => {
    const { csv, rows } = data[1]!;
    const records = parseCSV(csv);
    expect(records.length).toBe(rows.length + 1);
    expect(records[0]!.slice(0, 9)).toEqual(["experiment", "node", "architecture", "task", "task_id", "task_class", "run", "state", "error"]);
    expect(new Set(records.map((r) => r.length))).toEqual(new Set([records[0]!.length]));
    expect(csv.endsWith("\r\n")).toBe(true);
    const explode = records.find((r) => r[3] === "explode")!;
    expect(explode[8]).toContain('raise ValueError("sensor offline on purpose")\n'); // a line break and quotes inside a quoted field
    expect(csv).toContain('raise ValueError(""sensor offline on purpose"")');
  });

  it("keeps a value that gives no columns as value_json, and big ints whole", () => {
    const { csv } = data[0]!;
    const [header, ...rows] = parseCSV(csv);
    const numbers = rows.find((r) => r[header!.indexOf("task")] === "numbers")!;
    const json = JSON.parse(numbers[header!.indexOf("value_json")]!) as unknown[];
    expect(json[0]).toEqual({ $int: "18446744073709551633" });
  });

  it("writes one JSON object per line, non-finite numbers as the view's $float marker", () => {
    const { rows } = data[1]!;
    const lines = rowsToJSONLines(rows).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l) as ResultRow)).toEqual(JSON.parse(JSON.stringify(rows)));
    const odd: ResultRow = { ...rows[0]!, fields: { a: NaN, b: -Infinity, c: -0, d: 1e21 } };
    expect(JSON.parse(rowsToJSONLines([odd])).fields).toEqual({ a: { $float: "nan" }, b: { $float: "-inf" }, c: { $float: "-0" }, d: 1e21 });
  });
});

describe("rowsToCSV edge cases", () => {
  it("writes only the header for no rows, prefixes a field named like a fixed column, and quotes commas", () => {
    expect(rowsToCSV([])).toBe("experiment,node,architecture,task,task_id,task_class,run,state,error\r\n");
    const row: ResultRow = {
      experiment: "e,1", node: "n", architecture: "", task: "t", taskId: "t", taskClass: null, run: 0, state: "ok", error: null,
      fields: { error: "not the row's error", node: 3, big: "18446744073709551633", ok: false, none: null }, units: {}, value: { error: "x" },
    };
    const [header, line] = parseCSV(rowsToCSV([row]));
    expect(header).toEqual([..."experiment,node,architecture,task,task_id,task_class,run,state,error".split(","), "field:error", "field:node", "big", "ok", "none"]);
    expect(line).toEqual(["e,1", "n", "", "t", "t", "", "0", "ok", "", "not the row's error", "3", "18446744073709551633", "False", ""]);
  });
});
