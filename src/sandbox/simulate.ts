/**
 * SIMULATED execution of an execution graph: the sandbox runs no code. It walks the graph as
 * netunicorn's executor does (from root, a node starts once every strong predecessor finished,
 * weak edges re-enter a cycle while their counter lasts, traverse_on picks edges after success or
 * failure) and records an honest placeholder for every task run.
 */
import type { PyValue } from "../pickle/value.js";
import type { GraphEdge, GraphSummary, GraphTask } from "./graph-read.js";
import { LIBRARY_RESULT_SHAPES, type SimulationSeed } from "./library-results.js";

export interface TaskRun {
  task: string;
  ok: boolean;
  /**
   * SleepTask → its seconds, DummyTask → true, library tasks returning a dataclass (Ping...) →
   * that dataclass with made-up values, anything else → a text saying it did not run.
   */
  value: PyValue;
}

export interface SimulatedRun {
  runs: TaskRun[];
  ok: boolean;
  logs: string[];
}

const MAX_STEPS = 10_000;

function placeholder(task: GraphTask, seed: SimulationSeed): PyValue {
  if (task.className === "SleepTask") {
    const seconds = task.attributes.get("seconds") ?? task.args[0];
    return typeof seconds === "number" ? seconds : null;
  }
  if (task.className === "DummyTask") return true;
  const shaped = LIBRARY_RESULT_SHAPES[task.className];
  if (shaped !== undefined) return shaped(task, seed);
  return `netunicorn sandbox: task ${task.name} (${task.className}) was not executed, this is a simulation`;
}

/** Edge indices by node, computed once per graph: the walk never scans every edge per step. */
class Adjacency {
  /** Outgoing edge indices of each node, in edge order (the order the executor follows them). */
  readonly outgoing: number[][];
  /** Sources of each node's strong incoming edges. */
  readonly strongSources: number[][];
  readonly #reach = new Map<number, number[]>();

  constructor(readonly graph: GraphSummary) {
    this.outgoing = graph.nodes.map(() => []);
    this.strongSources = graph.nodes.map(() => []);
    graph.edges.forEach((edge, i) => {
      this.outgoing[edge.from]?.push(i);
      if (!edge.weak) this.strongSources[edge.to]?.push(edge.from);
    });
  }

  /** Nodes reachable from `start` through strong edges: what a weak edge makes runnable again (memoized: the graph never changes). */
  strongReach(start: number): number[] {
    const known = this.#reach.get(start);
    if (known !== undefined) return known;
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length > 0) {
      const at = stack.pop() as number;
      for (const i of this.outgoing[at] ?? []) {
        const e = this.graph.edges[i] as GraphEdge;
        if (!e.weak && !seen.has(e.to)) {
          seen.add(e.to);
          stack.push(e.to);
        }
      }
    }
    const reach = [...seen];
    this.#reach.set(start, reach);
    return reach;
  }
}

function follows(edge: GraphEdge, ok: boolean | null): boolean {
  if (ok === null || edge.traverseOn === "any") return true; // edges leaving a sync point always apply
  return edge.traverseOn === (ok ? "success" : "failure");
}

class Walk {
  readonly runs: TaskRun[] = [];
  readonly logs: string[] = [];
  readonly finished = new Set<number>();
  readonly waiting = new Set<number>();
  readonly counters: number[];
  readonly adjacency: Adjacency;
  ok = true;
  stop = false;

  constructor(
    readonly graph: GraphSummary,
    private failure: string | null,
    readonly seed: SimulationSeed,
  ) {
    this.counters = graph.edges.map((e) => e.counter);
    this.adjacency = new Adjacency(graph);
    this.waiting.add(graph.root);
  }

  ready(node: number): boolean {
    return (this.adjacency.strongSources[node] ?? []).every((from) => this.finished.has(from));
  }

  execute(node: number): void {
    this.waiting.delete(node);
    const item = this.graph.nodes[node];
    let ok: boolean | null = null;
    if (item?.kind === "task") {
      ok = this.failure === null;
      this.runs.push({ task: item.name, ok, value: ok ? placeholder(item, { ...this.seed, run: this.runs.length }) : this.failure });
      this.logs.push(`[sandbox] simulated ${ok ? "run" : "failure"} of task ${item.name} (${item.className})\n`);
      this.failure = null;
      if (!ok) {
        this.ok = false;
        if (this.graph.earlyStopping) this.stop = true;
      }
    }
    this.finished.add(node);
    for (const i of this.adjacency.outgoing[node] ?? []) {
      const edge = this.graph.edges[i] as GraphEdge;
      if (!follows(edge, ok)) continue;
      if (!edge.weak) {
        this.waiting.add(edge.to);
        continue;
      }
      if ((this.counters[i] as number) <= 0) continue;
      this.counters[i] = (this.counters[i] as number) - 1;
      for (const n of this.adjacency.strongReach(edge.to)) this.finished.delete(n);
      this.waiting.add(edge.to);
    }
  }

  run(): void {
    let steps = 0;
    for (; steps < MAX_STEPS && !this.stop && this.waiting.size > 0; steps++) {
      let next: number | undefined;
      for (const n of this.waiting) {
        if (this.ready(n)) {
          next = n;
          break;
        }
      }
      if (next === undefined) {
        this.logs.push("Possible deadlock detected, exiting.\n");
        this.ok = false;
        return;
      }
      this.execute(next);
    }
    // A bound of the simulation, not of netunicorn: say so rather than pretend the graph finished.
    if (steps >= MAX_STEPS && this.waiting.size > 0 && !this.stop) {
      this.logs.push(`[sandbox] simulation stopped after ${MAX_STEPS} steps (a sandbox limit: the rest of the graph was not simulated)\n`);
    }
  }
}

/**
 * Simulates one executor; `failure` (from the outcome rules) makes the first task fail with that text.
 * `seed` (node and experiment names) picks the simulated measurement values (default: the executor id).
 */
export function simulateExecution(graph: GraphSummary | null, executorId: string, failure: string | null, seed: SimulationSeed = { node: executorId, experiment: "" }): SimulatedRun {
  const logs = [
    "Parsed configuration: Gateway located on the netunicorn sandbox (simulation, nothing is executed)\n",
    `Current directory: /sandbox/executor-${executorId}\n`,
    "Successfully received the execution graph.\n",
  ];
  if (graph === null) {
    logs.push("[sandbox] the execution graph could not be read by the sandbox; no task was simulated\n");
    return { runs: [], ok: false, logs: [...logs, "Execution is finished, start reporting results.\n"] };
  }
  const walk = new Walk(graph, failure, seed);
  walk.run();
  return { runs: walk.runs, ok: walk.ok, logs: [...logs, ...walk.logs, "Execution is finished, start reporting results.\n"] };
}
