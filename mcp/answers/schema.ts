/** From the valibot schemas (written once) to what MCP needs: JSON Schemas and argument checks. */
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { describeIssues } from "./issue-text.js";
import { flattenSchema } from "./schema-flat.js";

// biome-ignore lint: valibot's own generic shape
export type AnySchema = v.GenericSchema<unknown, unknown>;

export type JsonSchemaObject = { type: "object"; [key: string]: unknown };

/**
 * The JSON Schema (draft-07 vocabulary, without `$schema`) of a valibot object schema, flattened
 * for clients and model providers (schema-flat.ts): no `$ref`, objects typed at the top.
 */
// Refinements (v.check) have no JSON Schema form: they are skipped there and still enforced by checkArguments.
export function jsonSchemaOf(schema: AnySchema, definitions?: Record<string, AnySchema>): JsonSchemaObject {
  const config = { target: "draft-07", errorMode: "ignore", ...(definitions ? { definitions } : {}) } as const;
  const flat = flattenSchema(toJsonSchema(schema, config) as Record<string, unknown>);
  if (flat.type !== "object") throw new Error("a tool schema must be an object schema");
  return flat as JsonSchemaObject;
}

export type ArgumentCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** Validates tool arguments; the failure message names each wrong field. */
export function checkArguments<S extends AnySchema>(schema: S, args: unknown): ArgumentCheck<v.InferOutput<S>> {
  const result = v.safeParse(schema, args ?? {});
  if (result.success) return { ok: true, value: result.output };
  const problems = describeIssues(schema, args ?? {}, result.issues);
  return { ok: false, message: `Invalid arguments: ${problems.join("; ")}` };
}
