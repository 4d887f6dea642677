/** From the valibot schemas (written once) to what MCP needs: JSON Schemas and argument checks. */
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import type { AnySchema } from "./tool.js";

export type JsonSchemaObject = { type: "object"; [key: string]: unknown };

/** The JSON Schema (draft-07 vocabulary, without `$schema`) of a valibot object schema. */
// Refinements (v.check) have no JSON Schema form: they are skipped there and still enforced by checkArguments.
export function jsonSchemaOf(schema: AnySchema, definitions?: Record<string, AnySchema>): JsonSchemaObject {
  const config = { target: "draft-07", errorMode: "ignore", ...(definitions ? { definitions } : {}) } as const;
  const converted = toJsonSchema(schema, config) as Record<string, unknown>;
  const { $schema: _ignored, ...rest } = converted;
  if (rest.type !== "object") throw new Error("a tool schema must be an object schema");
  return rest as JsonSchemaObject;
}

export type ArgumentCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** Validates tool arguments; the failure message names each wrong field. */
export function checkArguments<S extends AnySchema>(schema: S, args: unknown): ArgumentCheck<v.InferOutput<S>> {
  const result = v.safeParse(schema, args ?? {});
  if (result.success) return { ok: true, value: result.output };
  const problems = result.issues.slice(0, 5).map(describeIssue);
  return { ok: false, message: `Invalid arguments: ${problems.join("; ")}` };
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  if (issue.type === "strict_object" && issue.input !== undefined && path !== null) {
    return `unknown field "${path}" (not accepted by this tool)`;
  }
  const where = path === null || path === "" ? "arguments" : `field "${path}"`;
  return `${where}: ${issue.message}`;
}
