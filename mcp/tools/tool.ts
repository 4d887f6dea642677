/**
 * What a tool is, for this server: valibot schemas written once (they give the JSON Schemas
 * the assistant sees, the argument validation and the TypeScript types) and a run function
 * that answers structured content plus a short text rendering.
 */
import type * as v from "valibot";
import type { BaseClient } from "../../src/base-client.js";
import type { AnySchema } from "../answers/schema.js";
import type { PreparedNames } from "./prepared-names.js";

export type ObjectSchema = v.ObjectSchema<v.ObjectEntries, undefined> | v.StrictObjectSchema<v.ObjectEntries, undefined>;

/** MCP tool annotations (hints for the client; this server keeps them true). */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What a tool run can use besides its arguments. */
export interface ToolContext {
  client: BaseClient;
  /** Aborted when the caller cancels the request. */
  signal: AbortSignal;
  /** Sends a progress notification when the caller gave a progress token (no-op otherwise). */
  progress(progress: number, total: number | undefined, message: string): Promise<void>;
  /** Asks the user to confirm a destructive action; resolves to the decision. */
  confirm(message: string, confirmArgument: boolean | undefined): Promise<Confirmation>;
  /** Default upper bound on a wait, in seconds (below the client's usual 60 s request timeout). */
  defaultWaitSeconds: number;
  /** Longest silence between progress notifications during a wait, in ms. */
  progressEveryMs: number;
  /** Names this server sent for preparation moments ago (their "not found" is not believed yet). */
  preparedNames: PreparedNames;
}

export type Confirmation = { confirmed: true } | { confirmed: false; reason: string };

/** A tool's answer: structured content (validated by clients against outputSchema) and text. */
export interface ToolAnswer<O> {
  structured: O;
  text: string;
}

export interface ToolDefinition<I extends ObjectSchema = ObjectSchema, O extends ObjectSchema = ObjectSchema> {
  name: string;
  title: string;
  description: string;
  annotations: ToolAnnotations;
  input: I;
  output: O;
  /** Sub-schemas emitted once under `$defs` and referenced (keeps big input schemas small). */
  definitions?: Record<string, AnySchema>;
  run(args: v.InferOutput<I>, context: ToolContext): Promise<ToolAnswer<v.InferOutput<O>>>;
}

/** Type-checks a tool definition while erasing its generics for the registry. */
export function defineTool<I extends ObjectSchema, O extends ObjectSchema>(tool: ToolDefinition<I, O>): ToolDefinition {
  return tool as unknown as ToolDefinition;
}

/** Annotation presets: each tool picks the one that is true of it. */
export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

/** Changes state, additively (prepare, start, set flag). */
export function writes(idempotent: boolean): ToolAnnotations {
  return { readOnlyHint: false, destructiveHint: false, idempotentHint: idempotent, openWorldHint: true };
}

/** Destroys or interrupts something (delete, cancel). */
export function destroys(idempotent: boolean): ToolAnnotations {
  return { readOnlyHint: false, destructiveHint: true, idempotentHint: idempotent, openWorldHint: true };
}
