/** Wire schemas of GET /api/v1/experiment/{name} (ExperimentExecutionInformation) and GET /api/v1/experiment. */
import * as v from "valibot";
import { Base64Schema, type ExperimentWire, ExperimentSchema } from "./experiment.js";
import { type NodeWire, NodeSchema } from "./nodes.js";
import { dictionary, NullableStringSchema, nullable, oneOf } from "./record.js";

const STATUSES = [0, 1, 2, 3, 4] as const;
export type ExperimentStatusWire = (typeof STATUSES)[number];
export const ExperimentStatusSchema: v.GenericSchema<unknown, ExperimentStatusWire> = oneOf(STATUSES);

// Wire types are written out (not inferred) so the public API has explicit types (JSR "slow types").
export interface DeploymentExecutionResultWire {
  node: NodeWire;
  execution_graph: string;
  result: string | null;
  error: string | null;
}

export type ExecutionResultWire = null | string | DeploymentExecutionResultWire[];

export interface ExperimentExecutionInformationWire {
  status: ExperimentStatusWire;
  experiment: ExperimentWire | null;
  execution_result: ExecutionResultWire;
}

export type ExperimentsWire = Record<string, ExperimentExecutionInformationWire>;

export const DeploymentExecutionResultSchema: v.GenericSchema<unknown, DeploymentExecutionResultWire> = v.object({
  node: NodeSchema,
  execution_graph: Base64Schema,
  result: nullable(Base64Schema),
  error: NullableStringSchema,
});

const ExecutionResultListSchema = v.array(DeploymentExecutionResultSchema);
const NotAListSchema = v.custom<null | string>((input) => input === null || typeof input === "string", "one of null | string | Array");

/** null, an error text, or one result per deployment (dispatched on the JSON type for precise paths). */
export const ExecutionResultSchema: v.GenericSchema<unknown, ExecutionResultWire> = v.lazy((input) =>
  Array.isArray(input) ? ExecutionResultListSchema : NotAListSchema,
);

export const ExperimentExecutionInformationSchema: v.GenericSchema<unknown, ExperimentExecutionInformationWire> = v.object({
  status: ExperimentStatusSchema,
  experiment: nullable(ExperimentSchema),
  execution_result: ExecutionResultSchema,
});

/** GET /api/v1/experiment: experiment name → its information. */
export const ExperimentsSchema: v.GenericSchema<unknown, ExperimentsWire> = dictionary(ExperimentExecutionInformationSchema);
