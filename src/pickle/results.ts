/**
 * Decoding of a deployment's execution result. netunicorn's executor ships
 * cloudpickle.dumps([graphResult, logLines]) where graphResult is Success/Failure of a
 * collections.defaultdict(list) mapping task names to lists of per-run Success/Failure.
 * Decoding is lazy: nothing is unpickled until a property or view() is asked for.
 */
import { unpickle } from "./read.js";
import type { PickleLimits } from "./limits.js";
import { toView, type JsonValue } from "./view.js";
import { PyDict, PyResult, PyTuple, type PyValue } from "./value.js";

/** One run of a task: Success (ok) or Failure, and the value it carried (often traceback text). */
export interface DecodedTaskRun {
  ok: boolean;
  value: PyValue;
}

/** The `{node, error, result, logs}` JSON view of one deployment's result. */
export interface DeploymentResultView {
  node: string;
  error: string | null;
  result: JsonValue;
  logs: string[] | null;
}

export interface DecodedDeploymentResult {
  /** True when the deployment produced a result and the whole-graph result is a Success. */
  readonly ok: boolean;
  /** Task name → its runs in order (tasks reached again through weak edges have several). */
  readonly tasks: ReadonlyMap<string, readonly DecodedTaskRun[]>;
  /** The executor's log lines, each ending in a newline ([] when there is no result). */
  readonly logs: readonly string[];
  /** The deployment's own error (e.g. failed preparation), or null. */
  readonly error: string | null;
  /** The decoded graph result (first item of the result pickle), or null without a result. */
  readonly value: PyValue;
  view(): DeploymentResultView;
}

export interface DeploymentResultInput {
  node: { name: string };
  result: Uint8Array | null;
  error: string | null;
}

interface Decoded { value: PyValue; logs: string[] | null }

function itemsOf(v: PyValue): PyValue[] | undefined {
  return Array.isArray(v) ? v : v instanceof PyTuple ? v.items : undefined;
}

function logLine(v: PyValue): string {
  return typeof v === "string" ? v : JSON.stringify(toView(v));
}

class LazyDeploymentResult implements DecodedDeploymentResult {
  private decoded: Decoded | undefined;
  private taskMap: Map<string, DecodedTaskRun[]> | undefined;
  constructor(private readonly input: DeploymentResultInput, private readonly limits?: Partial<PickleLimits>) {}

  get error(): string | null {
    return this.input.error;
  }

  private get data(): Decoded {
    if (this.decoded) return this.decoded;
    const bytes = this.input.result;
    if (bytes === null) return (this.decoded = { value: null, logs: null });
    const top = unpickle(bytes, this.limits);
    const pair = itemsOf(top);
    // the executor's payload is [result, logs]; anything else is shown whole as the result
    const logLines = pair?.length === 2 ? itemsOf(pair[1]!) : undefined;
    if (logLines !== undefined) return (this.decoded = { value: pair![0]!, logs: logLines.map(logLine) });
    return (this.decoded = { value: top, logs: [] });
  }

  get value(): PyValue {
    return this.data.value;
  }

  get logs(): readonly string[] {
    return this.data.logs ?? [];
  }

  get ok(): boolean {
    return this.input.error === null && this.value instanceof PyResult && this.value.ok;
  }

  get tasks(): ReadonlyMap<string, readonly DecodedTaskRun[]> {
    if (this.taskMap) return this.taskMap;
    const map = new Map<string, DecodedTaskRun[]>();
    const inner = this.value instanceof PyResult ? this.value.value : this.value;
    if (inner instanceof PyDict) {
      for (const [name, runs] of inner) {
        map.set(String(name), (itemsOf(runs) ?? [runs]).map((run) =>
          run instanceof PyResult ? { ok: run.ok, value: run.value } : { ok: true, value: run }));
      }
    }
    return (this.taskMap = map);
  }

  view(): DeploymentResultView {
    const { value, logs } = this.data;
    return { node: this.input.node.name, error: this.input.error, result: this.input.result === null ? null : toView(value), logs };
  }
}

/**
 * Decodes one deployment's result (a `DeploymentExecutionResult`, or any `{node, result, error}`)
 * safely, without running any Python: per-task runs, logs, the deployment's error, and `view()`.
 * Lazy: nothing is unpickled until a property is read; bad bytes throw a PickleError then.
 * A function the caller imports (not a method of the model), so a bundle holds the pickle decoder
 * exactly when the code names it.
 */
export function decodeDeploymentResult(result: DeploymentResultInput, limits?: Partial<PickleLimits>): DecodedDeploymentResult {
  return new LazyDeploymentResult(result, limits);
}
