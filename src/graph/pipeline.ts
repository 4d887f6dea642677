/**
 * Pipeline and CyclePipeline (netunicorn.base.pipeline): stages run one after another, the tasks
 * of a stage in parallel. Stages [A], [B, C] make the graph root → A → 1 → B → 2, 1 → C → 2:
 * the synchronisation points are the stage numbers 1, 2, ... (Python ints).
 */
import { UsageError } from "../errors.js";
import type { EdgeType } from "./digraph.js";
import { ExecutionGraph, type ExecutionGraphOptions } from "./execution-graph.js";
import { TaskReference } from "./task.js";
import type { GraphPickleSpec } from "./to-pickle.js";

/** A stage: one task, or several tasks that run in parallel. */
export type Stage = TaskReference | readonly TaskReference[];

function toStage(stage: Stage, operation: string): TaskReference[] {
  const tasks = stage instanceof TaskReference ? [stage] : [...stage];
  if (tasks.length === 0) throw new UsageError(`${operation}: a stage needs at least one task`);
  for (const t of tasks) {
    if (!(t instanceof TaskReference)) throw new UsageError(`${operation}: a stage holds tasks (made with task(), shellCommand(), ...)`);
  }
  return tasks;
}

export class Pipeline extends ExecutionGraph {
  /** The synchronisation point the next stage starts from ("root", then 1, 2, ...). */
  lastStage: string | number = "root";

  constructor(stages: readonly Stage[] = [], options: ExecutionGraphOptions = {}) {
    super(options);
    for (const stage of stages) this.then(stage);
  }

  /** Appends a stage: edges from the last synchronisation point to each task and on to the next one. */
  then(stage: Stage): this {
    const tasks = toStage(stage, "Pipeline.then");
    const from = this.lastStage;
    const next = typeof from === "number" ? from + 1 : 1;
    for (const t of tasks) this.graph.addEdge(from, t);
    for (const t of tasks) this.graph.addEdge(t, next);
    this.lastStage = next;
    return this;
  }

  protected override pickleSpec(): GraphPickleSpec {
    return {
      ...super.pickleSpec(),
      module: "netunicorn.base.pipeline",
      className: "Pipeline",
      trailing: [["last_stage", this.lastStage]],
    };
  }
}

/** The attributes of CyclePipeline's cycling edges. */
export interface CycleEdgeParams {
  type: EdgeType;
  counter?: number;
}

/**
 * A Pipeline that starts again from its first stage: a weak edge (with counter cycles - 1 when
 * `cycles` is given) leads from the last stage back to root.
 */
export class CyclePipeline extends Pipeline {
  readonly edgeParams: CycleEdgeParams;

  constructor(cycles?: number, stages: readonly Stage[] = [], options: ExecutionGraphOptions = {}) {
    super([], options);
    this.edgeParams = { type: "weak" };
    if (cycles !== undefined) {
      // netunicorn refuses cycles <= 2 although its message says "at least 2": mirrored.
      if (!Number.isSafeInteger(cycles) || cycles <= 2) {
        throw new UsageError(`CyclePipeline: cycles must be an integer greater than 2 (netunicorn refuses ${String(cycles)})`);
      }
      this.edgeParams.counter = cycles - 1;
    }
    for (const stage of stages) this.then(stage);
    // As in Python, the root → root weak edge is added after the constructor's stages; a later
    // then() from root (no stages given) removes it again.
    this.graph.addEdge("root", "root", { ...this.edgeParams });
  }

  override then(stage: Stage): this {
    toStage(stage, "CyclePipeline.then");
    if (this.graph.hasEdge(this.lastStage, "root")) this.graph.removeEdge(this.lastStage, "root");
    super.then(stage);
    this.graph.addEdge(this.lastStage, "root", { ...this.edgeParams });
    return this;
  }

  protected override pickleSpec(): GraphPickleSpec {
    // a plain object: its undefined counter is left out when written
    const { type, counter } = this.edgeParams;
    return { ...super.pickleSpec(), className: "CyclePipeline", leading: [["edge_params", { type, counter }]] };
  }
}
