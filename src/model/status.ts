/** Experiment status and execution results (netunicorn.base.experiment). */
import { setOwnProperty } from "../json.js";
import {
  DeploymentExecutionResultSchema,
  type DeploymentExecutionResultWire,
  type ExperimentExecutionInformationWire,
  ExperimentExecutionInformationSchema,
  ExperimentsSchema,
  type ExperimentsWire,
} from "../wire/status.js";
import { validateBody } from "../wire/validate.js";
import { Experiment } from "./experiment.js";
import { fields, fieldsOf, wireOf } from "./fields.js";
import { base64Of, bytesOf, type LazyBytes } from "./lazy-bytes.js";
import { Node } from "./node.js";

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

/** The names in the order of their numbers. */
const NAMES = Object.keys(ExperimentStatus) as readonly ExperimentStatusName[];

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
  // A number reads as its decimal text ("3"; 3.5, -1 or NaN match no status).
  const text = String(value).trim().replace(/^ExperimentStatus\./, "").toUpperCase();
  const index = /^\d$/.test(text) ? Number(text) : NAMES.indexOf(text as ExperimentStatusName);
  return NAMES[index] === undefined ? undefined : (index as ExperimentStatus);
}

// The wire keys; toJSON writes the lazily decoded execution_graph and result (accessors) itself.
const RESULT = fields(DeploymentExecutionResultSchema);

/** The outcome of one deployment. Pickled fields stay bytes; `decodeDeploymentResult(result)` reads them safely. */
export class DeploymentExecutionResult {
  declare node: Node;
  /** Why the deployment failed (e.g. preparation, or "Executor was stopped"), or null. */
  declare error: string | null;
  // Base64 text until first read (see lazy-bytes.ts).
  #executionGraph: LazyBytes;
  #result: LazyBytes | null;

  constructor(init: { node: Node; executionGraph: Uint8Array; result: Uint8Array | null; error?: string | null }) {
    this.node = init.node;
    this.#executionGraph = init.executionGraph;
    this.#result = init.result ?? null;
    this.error = init.error ?? null;
  }

  /** @internal Builds a result from an already validated body (base64 decoded lazily: the constructor keeps text as it is). */
  static fromWire(wire: DeploymentExecutionResultWire): DeploymentExecutionResult {
    // The graph and the result as base64 text, which the constructor keeps as it is.
    return new DeploymentExecutionResult({ ...fieldsOf(wire, RESULT), node: Node.fromWire(wire.node) });
  }

  /** The pickled execution graph that ran. */
  get executionGraph(): Uint8Array {
    return (this.#executionGraph = bytesOf(this.#executionGraph)!);
  }

  set executionGraph(bytes: Uint8Array) {
    this.#executionGraph = bytes;
  }

  /** The pickled `[graph_result, log_lines]` the executor reported, or null. */
  get result(): Uint8Array | null {
    return (this.#result = bytesOf(this.#result));
  }

  set result(bytes: Uint8Array | null) {
    this.#result = bytes;
  }

  toJSON(): DeploymentExecutionResultWire {
    return { ...wireOf(this, RESULT), execution_graph: base64Of(this.#executionGraph)!, result: base64Of(this.#result) };
  }
}

const INFORMATION = fields(ExperimentExecutionInformationSchema);

/** What GET /api/v1/experiment/{name} answers. */
export class ExperimentExecutionInformation {
  declare status: ExperimentStatus;
  /** The experiment as the server stores it (null right after prepare). */
  declare experiment: Experiment | null;
  /** null; an error text when the whole execution failed; or one result per deployment. */
  declare executionResult: null | string | DeploymentExecutionResult[];

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
      wire.experiment && Experiment.fromWire(wire.experiment),
      Array.isArray(result) ? result.map(DeploymentExecutionResult.fromWire) : result,
    );
  }

  toJSON(): ExperimentExecutionInformationWire {
    return wireOf(this, INFORMATION);
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
