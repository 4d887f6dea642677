/**
 * The next step after a refusal. The server's own refusals (HTTP 400 with a sentence) say what
 * is wrong but not what to do; each known sentence gets the tool calls that get past it.
 */
/** The server's sentence of an HTTP error, when it has one. */
export function serverMessageOf(error: unknown): string {
  const message = (error as { serverMessage?: unknown } | null)?.serverMessage;
  return typeof message === "string" ? message : "";
}

/** "Experiment X not found": the server's answer for a name this user does not have. */
export function isNotFound(error: unknown): boolean {
  return (error as { status?: unknown } | null)?.status === 400 && /^"?Experiment .* not found"?$/s.test(serverMessageOf(error).trim());
}

/** How a read-only server gets its writing tools (said wherever a write is refused). */
export const WRITES_HINT =
  "Writes are enabled by whoever runs this MCP server: start netunicorn-mcp without --read-only and without NETUNICORN_MCP_READ_ONLY, " +
  "and over HTTP with --allow-writes.";

const STATUS = /ExperimentStatus\.(\w+)/;

/** Ordered: the first pattern matching the server's sentence gives the hint. */
const HINTS: readonly [RegExp, (match: RegExpMatchArray) => string][] = [
  [
    /is in status ExperimentStatus\.RUNNING, cannot delete/,
    () => "It is running: stop it first with cancel_experiment (the user confirms), wait_for_experiment with status FINISHED, then delete_experiment.",
  ],
  [
    /is in status ExperimentStatus\.PREPARING, cannot delete/,
    () => "It is still being prepared: wait_for_experiment with status READY, then delete_experiment.",
  ],
  [/^"?Experiment .* not found"?$/s, () => "No experiment of this user has that name: see get_experiments for the names (an experiment prepared seconds ago may take a moment to appear)."],
  [
    /is not ready to start\. Current status: ExperimentStatus\.(\w+)/,
    (match) =>
      ({
        PREPARING: "It is still being prepared: wait_for_experiment with status READY, then start_execution.",
        RUNNING: "It is already running: wait_for_experiment with status FINISHED, then get_experiment_results.",
        FINISHED: "It already ran (an experiment runs once): read get_experiment_results, or prepare a new experiment to run again.",
      })[match[1] ?? ""] ?? "See get_experiment_status for where it stands.",
  ],
  [/^"?Flag .* not found for experiment/s, () => "That flag was never set: set_flag_values creates it."],
  [/Executors \[\] not found/, () => "Nothing of it is running (see get_experiment_status): there is nothing to cancel."],
  [
    /Environment (\w+)\(.*\) is not available on node (\S+)/s,
    (match) => `Node ${match[2]} does not offer ${match[1]}: get_nodes shows each node's "netunicorn-environments"; choose another environment type or other nodes.`,
  ],
];

/** The next step for a server refusal, or undefined when there is nothing useful to add. */
export function nextStepFor(error: unknown): string | undefined {
  const message = serverMessageOf(error);
  if (message === "") return undefined;
  for (const [pattern, hint] of HINTS) {
    const match = message.match(pattern);
    if (match) return hint(match);
  }
  return STATUS.test(message) ? "See get_experiment_status for where it stands." : undefined;
}
