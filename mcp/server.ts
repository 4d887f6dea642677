/**
 * createMcpServer: every tool over any BaseClient, with the SDK's low-level Server. (Its
 * McpServer would take our valibot schemas as Standard Schema, but we own dispatch: the tool set
 * depends on the options, argument errors are worded for assistants, and the advertised JSON
 * Schema is converted once by @valibot/to-json-schema, flattened for common clients.)
 */
import { Server, type Tool } from "@modelcontextprotocol/server";
import type { BaseClient } from "../src/base-client.js";
import { deadline } from "../src/client/deadline.js";
import { UsageError } from "../src/errors.js";
import { type AnswerStyle, type CallToolAnswer, HARD_CAP, describeFailure, errorAnswer, jsonSize, successAnswer } from "./answers/answer.js";
import { confirmationCodec, eraOf } from "./tools/confirm-state.js";
import { answerLegacyResourceMisses } from "./transport/resource-not-found.js";
import { type CallToolContext, type ContextSettings, InputNeeded, makeContext } from "./tools/context.js";
import { measuredSize } from "./answers/paging.js";
import { registerCompletions } from "./resources/completions.js";
import { WRITES_HINT } from "./answers/hints.js";
import { type PreparedNames, preparedNamesOf } from "./tools/prepared-names.js";
import { registerPrompts } from "./prompts/index.js";
import { registerResources } from "./resources/index.js";
import { jsonSchemaOf, checkArguments } from "./answers/schema.js";
import { TASKS_EXTENSION, clientTakesTasks, registerTasks, startTask } from "./transport/tasks.js";
import type { ToolDefinition } from "./tools/tool.js";
import { ALL_TOOLS, EXTRA_TOOL_METHODS } from "./tools/index.js";

export interface McpServerOptions {
  /** Offer only the tools that change nothing (default false). */
  readOnly?: boolean;
  /** Offer only these tools (names as listed by tools/list). */
  tools?: readonly string[];
  /** Never offer these tools (wins over `tools`). */
  excludeTools?: readonly string[];
  /** The client talks to the in-process sandbox: said in the instructions and in every answer. */
  sandbox?: boolean;
  /** Strings scrubbed from every answer (the password, tokens): defence in depth. */
  secrets?: readonly string[];
  /** Default longest wait of wait_for_experiment, in seconds (45: below the usual 60 s client timeout). */
  defaultWaitSeconds?: number;
  /** Longest silence between progress notifications of a wait, in ms (default 5 s; MCP clients want ≤ 10 s). */
  progressEveryMs?: number;
  /**
   * Longest a tool call may take, in ms (default 50 s: below the usual 60 s client timeout, even
   * when the client's retries meet a hung server). wait_for_experiment gets its own wait plus 10 s.
   */
  callDeadlineMs?: number;
  /**
   * Longest the server waits for the user's answer to a confirmation it asked a 2025-era client
   * for, in ms (default 120 s); no answer in time refuses. (2026 clients ask on their own time.)
   */
  confirmTimeoutMs?: number;
  /**
   * Names this server sent for preparation (a just-prepared name may read "not found" for a
   * moment); default: one memory per netunicorn client, shared by every server made over it.
   */
  preparedNames?: PreparedNames;
  /**
   * HMAC key (32 bytes or more) sealing the questions the server asks (tools/confirm-state.ts); default:
   * a random key per process. Replicas that may serve one client's two rounds need the same key.
   */
  confirmationKey?: string | Uint8Array;
  /** Server name and version announced to clients. */
  name?: string;
  version?: string;
}

const LIST_CACHE = { ttlMs: 5 * 60_000, cacheScope: "private" } as const;

/** wait_for_experiment's default longest wait, in seconds: below the usual 60 s client timeout. */
const DEFAULT_WAIT_SECONDS = 45;

export const SANDBOX_NOTICE = "[sandbox: simulated netunicorn server, nothing runs on real nodes] ";

/** Every tool name this server knows (the extras included). */
export const TOOL_NAMES: readonly string[] = ALL_TOOLS.map((t) => t.name);

/** The tools offered to this client under these options. Unknown names in the lists are usage errors. */
export function selectTools(client: BaseClient, options: McpServerOptions = {}): ToolDefinition[] {
  for (const name of [...(options.tools ?? []), ...(options.excludeTools ?? [])]) {
    if (!TOOL_NAMES.includes(name)) {
      throw new UsageError(`unknown tool "${name}"; known tools: ${TOOL_NAMES.join(", ")}`, { operation: "createMcpServer" });
    }
  }
  const has = (method: string) => typeof (client as unknown as Record<string, unknown>)[method] === "function";
  return ALL_TOOLS.filter((tool) => {
    const extra = EXTRA_TOOL_METHODS[tool.name];
    if (extra !== undefined && !has(extra)) return false;
    if (options.readOnly && !tool.annotations.readOnlyHint) return false;
    if (options.tools && options.tools.length > 0 && !options.tools.includes(tool.name)) return false;
    return !(options.excludeTools ?? []).includes(tool.name);
  });
}

/** The tools/list entry of a tool: what assistants see. */
export function describeTool(tool: ToolDefinition): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchemaOf(tool.input, tool.definitions),
    outputSchema: jsonSchemaOf(tool.output),
    annotations: { title: tool.title, ...tool.annotations },
  };
}

function instructions(options: McpServerOptions, tools: readonly ToolDefinition[]): string {
  const lines = [
    "Tools for netunicorn, a platform for network experiments on remote nodes.",
    "Typical session: get_nodes → prepare_experiment (nodes + pipeline of tasks) → wait_for_experiment (READY) → " +
      "start_execution → wait_for_experiment (FINISHED) → get_experiment_results.",
    "Lists are paged: call again with offset = next_offset while has_more is true.",
  ];
  if (options.sandbox) {
    lines.unshift("SANDBOX MODE: no NETUNICORN_ENDPOINT was configured, so these tools talk to an in-process simulated netunicorn server with a demo node pool. Nothing runs on real nodes; task results are placeholders. Tell the user so.");
  }
  if (!tools.some((t) => !t.annotations.readOnlyHint)) lines.push(`This server is read-only: tools that change anything are not offered. ${WRITES_HINT}`);
  return lines.join("\n");
}

export function createMcpServer(client: BaseClient, options: McpServerOptions = {}): Server {
  const tools = selectTools(client, options);
  const byName = new Map(tools.map((t) => [t.name, t]));
  const listed = tools.map(describeTool);
  const preparedNames = options.preparedNames ?? preparedNamesOf(client);
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 120_000;
  // A sealed question outlives the user's time to answer by a margin (then the user is asked anew).
  const codec = confirmationCodec(options.confirmationKey, Math.ceil(confirmTimeoutMs / 1000) + 60);
  const style: AnswerStyle = { notice: options.sandbox ? SANDBOX_NOTICE : "", secrets: options.secrets ?? [] };
  const server = new Server(
    { name: options.name ?? "netunicorn", version: options.version ?? "0.1.0", title: "netunicorn" },
    {
      capabilities: {
        tools: { listChanged: false },
        resources: { listChanged: false },
        prompts: { listChanged: false },
        completions: {},
        extensions: { [TASKS_EXTENSION]: {} },
      },
      instructions: instructions(options, tools),
      inputRequired: { roundTimeoutMs: confirmTimeoutMs, maxRounds: 2 },
      // Every echoed requestState is checked (HMAC, expiry, binding) before a handler runs.
      requestState: { verify: codec.verify },
      // 2026-07-28 list results carry cache hints: the tool list only changes with the server's
      // configuration (private: a deployment may vary it by user).
      cacheHints: { "tools/list": LIST_CACHE, "server/discover": LIST_CACHE },
    },
  );
  server.setRequestHandler("tools/list", () => ({ tools: listed }));
  const markLegacyMiss = answerLegacyResourceMisses(server);
  registerResources(server, client, {
    secrets: style.secrets,
    onNotFound: (ctx) => {
      if (eraOf(ctx) === "legacy") markLegacyMiss(ctx.mcpReq.id);
    },
  });
  registerPrompts(server, client, tools.map((t) => t.name), style.secrets);
  registerCompletions(server, client);
  const settings: ContextSettings = {
    defaultWaitSeconds: options.defaultWaitSeconds ?? DEFAULT_WAIT_SECONDS,
    progressEveryMs: options.progressEveryMs ?? 5_000,
    preparedNames,
    codec,
  };
  server.setRequestHandler("tools/call", async (request, ctx) => {
    const tool = byName.get(request.params.name);
    if (!tool) return errorAnswer(unavailable(request.params.name, options), style);
    const args = checkArguments(tool.input, request.params.arguments);
    if (!args.ok) return errorAnswer(`${tool.name}: ${args.message}`, style);
    const context = makeContext(server, client, ctx, settings, { tool: tool.name, args: args.value });
    const deadlineMs = callDeadline(tool, args.value, options);
    if (runsAsTask(tool, args.value, options) && clientTakesTasks(ctx)) {
      // A long wait as a task: answered at once with a handle, the wait runs on (tasks/get).
      return startTask((signal) => runTool(tool, args.value, context.withSignal(signal), deadlineMs, style), `waiting for ${JSON.stringify((args.value as { experiment_id: string }).experiment_id)}`) as never;
    }
    return runTool(tool, args.value, context, deadlineMs, style);
  });
  registerTasks(server);
  return server;
}

/** One tool run as a CallToolResult: within its deadline, size-capped, failures as tool errors. */
async function runTool(tool: ToolDefinition, args: unknown, context: CallToolContext, deadlineMs: number, style: AnswerStyle): Promise<CallToolAnswer> {
  // The call's own deadline (the client's per-request timeout does not bound a whole tool call,
  // e.g. a wait's polls): the client's deadline helper, with a CallDeadline as its timeout error.
  // (made only when the deadline passes: an Error's stack costs more than the rest of a small call)
  try {
    const answer = await deadline(tool.name, context.signal, (signal) => tool.run(args as never, context.withSignal(signal)), deadlineMs, callDeadlinePassed);
    const size = measuredSize(answer.structured) ?? jsonSize(answer.structured);
    if (size > HARD_CAP) {
      return errorAnswer(`${tool.name}: the answer would be ${Math.round(size / 1000)} KB, over the ${HARD_CAP / 1000} KB cap: narrow it (limit, filters, max_value_chars, max_log_lines).`, style);
    }
    return successAnswer(answer.structured, answer.text, style, size);
  } catch (error) {
    if (error instanceof InputNeeded) return error.result() as never;
    if (error instanceof CallDeadline) {
      return errorAnswer(`${tool.name}: no answer within ${deadlineMs / 1000} s (the netunicorn server is slow or unreachable); try again later.`, style);
    }
    return errorAnswer(describeFailure(tool.name, error), style);
  }
}

/** The timeout error of a call's own deadline (a class of this module: no tool can throw it). */
class CallDeadline extends Error {}

function callDeadlinePassed(): Error {
  return new CallDeadline("call deadline");
}

/** A wait longer than the default (which answers within the usual client timeout) may run as a task. */
function runsAsTask(tool: ToolDefinition, args: unknown, options: McpServerOptions): boolean {
  const seconds = (args as { timeout_seconds?: number }).timeout_seconds;
  return tool.name === "wait_for_experiment" && seconds !== undefined && seconds > (options.defaultWaitSeconds ?? DEFAULT_WAIT_SECONDS);
}

/**
 * The deadline of one call: the server's, or a wait's own timeout plus a margin. Every call has
 * one; a confirmation does not count against it (the user answers between two runs of the tool).
 */
function callDeadline(tool: ToolDefinition, args: unknown, options: McpServerOptions): number {
  const base = options.callDeadlineMs ?? 50_000;
  if (tool.name !== "wait_for_experiment") return base;
  const seconds = (args as { timeout_seconds?: number }).timeout_seconds ?? options.defaultWaitSeconds ?? DEFAULT_WAIT_SECONDS;
  return Math.max(base, seconds * 1000 + 10_000);
}

function unavailable(name: string, options: McpServerOptions): string {
  if (!TOOL_NAMES.includes(name)) return `Unknown tool "${name}". Call tools/list for the available tools.`;
  if (options.readOnly) return `Tool "${name}" is not available: this server is read-only. ${WRITES_HINT}`;
  return `Tool "${name}" is not available on this server (excluded by its configuration or unsupported by its client).`;
}
