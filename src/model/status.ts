/** Experiment status and execution results (netunicorn.base.experiment). */
import { setOwnProperty } from "../json.js";
import type { PickleLimits } from "../pickle/limits.js";
import type { DecodedDeploymentResult } from "../pickle/results.js";
import {
  type DeploymentExecutionResultWire,
  type ExperimentExecutionInformationWire,
  ExperimentExecutionInformationSchema,
  ExperimentsSchema,
  type ExperimentsWire,
} from "../wire/status.js";
import { validateBody } from "../wire/validate.js";
import { Experiment } from "./experiment.js";
import { LazyBytes } from "./lazy-bytes.js";
import { Node } from "./node.js";
import { resultDecoder } from "./result-decoder.js";

/** Lifecycle of an experiment: PREPARING → READY → RUNNING → FINISHED; UNKNOWN after some failures. */
export const ExperimentStatus = {
  UNKNOWN: 0,
  PREPARING: 1,
  READY: 2,
  RUNNING: 3,
  FINISHED: 4,
} as const;
export type ExperimentStatus = (typeof ExperimentStatus)[keyof typeof ExperimentStatus];
export type ExperimentStatusName = keyof typeof ExperimentStatus;

const NAMES: readonly ExperimentStatusName[] = ["UNKNOWN", "PREPARING", "READY", "RUNNING", "FINISHED"];

/** "RUNNING" for 3; undefined for a number that is not a status. */
export function experimentStatusName(status: number): ExperimentStatusName | undefined {
  return Number.isInteger(status) ? NAMES[status] : undefined;
}

/** Python's str() of the enum, as the server writes it in messages: "ExperimentStatus.RUNNING". */
export function experimentStatusPythonName(status: ExperimentStatus): string {
  return `ExperimentStatus.${NAMES[status] ?? String(status)}`;
}

/** Reads 3, "3", "RUNNING", "running" or "ExperimentStatus.RUNNING"; undefined when not a status. */
export function parseExperimentStatus(value: string | number): ExperimentStatus | undefined {
  if (typeof value === "number") return experimentStatusName(value) === undefined ? undefined : (value as ExperimentStatus);
  const text = value.trim().replace(/^ExperimentStatus\./, "");
  if (/^\d$/.test(text)) return parseExperimentStatus(Number(text));
  const index = NAMES.indexOf(text.toUpperCase() as ExperimentStatusName);
  return index < 0 ? undefined : (index as ExperimentStatus);
}

/** The outcome of one deployment. Pickled fields stay bytes; `decode()` reads them safely. */
export class DeploymentExecutionResult {
  node: Node;
  /** Why the deployment failed (e.g. preparation, or "Executor was stopped"), or null. */
  error: string | null;
  #executionGraph: LazyBytes;
  #result: LazyBytes | null;

  constructor(init: { node: Node; executionGraph: Uint8Array; result: Uint8Array | null; error?: string | null }) {
    this.node = init.node;
    this.#executionGraph = LazyBytes.fromBytes(init.executionGraph);
    this.#result = init.result === null ? null : LazyBytes.fromBytes(init.result);
    this.error = init.error ?? null;
  }

  /** @internal Builds a result from an already validated body (base64 decoded lazily). */
  static fromWire(wire: DeploymentExecutionResultWire): DeploymentExecutionResult {
    const result = new DeploymentExecutionResult({ node: Node.fromWire(wire.node), executionGraph: new Uint8Array(0), result: null, error: wire.error });
    result.#executionGraph = LazyBytes.fromBase64(wire.execution_graph);
    result.#result = wire.result === null ? null : LazyBytes.fromBase64(wire.result);
    return result;
  }

  /** The pickled execution graph that ran. */
  get executionGraph(): Uint8Array {
    return this.#executionGraph.bytes;
  }

  set executionGraph(bytes: Uint8Array) {
    this.#executionGraph = LazyBytes.fromBytes(bytes);
  }

  /** The pickled `[graph_result, log_lines]` the executor reported, or null. */
  get result(): Uint8Array | null {
    return this.#result === null ? null : this.#result.bytes;
  }

  set result(bytes: Uint8Array | null) {
    this.#result = bytes === null ? null : LazyBytes.fromBytes(bytes);
  }

  /**
   * Decodes the result pickle (safely, without running any Python): task results and logs.
   * In a tree-shaken browser bundle that uses nothing else of the decoder, this throws a
   * UsageError asking for decodeDeploymentResult(result) instead (see model/result-decoder.ts).
   */
  decode(limits?: Partial<PickleLimits>): DecodedDeploymentResult {
    return resultDecoder()(this, limits);
  }

  toJSON(): DeploymentExecutionResultWire {
    return {
      node: this.node.toJSON(),
      execution_graph: this.#executionGraph.toBase64(),
      result: this.#result === null ? null : this.#result.toBase64(),
      error: this.error,
    };
  }
}

/** What GET /api/v1/experiment/{name} answers. */
export class ExperimentExecutionInformation {
  status: ExperimentStatus;
  /** The experiment as the server stores it (null right after prepare). */
  experiment: Experiment | null;
  /** null; an error text when the whole execution failed; or one result per deployment. */
  executionResult: null | string | DeploymentExecutionResult[];

  constructor(status: ExperimentStatus, experiment: Experiment | null = null, executionResult: null | string | DeploymentExecutionResult[] = null) {
    this.status = status;
    this.experiment = experiment;
    this.executionResult = executionResult;
  }

  /** "RUNNING" etc. */
  get statusName(): ExperimentStatusName {
    return NAMES[this.status]!;
  }

  /** Validates a status body and builds the information (throws ValidationError). */
  static fromJSON(body: unknown): ExperimentExecutionInformation {
    return ExperimentExecutionInformation.fromWire(validateBody(ExperimentExecutionInformationSchema, body, "ExperimentExecutionInformation.fromJSON"));
  }

  /** @internal */
  static fromWire(wire: ExperimentExecutionInformationWire): ExperimentExecutionInformation {
    const result = wire.execution_result;
    return new ExperimentExecutionInformation(
      wire.status,
      wire.experiment === null ? null : Experiment.fromWire(wire.experiment),
      Array.isArray(result) ? result.map((item) => DeploymentExecutionResult.fromWire(item)) : result,
    );
  }

  toJSON(): ExperimentExecutionInformationWire {
    const result = this.executionResult;
    return {
      status: this.status,
      experiment: this.experiment === null ? null : this.experiment.toJSON(),
      execution_result: Array.isArray(result) ? result.map((item) => item.toJSON()) : result,
    };
  }
}

/** Validates the body of GET /api/v1/experiment and builds name → information (in the object's key order). */
export function experimentsFromJSON(body: unknown): Map<string, ExperimentExecutionInformation> {
  const wire = validateBody(ExperimentsSchema, body, "experimentsFromJSON");
  return new Map(Object.entries(wire).map(([name, info]) => [name, ExperimentExecutionInformation.fromWire(info)]));
}

/** The wire shape of an experiments map (what GET /api/v1/experiment answers). */
export function experimentsToJSON(experiments: ReadonlyMap<string, ExperimentExecutionInformation>): ExperimentsWire {
  const wire: ExperimentsWire = {};
  for (const [name, info] of experiments) {
    setOwnProperty(wire, name, info.toJSON());
  }
  return wire;
}
