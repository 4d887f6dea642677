/**
 * The `result` field of a finished deployment: base64 of a real pickle, written with the
 * library's pickle writer, of what netunicorn's executor reports:
 * `[Success|Failure(defaultdict(list, {task: [Success(value), ...]})), log_lines]`.
 */
import { encodeBase64 } from "../base64.js";
import { pickle, PyGlobal, PyObject, PyResult, type PyValue } from "../pickle/index.js";
import type { SimulatedRun } from "./simulate.js";

/** The executor's graph result as a Python value (a defaultdict(list) inside Success/Failure). */
function resultValue(run: SimulatedRun): PyValue {
  const byTask = new Map<string, PyValue[]>();
  for (const r of run.runs) {
    const list = byTask.get(r.task) ?? [];
    list.push(new PyResult(r.ok, r.value));
    byTask.set(r.task, list);
  }
  const table = new PyObject(new PyGlobal("collections", "defaultdict"), [new PyGlobal("builtins", "list")]);
  table.dictItems = [...byTask].map(([task, runs]): [PyValue, PyValue] => [task, runs]);
  return [new PyResult(run.ok, table), [...run.logs]];
}

/** base64 of the pickled result, as the `result` field carries it. */
export function encodeResult(run: SimulatedRun): string {
  return encodeBase64(pickle(resultValue(run), { protocol: 5 })); // the real executor writes protocol 5
}

