/**
 * SIMULATED execution of an execution graph: the sandbox runs no code. It walks the graph as
 * netunicorn's executor does (from root, a node starts once every strong predecessor finished,
 * weak edges re-enter a cycle while their counter lasts, traverse_on picks edges after success or
 * failure) and records an honest placeholder for every task run.
 */
import type { GraphEdge, GraphSummary, GraphTask } from "./graph-read.js";

export interface TaskRun {
  task: string;
  ok: boolean;
  /** SleepTask → its seconds, DummyTask → true, anything else → a text saying it did not run. */
  value: string | number | boolean | null;
}

export interface SimulatedRun {
  runs: TaskRun[];
  ok: boolean;
  logs: string[];
}

const MAX_STEPS = 10_000;

function placeholder(task: GraphTask): string | number | boolean | null {
  if (task.className === "SleepTask") {
    const seconds = task.attributes.get("seconds") ?? task.args[0];
    return typeof seconds === "number" ? seconds : null;
  }
  if (task.className === "DummyTask") return true;
  return `netunicorn sandbox: task ${task.name} (${task.className}) was not executed, this is a simulation`;
}

/** Nodes reachable from `start` through strong edges: what a weak edge makes runnable again. */
function strongReach(graph: GraphSummary, start: number): Set<number> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    const at = stack.pop() as number;
    for (const e of graph.edges) {
      if (e.from === at && !e.weak && !seen.has(e.to)) {
        seen.add(e.to);
        stack.push(e.to);
      }
    }
  }
  return seen;
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
  ok = true;
  stop = false;

  constructor(
    readonly graph: GraphSummary,
    private failure: string | null,
  ) {
    this.counters = graph.edges.map((e) => e.counter);
    this.waiting.add(graph.root);
  }

  ready(node: number): boolean {
    return this.graph.edges.every((e) => e.to !== node || e.weak || this.finished.has(e.from));
  }

  execute(node: number): void {
    this.waiting.delete(node);
    const item = this.graph.nodes[node];
    let ok: boolean | null = null;
    if (item?.kind === "task") {
      ok = this.failure === null;
      this.runs.push({ task: item.name, ok, value: ok ? placeholder(item) : this.failure });
      this.logs.push(`[sandbox] simulated ${ok ? "run" : "failure"} of task ${item.name} (${item.className})\n`);
      this.failure = null;
      if (!ok) {
        this.ok = false;
        if (this.graph.earlyStopping) this.stop = true;
      }
    }
    this.finished.add(node);
    this.graph.edges.forEach((edge, i) => {
      if (edge.from !== node || !follows(edge, ok)) return;
      if (!edge.weak) return void this.waiting.add(edge.to);
      if ((this.counters[i] as number) <= 0) return;
      this.counters[i] = (this.counters[i] as number) - 1;
      for (const n of strongReach(this.graph, edge.to)) this.finished.delete(n);
      this.waiting.add(edge.to);
    });
  }

  run(): void {
    for (let steps = 0; steps < MAX_STEPS && !this.stop && this.waiting.size > 0; steps++) {
      const next = [...this.waiting].find((n) => this.ready(n));
      if (next === undefined) {
        this.logs.push("Possible deadlock detected, exiting.\n");
        this.ok = false;
        return;
      }
      this.execute(next);
    }
  }
}

/** Simulates one executor; `failure` (from the outcome rules) makes the first task fail with that text. */
export function simulateExecution(graph: GraphSummary | null, executorId: string, failure: string | null): SimulatedRun {
  const logs = [
    "Parsed configuration: Gateway located on the netunicorn sandbox (simulation, nothing is executed)\n",
    `Current directory: /sandbox/executor-${executorId}\n`,
    "Successfully received the execution graph.\n",
  ];
  if (graph === null) {
    logs.push("[sandbox] the execution graph could not be read by the sandbox; no task was simulated\n");
    return { runs: [], ok: false, logs: [...logs, "Execution is finished, start reporting results.\n"] };
  }
  const walk = new Walk(graph, failure);
  walk.run();
  return { runs: walk.runs, ok: walk.ok, logs: [...logs, ...walk.logs, "Execution is finished, start reporting results.\n"] };
}
