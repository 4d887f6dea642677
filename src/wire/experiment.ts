/** Wire schemas of an Experiment (what prepare sends, and what status answers) and its deployments. */
import * as v from "valibot";
import { isBase64 } from "../base64.js";
import { DockerImageSchema, ShellExecutionSchema } from "./environment.js";
import { NodeSchema } from "./nodes.js";
import { dictionary } from "./record.js";

/** Pickles travel as padded base64 text. */
export const Base64Schema = v.pipe(v.string(), v.check(isBase64, "base64 text"));

/** `{connector_name: {key: value}}`. */
export const ConnectorContextSchema = dictionary(dictionary(v.string()));

const deploymentEntries = {
  node: NodeSchema,
  prepared: v.boolean(),
  executor_id: v.string(),
  error: v.nullable(v.string()),
  execution_graph: Base64Schema,
  keep_alive_timeout_minutes: v.number(),
  // netunicorn reads cleanup with data.get("cleanup", True).
  cleanup: v.optional(v.boolean(), true),
};

/** A deployment, its environment_definition read according to environment_definition_type. */
export const DeploymentSchema = v.variant("environment_definition_type", [
  v.looseObject({
    ...deploymentEntries,
    environment_definition_type: v.literal("DockerImage"),
    environment_definition: DockerImageSchema,
  }),
  v.looseObject({
    ...deploymentEntries,
    environment_definition_type: v.literal("ShellExecution"),
    environment_definition: ShellExecutionSchema,
  }),
]);
export type DeploymentWire = v.InferOutput<typeof DeploymentSchema>;

export const ExperimentSchema = v.looseObject({
  deployment_map: v.array(DeploymentSchema),
  // netunicorn reads deployment_context with data.get("deployment_context").
  deployment_context: v.optional(v.nullable(ConnectorContextSchema), null),
});
export type ExperimentWire = v.InferOutput<typeof ExperimentSchema>;
