/** Schema pieces shared by several tools: the confirmation of destructive ones, a node entry. */
import * as v from "valibot";
import { UsageError } from "../../src/errors.js";
import type { ToolContext } from "./tool.js";

/** Asks (or checks) confirmation; throws a refusal the assistant can act on. */
export async function requireConfirmation(tool: string, context: ToolContext, message: string, confirm: boolean | undefined): Promise<void> {
  const decision = await context.confirm(message, confirm);
  if (!decision.confirmed) throw new UsageError(`not done: ${decision.reason}`, { operation: tool });
}

export const confirmInput = v.pipe(
  v.boolean(),
  v.description(
    "Set to true only after the user explicitly agreed to this destructive action. " +
      "Ignored when the client can ask the user itself (elicitation).",
  ),
);

export const nodeEntryOutput = v.object({
  name: v.string(),
  architecture: v.string(),
  properties: v.record(v.string(), v.unknown()),
  template: v.pipe(
    v.boolean(),
    v.description("True for an uncountable pool's template: it yields nodes named <name>1, <name>2, ..."),
  ),
  soft_limit: v.nullable(v.number()),
});
