/** Wire schemas of an Experiment (what prepare sends, and what status answers) and its deployments. */
import * as v from "valibot";
import { isBase64 } from "../base64.js";
import { type DockerImageWire, DockerImageSchema, ENVIRONMENT_DEFINITION_TYPES, type ShellExecutionWire, ShellExecutionSchema } from "./environment.js";
import { type NodeWire, NodeSchema } from "./nodes.js";
import { BooleanSchema, dictionary, NullableStringSchema, NumberSchema, nullable, oneOf, StringSchema } from "./record.js";

/** Pickles travel as padded base64 text. */
export const Base64Schema: v.GenericSchema<string> = v.custom<string>((input) => typeof input === "string" && isBase64(input), "a base64 string");

/** `{connector_name: {key: value}}`. */
export type ConnectorContextWire = Record<string, Record<string, string>>;
export const ConnectorContextSchema: v.GenericSchema<unknown, ConnectorContextWire> = dictionary(dictionary(StringSchema));

// Wire types are written out (not inferred) so the public API has explicit types (JSR "slow types").
interface DeploymentCommonWire {
  node: NodeWire;
  prepared: boolean;
  executor_id: string;
  error: string | null;
  execution_graph: string;
  keep_alive_timeout_minutes: number;
  cleanup: boolean;
}

export type DeploymentWire =
  | (DeploymentCommonWire & { environment_definition_type: "DockerImage"; environment_definition: DockerImageWire })
  | (DeploymentCommonWire & { environment_definition_type: "ShellExecution"; environment_definition: ShellExecutionWire });

export interface ExperimentWire {
  deployment_map: DeploymentWire[];
  deployment_context: ConnectorContextWire | null;
}

/** A deployment whose environment_definition is read by `environment`; the type is checked first. */
const deploymentSchema = (environment: v.GenericSchema) =>
  v.object({
    environment_definition_type: oneOf(ENVIRONMENT_DEFINITION_TYPES),
    node: NodeSchema,
    prepared: BooleanSchema,
    executor_id: StringSchema,
    error: NullableStringSchema,
    execution_graph: Base64Schema,
    keep_alive_timeout_minutes: NumberSchema,
    // netunicorn reads cleanup with data.get("cleanup", True).
    cleanup: v.optional(BooleanSchema, true),
    environment_definition: environment,
  });

/** (Its keys are also the Deployment model's table.) */
export const DockerDeploymentSchema: v.GenericSchema<unknown, DeploymentWire> = deploymentSchema(DockerImageSchema) as v.GenericSchema<unknown, DeploymentWire>;
const ShellDeploymentSchema = deploymentSchema(ShellExecutionSchema);

/** A deployment, its environment_definition read according to environment_definition_type. */
export const DeploymentSchema: v.GenericSchema<unknown, DeploymentWire> = v.lazy((input) =>
  (input as { environment_definition_type?: unknown } | null)?.environment_definition_type === "ShellExecution" ? ShellDeploymentSchema : DockerDeploymentSchema,
) as v.GenericSchema<unknown, DeploymentWire>;

export const ExperimentSchema: v.GenericSchema<unknown, ExperimentWire> = v.object({
  deployment_map: v.array(DeploymentSchema),
  // netunicorn reads deployment_context with data.get("deployment_context").
  deployment_context: v.optional(nullable(ConnectorContextSchema), null),
});

