/** Wire schemas of environment definitions (DockerImage, ShellExecution) and their contexts. */
import * as v from "valibot";
import { dictionary, IntegerSchema, NullableStringSchema, StringSchema } from "./record.js";

export const ENVIRONMENT_DEFINITION_TYPES = ["DockerImage", "ShellExecution"] as const;
export type EnvironmentDefinitionType = (typeof ENVIRONMENT_DEFINITION_TYPES)[number];

// Wire types are written out (not inferred) so the public API has explicit types (JSR "slow types");
// the annotations make TypeScript check each schema against its type.
export interface RuntimeContextWire {
  ports_mapping: Record<string, number>;
  environment_variables: Record<string, string>;
  additional_arguments: string[];
  network: string | null;
}

export interface BuildContextWire {
  python_version: string;
  cloudpickle_version: string | null;
}

export interface ShellExecutionWire {
  commands: string[];
  runtime_context: RuntimeContextWire;
}

export interface DockerImageWire {
  image: string | null;
  build_context: BuildContextWire;
  runtime_context: RuntimeContextWire;
  commands: string[];
}

const Strings = v.array(StringSchema);

export const RuntimeContextSchema: v.GenericSchema<unknown, RuntimeContextWire> = v.object({
  /** Host port → container port; JSON keys are the port numbers as text. */
  ports_mapping: dictionary(IntegerSchema),
  environment_variables: dictionary(StringSchema),
  additional_arguments: Strings,
  // Servers older than netunicorn-base 0.4 send no "network": read it as null.
  network: v.optional(NullableStringSchema, null),
});

export const BuildContextSchema: v.GenericSchema<unknown, BuildContextWire> = v.object({
  python_version: StringSchema,
  cloudpickle_version: NullableStringSchema,
});

export const ShellExecutionSchema: v.GenericSchema<unknown, ShellExecutionWire> = v.object({
  commands: Strings,
  runtime_context: RuntimeContextSchema,
});

export const DockerImageSchema: v.GenericSchema<unknown, DockerImageWire> = v.object({
  image: NullableStringSchema,
  build_context: BuildContextSchema,
  runtime_context: RuntimeContextSchema,
  commands: Strings,
});

