/** Wire schemas of an Experiment (what prepare sends, and what status answers) and its deployments. */
import * as v from "valibot";
import { isBase64 } from "../base64.js";
import { type DockerImageWire, DockerImageSchema, type ShellExecutionWire, ShellExecutionSchema } from "./environment.js";
import { type NodeWire, NodeSchema } from "./nodes.js";
import { dictionary } from "./record.js";

/** Pickles travel as padded base64 text. */
export const Base64Schema: v.GenericSchema<string> = v.pipe(v.string(), v.check(isBase64, "base64 text"));

/** `{connector_name: {key: value}}`. */
export type ConnectorContextWire = Record<string, Record<string, string>>;
export const ConnectorContextSchema: v.GenericSchema<unknown, ConnectorContextWire> = dictionary(dictionary(v.string()));

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
export const DeploymentSchema: v.GenericSchema<unknown, DeploymentWire> = v.variant("environment_definition_type", [
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

export const ExperimentSchema: v.GenericSchema<unknown, ExperimentWire> = v.looseObject({
  deployment_map: v.array(DeploymentSchema),
  // netunicorn reads deployment_context with data.get("deployment_context").
  deployment_context: v.optional(v.nullable(ConnectorContextSchema), null),
});

