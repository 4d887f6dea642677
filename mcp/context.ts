/** What a tool run gets from the MCP request: cancellation, progress, user confirmation. */
import type { Server, ServerContext } from "@modelcontextprotocol/server";
import type { BaseClient } from "../src/base-client.js";
import type { Confirmation, ToolContext } from "./tool.js";

const ASK_THE_USER =
  "this destructive action needs the user's agreement: ask the user, then call again with confirm: true";

/** Asks the user through elicitation when the client can, else trusts only an explicit confirm: true. */
async function confirmation(server: Server, ctx: ServerContext, message: string, confirmArgument: boolean | undefined): Promise<Confirmation> {
  if (!server.getClientCapabilities()?.elicitation?.form) {
    return confirmArgument === true ? { confirmed: true } : { confirmed: false, reason: ASK_THE_USER };
  }
  try {
    const answer = await ctx.mcpReq.elicitInput(
      {
        message,
        requestedSchema: {
          type: "object",
          properties: { confirm: { type: "boolean", title: "Confirm", description: "Yes, do it." } },
          required: ["confirm"],
        },
      },
      { signal: ctx.mcpReq.signal },
    );
    if (answer.action === "accept" && answer.content?.confirm === true) return { confirmed: true };
    return { confirmed: false, reason: `the user did not confirm (${answer.action === "accept" ? "answered no" : answer.action})` };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return confirmArgument === true ? { confirmed: true } : { confirmed: false, reason: `could not ask the user (${why}); ${ASK_THE_USER}` };
  }
}

export interface ContextSettings {
  defaultWaitSeconds: number;
  progressEveryMs: number;
}

export function makeContext(server: Server, client: BaseClient, ctx: ServerContext, settings: ContextSettings): ToolContext {
  const token = ctx.mcpReq._meta?.progressToken;
  return {
    client,
    signal: ctx.mcpReq.signal,
    ...settings,
    async progress(progress, total, message) {
      if (token === undefined) return;
      const params = total === undefined ? { progressToken: token, progress, message } : { progressToken: token, progress, total, message };
      await ctx.mcpReq.notify({ method: "notifications/progress", params }).catch(() => undefined);
    },
    confirm: (message, confirmArgument) => confirmation(server, ctx, message, confirmArgument),
  };
}
