/**
 * The tasks the launcher offers, behind one small adapter: each template has labelled
 * parameters and builds a netunicorn-library task (`netunicorn/library`: parameters checked
 * against the library's catalog; Ping is a dispatcher, resolved per node's architecture and its
 * requirements added to the node's environment when the experiment is built). The library (its
 * catalog) is loaded only when the launcher opens, so the other screens never download it.
 */
import type { TaskReference } from "netunicorn";

export interface TaskParam {
  key: string;
  label: string;
  kind: "text" | "number";
  initial: string;
}

export interface TaskTemplate {
  id: string;
  label: string;
  params: TaskParam[];
  /** Builds the task; throws (a UsageError or an Error) with a message for bad values. */
  build(values: Record<string, string>, name: string): TaskReference;
}

/** A whole number ≥ `min` (the library's `int` parameters), said in plain words when it is not. */
function whole(text: string | undefined, what: string, min = 0): number {
  const value = Number(text);
  if (text === undefined || text.trim() === "") throw new Error(`${what} is empty: give a whole number${min > 0 ? ` of at least ${min}` : ""}.`);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${what} must be a whole number of at least ${min}, not ${text.trim()}.`);
  return value;
}

/** A text that must not be empty (e.g. the address to ping). */
function filled(text: string | undefined, what: string): string {
  const value = (text ?? "").trim();
  if (value === "") throw new Error(`${what} is empty.`);
  return value;
}

/** Splits a command line on blanks (no shell: each word becomes one argv item). */
function words(text: string | undefined): string[] {
  const argv = (text ?? "").trim().split(/\s+/).filter((w) => w !== "");
  if (argv.length === 0) throw new Error("The command is empty.");
  return argv;
}

/** The launcher's task templates, with the library loaded. */
export async function loadTaskTemplates(): Promise<readonly TaskTemplate[]> {
  const { libraryTask } = await import("netunicorn/library");
  return [
    {
      id: "ping",
      label: "Ping (library)",
      params: [
        { key: "address", label: "Address", kind: "text", initial: "127.0.0.1" },
        { key: "count", label: "Count", kind: "number", initial: "3" },
      ],
      build: (v, name) => libraryTask("Ping", { address: filled(v.address, "Address"), count: whole(v.count, "Count", 1) }, { name }),
    },
    {
      id: "sleep",
      label: "Sleep (library SleepTask)",
      params: [{ key: "seconds", label: "Seconds", kind: "number", initial: "1" }],
      build: (v, name) => libraryTask("SleepTask", { seconds: whole(v.seconds, "Seconds") }, { name }),
    },
    {
      id: "shell",
      label: "Shell command (library ShellCommand)",
      params: [{ key: "command", label: "Command", kind: "text", initial: "echo hello" }],
      build: (v, name) => libraryTask("ShellCommand", { command: words(v.command) }, { name }),
    },
  ];
}
