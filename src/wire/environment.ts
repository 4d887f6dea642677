/** Wire schemas of environment definitions (DockerImage, ShellExecution) and their contexts. */
import * as v from "valibot";
import { dictionary } from "./record.js";

export const ENVIRONMENT_DEFINITION_TYPES = ["DockerImage", "ShellExecution"] as const;
export type EnvironmentDefinitionType = (typeof ENVIRONMENT_DEFINITION_TYPES)[number];

export const RuntimeContextSchema = v.looseObject({
  /** Host port → container port; JSON keys are the port numbers as text. */
  ports_mapping: dictionary(v.pipe(v.number(), v.integer())),
  environment_variables: dictionary(v.string()),
  additional_arguments: v.array(v.string()),
  // Servers older than netunicorn-base 0.4 send no "network": read it as null.
  network: v.optional(v.nullable(v.string()), null),
});
export type RuntimeContextWire = v.InferOutput<typeof RuntimeContextSchema>;

export const BuildContextSchema = v.looseObject({
  python_version: v.string(),
  cloudpickle_version: v.nullable(v.string()),
});
export type BuildContextWire = v.InferOutput<typeof BuildContextSchema>;

export const ShellExecutionSchema = v.looseObject({
  commands: v.array(v.string()),
  runtime_context: RuntimeContextSchema,
});
export type ShellExecutionWire = v.InferOutput<typeof ShellExecutionSchema>;

export const DockerImageSchema = v.looseObject({
  image: v.nullable(v.string()),
  build_context: BuildContextSchema,
  runtime_context: RuntimeContextSchema,
  commands: v.array(v.string()),
});
export type DockerImageWire = v.InferOutput<typeof DockerImageSchema>;
