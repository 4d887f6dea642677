/**
 * The plans behind the prompts: which nodes, which pipeline, which environment, written as
 * the exact tool calls an assistant makes. Each step is "call <tool> with:" and a JSON block,
 * so a person can follow it and a test can replay it.
 */
import type { NodeEntry } from "../answers/wire-view.js";

export interface Step {
  tool: string;
  args: Record<string, unknown>;
  /** What to do with the answer (repeat while timed out, what to look at...). */
  note: string;
}

/** The steps as text: "N. call tool with:" + a JSON block + the note. */
export function renderSteps(steps: readonly Step[]): string {
  return steps.map((s, i) => `${i + 1}. call ${s.tool} with:\n\`\`\`json\n${JSON.stringify(s.args)}\n\`\`\`${s.note ? `\n${s.note}` : ""}`).join("\n\n");
}

/** The steps back from a prompt's text (what a test playing the assistant reads). */
export function parseSteps(text: string): { tool: string; args: Record<string, unknown> }[] {
  return [...text.matchAll(/call (\w+) with:\n```json\n(.*?)\n```/gs)].map((m) => ({ tool: m[1]!, args: JSON.parse(m[2]!) as Record<string, unknown> }));
}

/** A name the server stores as is: letters, digits and dashes, with a time stamp to stay unique. */
export function experimentName(prefix: string, subject: string, now = Date.now()): string {
  const slug = subject.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "run";
  return `${prefix}-${slug}-${now.toString(36)}`;
}

/** "a, b c" → ["a", "b", "c"]. */
export function nameList(text: string | undefined): string[] {
  return (text ?? "").split(/[\s,]+/).filter((s) => s !== "");
}

/** A command line as argv: whitespace-separated, with '…' and "…" quoting. */
export function argv(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function environments(node: NodeEntry): string[] {
  const listed = node.properties["netunicorn-environments"];
  return Array.isArray(listed) ? listed.map(String) : ["DockerImage", "ShellExecution"];
}

/** The nodes asked for (checked against the pool), or the first `count` nodes that run `environment`. */
export function chooseNodes(pool: readonly NodeEntry[], asked: readonly string[], environment: string, count = 3): { names: string[]; unknown: string[] } {
  const concrete = pool.filter((n) => !n.template);
  if (asked.length > 0) {
    const known = new Set(concrete.map((n) => n.name));
    return { names: asked.filter((n) => known.has(n)), unknown: asked.filter((n) => !known.has(n)) };
  }
  return { names: concrete.filter((n) => environments(n).includes(environment)).slice(0, count).map((n) => n.name), unknown: [] };
}

/** Whether every named node runs tasks directly (ShellExecution). */
export function allRunShell(pool: readonly NodeEntry[], names: readonly string[]): boolean {
  return names.every((name) => environments(pool.find((n) => n.name === name) ?? ({ properties: {} } as NodeEntry)).includes("ShellExecution"));
}

/** prepare → READY → start → FINISHED → results: the lifecycle every run prompt follows. */
export function lifecycle(prepare: Record<string, unknown>, resultArgs: Record<string, unknown>): Step[] {
  const id = prepare.experiment_id as string;
  return [
    { tool: "prepare_experiment", args: prepare, note: "If it is refused, fix what the answer names and call it again." },
    {
      tool: "wait_for_experiment",
      args: { experiment_id: id, status: "READY" },
      note: "Call it again while timed_out is true. If it names deployments that failed to prepare, keep their errors for the summary.",
    },
    { tool: "start_execution", args: { experiment_id: id }, note: "" },
    { tool: "wait_for_experiment", args: { experiment_id: id, status: "FINISHED" }, note: "Call it again while timed_out is true." },
    { tool: "get_experiment_results", args: { experiment_id: id, ...resultArgs }, note: "Page with offset while has_more is true." },
  ];
}
