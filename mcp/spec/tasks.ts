/** Task specs → task references of the graph builder, with unique names checked up front. */
import { UsageError } from "../../src/errors.js";
import { type TaskArgument, type TaskReference, shellCommand, sleep, task } from "../../src/graph/index.js";
import type { TaskSpec } from "./schema.js";

function toTask(spec: TaskSpec): TaskReference {
  const name = spec.name === undefined ? {} : { name: spec.name };
  if ("shell" in spec) return shellCommand(spec.shell, name);
  if ("sleep" in spec) return sleep(spec.sleep, name);
  return task(spec.task, {
    ...name,
    args: (spec.args ?? []) as TaskArgument[],
    kwargs: (spec.kwargs ?? {}) as Record<string, TaskArgument>,
    requirements: spec.requirements ?? [],
  });
}

/** Each stage as a list of parallel tasks; refuses duplicate task names (results are keyed by name). */
export function stagesOf(pipeline: readonly (TaskSpec | TaskSpec[])[]): TaskReference[][] {
  const seen = new Set<string>();
  return pipeline.map((stage, index) => {
    const tasks = (Array.isArray(stage) ? stage : [stage]).map((spec) => {
      try {
        return toTask(spec);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new UsageError(`pipeline[${index}]: ${message}`, { operation: "prepare_experiment" });
      }
    });
    for (const t of tasks) {
      if (seen.has(t.name)) throw new UsageError(`pipeline[${index}]: task name "${t.name}" is used twice`, { operation: "prepare_experiment" });
      seen.add(t.name);
    }
    return tasks;
  });
}
