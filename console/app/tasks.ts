/**
 * The tasks the launcher offers, behind one small adapter: each template has labelled
 * parameters and builds a task reference. Today they are built with the package's generic
 * builders (shellCommand, sleep); the library's task classes can replace them here alone.
 */
import { shellCommand, sleep, type TaskReference } from "netunicorn";

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

function positive(text: string | undefined, what: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${what} must be a number ≥ 0, got ${JSON.stringify(text)}`);
  return value;
}

/** Splits a command line on blanks (no shell: each word becomes one argv item). */
function words(text: string | undefined): string[] {
  const argv = (text ?? "").trim().split(/\s+/).filter((w) => w !== "");
  if (argv.length === 0) throw new Error("the command is empty");
  return argv;
}

export const TASK_TEMPLATES: readonly TaskTemplate[] = [
  {
    id: "ping",
    label: "Ping a host",
    params: [
      { key: "host", label: "Host", kind: "text", initial: "127.0.0.1" },
      { key: "count", label: "Count", kind: "number", initial: "3" },
    ],
    build: (v, name) => shellCommand(["ping", "-c", String(Math.round(positive(v.count, "Count"))), ...words(v.host)], { name }),
  },
  {
    id: "sleep",
    label: "Sleep",
    params: [{ key: "seconds", label: "Seconds", kind: "number", initial: "1" }],
    build: (v, name) => sleep(positive(v.seconds, "Seconds"), { name }),
  },
  {
    id: "shell",
    label: "Shell command",
    params: [{ key: "command", label: "Command", kind: "text", initial: "echo hello" }],
    build: (v, name) => shellCommand(words(v.command), { name }),
  },
];
