/**
 * What a tool run gets from the MCP request: cancellation, progress, user confirmation.
 *
 * Confirmation is written once in the 2026 style: the first run returns "input required" (an
 * elicitation asking the user), the client asks and calls again with the answer. 2026-07-28
 * clients do that round trip themselves; for 2025-era connections the SDK's legacy shim sends a
 * real elicitation request and re-runs the tool with the answer. Once the user has been asked,
 * only their explicit yes proceeds: the assistant's `confirm: true` counts only when the client
 * cannot ask at all.
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type Server,
  type ServerContext,
  inputRequired,
  inputResponse,
} from "@modelcontextprotocol/server";
import type { BaseClient } from "../../src/base-client.js";
import { type ConfirmationCodec, type ConfirmationSubject, answersThisQuestion, eraOf, sealedQuestion } from "./confirm-state.js";
import type { PreparedNames } from "./prepared-names.js";
import type { Confirmation, ToolContext } from "./tool.js";

const ASK_THE_USER =
  "this destructive action needs the user's agreement: ask the user, then call again with confirm: true";

/** Thrown by confirm() on the first run: the tools/call handler answers it with inputRequired. */
export class InputNeeded {
  constructor(
    readonly message: string,
    /** The sealed question (confirm-state.ts): the answer must come back with it. */
    readonly requestState: string,
  ) {}

  /** The input-required result asking the user one yes/no question. */
  result() {
    return inputRequired({
      requestState: this.requestState,
      inputRequests: {
        confirm: inputRequired.elicit({
          message: this.message,
          requestedSchema: {
            type: "object",
            properties: { confirm: { type: "boolean", title: "Confirm", description: "Yes, do it." } },
            required: ["confirm"],
          },
        }),
      },
    });
  }
}

/** Whether this client can show the user a form (2026: per request; 2025: from initialize). */
export function canAskTheUser(server: Server, ctx: ServerContext): boolean {
  // The SDK types the envelope as {} (its keys are the reserved io.modelcontextprotocol/* names).
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const perRequest = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  const capabilities = perRequest ?? server.getClientCapabilities();
  const elicitation = capabilities?.elicitation;
  if (elicitation === undefined || elicitation === null) return false;
  // A bare `elicitation: {}` (2025-06-18) means form; a URL-only client cannot show our form.
  return elicitation.form !== undefined || elicitation.url === undefined;
}

/** The user's decision from the answer the client brought back. Anything but an explicit yes refuses. */
function decision(ctx: ServerContext): Confirmation {
  const answer = inputResponse(ctx.mcpReq.inputResponses, "confirm");
  if (answer.kind !== "elicit") return { confirmed: false, reason: "the user's answer was missing or unreadable" };
  if (answer.action !== "accept") return { confirmed: false, reason: `the user did not confirm (${answer.action})` };
  if (answer.content?.confirm === true) return { confirmed: true };
  return { confirmed: false, reason: "the user did not confirm (answered no)" };
}

/**
 * The user's decision. An answer counts only with the seal of the question this server asked for
 * exactly this tool and these arguments, in this era (confirm-state.ts); any other answer is
 * ignored, as if none had come: the user is asked, or without a way to ask, `confirm: true` decides.
 */
async function confirmation(server: Server, ctx: ServerContext, message: string, confirmArgument: boolean | undefined, asking: Asking): Promise<Confirmation> {
  const question = sealedQuestion(asking.subject, eraOf(ctx));
  if (ctx.mcpReq.inputResponses !== undefined && answersThisQuestion(ctx.mcpReq.requestState(), question)) return decision(ctx);
  if (canAskTheUser(server, ctx)) throw new InputNeeded(message, await asking.codec.mint(question, ctx));
  return confirmArgument === true ? { confirmed: true } : { confirmed: false, reason: ASK_THE_USER };
}

/** What a confirmation needs besides the message: the call it is about, and the codec sealing the question. */
export interface Asking {
  subject: ConfirmationSubject;
  codec: ConfirmationCodec;
}

export interface ContextSettings {
  defaultWaitSeconds: number;
  progressEveryMs: number;
  preparedNames: PreparedNames;
  codec: ConfirmationCodec;
}

/**
 * What one tool call gets: a class, so that a call makes no closures (its methods live on the
 * prototype; this runs on every tools/call). `withSignal` gives the same call under another signal.
 */
class CallContext implements CallToolContext {
  readonly defaultWaitSeconds: number;
  readonly progressEveryMs: number;
  readonly preparedNames: PreparedNames;

  constructor(
    private readonly server: Server,
    readonly client: BaseClient,
    private readonly request: ServerContext,
    private readonly settings: ContextSettings,
    private readonly subject: ConfirmationSubject,
    readonly signal: AbortSignal,
  ) {
    this.defaultWaitSeconds = settings.defaultWaitSeconds;
    this.progressEveryMs = settings.progressEveryMs;
    this.preparedNames = settings.preparedNames;
  }

  async progress(progress: number, total: number | undefined, message: string): Promise<void> {
    const token = this.request.mcpReq._meta?.progressToken;
    if (token === undefined) return;
    const params = total === undefined ? { progressToken: token, progress, message } : { progressToken: token, progress, total, message };
    await this.request.mcpReq.notify({ method: "notifications/progress", params }).catch(() => undefined);
  }

  confirm(message: string, confirmArgument: boolean | undefined): Promise<Confirmation> {
    return confirmation(this.server, this.request, message, confirmArgument, { subject: this.subject, codec: this.settings.codec });
  }

  withSignal(signal: AbortSignal): CallContext {
    return new CallContext(this.server, this.client, this.request, this.settings, this.subject, signal);
  }
}

/** A tool call's context that can be handed on under another signal (a deadline's, a task's). */
export interface CallToolContext extends ToolContext {
  withSignal(signal: AbortSignal): CallToolContext;
}

/** The context of one call of the tool `subject.tool` with `subject.args`; its signal is the request's. */
export function makeContext(server: Server, client: BaseClient, ctx: ServerContext, settings: ContextSettings, subject: ConfirmationSubject): CallToolContext {
  return new CallContext(server, client, ctx, settings, subject, ctx.mcpReq.signal);
}
