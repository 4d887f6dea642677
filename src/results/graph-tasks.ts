/**
 * The tasks of a deployment's pickled execution graph, in graph order, with their class and a
 * display name: the given name, or for an unnamed task (netunicorn names it with a random UUID,
 * this library with `<class path>-<8 hex>`) its class's short name and position ("Ping #1").
 * Decoded with the safe unpickler; nothing is executed.
 */
import { readTaskCall } from "../graph/task-call.js";
import { unpickle } from "../pickle/read.js";
import type { PickleLimits } from "../pickle/limits.js";
import { PyDict, PyObject, type PyValue } from "../pickle/value.js";
import { toView } from "../pickle/view.js";

export interface GraphTaskInfo {
  /** The task's name: its key in the result map. */
  id: string;
  /** "netunicorn.library.tasks.measurements.ping.PingLinuxImplementation", or null when unknown. */
  taskClass: string | null;
  /** What a table shows. */
  display: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function stateDict(value: PyValue | undefined): PyDict | undefined {
  return value instanceof PyObject && value.state instanceof PyDict ? value.state : undefined;
}

/** The class path of an object's class (a global or a class cloudpickle shipped by value), via the public view. */
function classOf(object: PyObject): string | null {
  try {
    const view = toView(new PyObject(object.callable, [], true), { maxNodes: 1000 });
    const path = view !== null && typeof view === "object" && !Array.isArray(view) ? view["$object"] : undefined;
    return typeof path === "string" && path !== "?" ? path : null;
  } catch {
    return null;
  }
}

/** Task name and class of one graph node, or undefined for root and synchronisation points. */
function taskOf(key: PyValue): { id: string; taskClass: string | null } | undefined {
  // a task written as functools.partial(cls, **kwargs)(*args), as this library's graph writer does
  const call = readTaskCall(key);
  if (call !== undefined) return call.name === undefined ? undefined : { id: call.name, taskClass: call.className };
  const name = stateDict(key)?.get("name");
  if (typeof name !== "string") return undefined;
  return { id: name, taskClass: classOf(key as PyObject) };
}

/** "Ping" for ...ping.PingLinuxImplementation: a dispatcher's implementation reads as the dispatcher. */
export function shortClassName(path: string): string {
  const short = path.slice(path.lastIndexOf(".") + 1);
  return short.replace(/(Linux|Windows)?Implementation$/, "") || short;
}

/** True for a name nobody gave: netunicorn's uuid4 default, or this library's `<class name in its module>-<8 hex>`. */
function unnamed(id: string, taskClass: string | null): boolean {
  if (UUID.test(id)) return true;
  const match = /^(.+)-[0-9a-f]{8}$/.exec(id);
  return match !== null && taskClass !== null && (taskClass === match[1] || taskClass.endsWith(`.${match[1]}`));
}

/** Gives unnamed tasks "<Short> #<n>" (n counts that short name's tasks in graph order, from 1). */
function withDisplayNames(tasks: { id: string; taskClass: string | null }[]): GraphTaskInfo[] {
  const seen = new Map<string, number>();
  return tasks.map(({ id, taskClass }) => {
    if (taskClass === null || !unnamed(id, taskClass)) return { id, taskClass, display: id };
    const short = shortClassName(taskClass);
    const n = (seen.get(short) ?? 0) + 1;
    seen.set(short, n);
    return { id, taskClass, display: `${short} #${n}` };
  });
}

/** The tasks of an execution graph pickle, or [] when it is not one (never throws). */
export function graphTasks(bytes: Uint8Array, limits?: Partial<PickleLimits>): GraphTaskInfo[] {
  let top: PyValue;
  try {
    top = unpickle(bytes, limits);
  } catch {
    return [];
  }
  const graph = stateDict(stateDict(top)?.get("graph"));
  const adjacency = graph?.get("_succ") ?? graph?.get("_adj") ?? graph?.get("_node");
  if (!(adjacency instanceof PyDict)) return [];
  const tasks: { id: string; taskClass: string | null }[] = [];
  const ids = new Set<string>();
  for (const key of adjacency.keys()) {
    const task = taskOf(key);
    if (task !== undefined && !ids.has(task.id)) {
      ids.add(task.id);
      tasks.push(task);
    }
  }
  return withDisplayNames(tasks);
}
