/** What a tool run gets from the MCP request: cancellation, progress, user confirmation. */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { BaseClient } from "../src/base-client.js";
import type { Confirmation, ToolContext } from "./tool.js";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const ASK_THE_USER =
  "this destructive action needs the user's agreement: ask the user, then call again with confirm: true";

/** Asks the user through elicitation when the client can, else trusts only an explicit confirm: true. */
async function confirmation(server: Server, extra: Extra, message: string, confirmArgument: boolean | undefined): Promise<Confirmation> {
  if (!server.getClientCapabilities()?.elicitation?.form) {
    return confirmArgument === true ? { confirmed: true } : { confirmed: false, reason: ASK_THE_USER };
  }
  try {
    const answer = await server.elicitInput(
      {
        message,
        requestedSchema: {
          type: "object",
          properties: { confirm: { type: "boolean", title: "Confirm", description: "Yes, do it." } },
          required: ["confirm"],
        },
      },
      { signal: extra.signal },
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

export function makeContext(server: Server, client: BaseClient, extra: Extra, settings: ContextSettings): ToolContext {
  const token = extra._meta?.progressToken;
  return {
    client,
    signal: extra.signal,
    ...settings,
    async progress(progress, total, message) {
      if (token === undefined) return;
      const params = total === undefined ? { progressToken: token, progress, message } : { progressToken: token, progress, total, message };
      await extra.sendNotification({ method: "notifications/progress", params }).catch(() => undefined);
    },
    confirm: (message, confirmArgument) => confirmation(server, extra, message, confirmArgument),
  };
}
