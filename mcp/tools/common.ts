/** Schema pieces and text helpers shared by several tools. */
import * as v from "valibot";
import { UsageError } from "../../src/errors.js";
import type { ToolContext } from "./tool.js";
import { STATUS_NAMES } from "../answers/wire-view.js";

export const experimentIdInput = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(256),
  v.description("The experiment name, as given to prepare_experiment (and listed by get_experiments)."),
);

export const connectorContextInput = v.pipe(
  v.record(v.string(), v.record(v.string(), v.string())),
  v.description('Per-connector settings, shape {"<connector>": {"key": "value"}}. Usually omitted.'),
);

export const statusNameOutput = v.picklist(STATUS_NAMES);

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

/** Whitespace that `replace(/\s+/g, " ").trim()` would change: any but a space, two spaces, a space at either end. */
const NOT_ONE_LINE = /[^\S ]| {2}|^ | $/;

/** A short, single-line rendering of any JSON value. */
export function brief(value: unknown, max = 80): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  // Most texts are one line already (no whitespace but lone inner spaces): nothing to squeeze or trim.
  const line = NOT_ONE_LINE.test(text) ? text.replace(/\s+/g, " ").trim() : text;
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** "k=v, k=v" for node properties, each value shortened. */
export function propertiesLine(properties: Record<string, unknown>, max = 160): string {
  const parts = Object.entries(properties).map(([key, value]) => `${key}=${brief(value, 40)}`);
  return brief(parts.join(", "), max);
}
