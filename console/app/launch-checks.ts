/**
 * What the launcher checks before it sends anything: the experiment's name (plain words, not the
 * forward's "empty segment" refusal nor the server's), whether the name is taken (the server keeps
 * the old experiment and the new one fails later with a start error), and which nodes can run the
 * chosen environment.
 */
import type { EnvironmentKind, Node, RemoteClient } from "netunicorn";

/** The environments offered, in netunicorn's words and in plain ones. */
export const ENVIRONMENT_CHOICES: readonly { kind: EnvironmentKind; label: string; short: string }[] = [
  { kind: "DockerImage", label: "Docker image (DockerImage)", short: "Docker" },
  { kind: "ShellExecution", label: "Shell on the node itself (ShellExecution)", short: "Shell" },
];

export const shortName = (kind: EnvironmentKind): string => ENVIRONMENT_CHOICES.find((c) => c.kind === kind)?.short ?? kind;

/** Why a name cannot be used, in plain words, or null. */
export function nameProblem(name: string): string | null {
  if (name === "") return "Give the experiment a name.";
  if (/\s/.test(name)) return "The experiment name may not contain spaces: use letters, digits, - or _ instead.";
  if (name.includes("/")) return "The experiment name may not contain “/”: use letters, digits, - or _ instead.";
  if (name.includes("\\")) return "The experiment name may not contain “\\”: use letters, digits, - or _ instead.";
  if (name === "." || name === "..") return "The experiment name may not be “.” or “..”.";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "The experiment name may not contain control characters.";
  return null;
}

/** How long a name prepared here counts as taken when the server does not list it (yet). */
const RECENT_MS = 60_000;
/** Names prepared from this page, with when: the server may not list a new one at once. */
const preparedHere = new Map<string, number>();

export function rememberPrepared(name: string): void {
  preparedHere.set(name, Date.now());
}

/** Why `name` is taken, or null: the server lists it, or this page prepared it moments ago. */
export async function nameTaken(client: RemoteClient, name: string): Promise<string | null> {
  const listed = await client.getExperiments();
  if (listed.has(name)) return `An experiment named “${name}” already exists: choose another name (or delete that experiment first).`;
  const at = preparedHere.get(name);
  if (at !== undefined && Date.now() - at < RECENT_MS) return `“${name}” was just prepared from this page: choose another name.`;
  return null;
}

/** Whether `node` can run `kind`, and if not, the words that say so. */
export function unsupported(node: Node, kind: EnvironmentKind): string | null {
  return node.availableEnvironments.has(kind) ? null : `cannot run ${shortName(kind)} (${kind})`;
}
