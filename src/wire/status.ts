/** Wire schemas of GET /api/v1/experiment/{name} (ExperimentExecutionInformation) and GET /api/v1/experiment. */
import * as v from "valibot";
import { Base64Schema, ExperimentSchema } from "./experiment.js";
import { NodeSchema } from "./nodes.js";
import { dictionary } from "./record.js";

export const ExperimentStatusSchema = v.picklist([0, 1, 2, 3, 4]);

export const DeploymentExecutionResultSchema = v.looseObject({
  node: NodeSchema,
  execution_graph: Base64Schema,
  result: v.nullable(Base64Schema),
  error: v.nullable(v.string()),
});
export type DeploymentExecutionResultWire = v.InferOutput<typeof DeploymentExecutionResultSchema>;

const ExecutionResultListSchema = v.array(DeploymentExecutionResultSchema);
const AnyExecutionResultSchema = v.union([v.null(), v.string(), ExecutionResultListSchema]);

/** null, an error text, or one result per deployment (dispatched on the JSON type for precise paths). */
export const ExecutionResultSchema = v.lazy((input) =>
  input === null ? v.null() : typeof input === "string" ? v.string() : Array.isArray(input) ? ExecutionResultListSchema : AnyExecutionResultSchema,
);

export const ExperimentExecutionInformationSchema = v.looseObject({
  status: ExperimentStatusSchema,
  experiment: v.nullable(ExperimentSchema),
  execution_result: ExecutionResultSchema,
});
export type ExperimentExecutionInformationWire = v.InferOutput<typeof ExperimentExecutionInformationSchema>;

/** GET /api/v1/experiment: experiment name → its information. */
export const ExperimentsSchema = dictionary(ExperimentExecutionInformationSchema);
export type ExperimentsWire = v.InferOutput<typeof ExperimentsSchema>;
