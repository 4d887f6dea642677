/**
 * The netunicorn-library catalog: find a task class by its class path or its short name, and the
 * short name of each class. The facts live in catalog-data.ts (generated from the real library).
 */
import { UsageError } from "../errors.js";
import { CLASSES, PROVENANCE } from "./catalog-data.js";
import type { CatalogClass, CatalogProvenance } from "./catalog-types.js";

export type * from "./catalog-types.js";

/** The library release the catalog describes (netunicorn-library 0.4.15, its commit and date). */
export const LIBRARY_CATALOG_PROVENANCE: CatalogProvenance = PROVENANCE;

const BY_PATH = new Map(CLASSES.map((c) => [c.path, c]));
const lastPart = (path: string): string => path.slice(path.lastIndexOf(".") + 1);
const moduleAndClass = (path: string): string => path.split(".").slice(-2).join(".");

const SAME_CLASS_NAME = new Map<string, CatalogClass[]>();
for (const c of CLASSES) SAME_CLASS_NAME.set(lastPart(c.path), [...(SAME_CLASS_NAME.get(lastPart(c.path)) ?? []), c]);

/** Every catalog class, in the catalog's order. */
export function catalogClasses(): readonly CatalogClass[] {
  return CLASSES;
}

/** The short name: the class name, or "<module>.<Class>" when two library modules define that name. */
export function shortName(entry: CatalogClass): string {
  return SAME_CLASS_NAME.get(lastPart(entry.path))!.length === 1 ? lastPart(entry.path) : moduleAndClass(entry.path);
}

/** The catalog entry of a full class path, or undefined. */
export function catalogEntry(path: string): CatalogClass | undefined {
  return BY_PATH.get(path);
}

/**
 * The catalog entry for a short name ("Ping", "tcpdump.StartCapture") or a full class path.
 * Throws UsageError for an unknown or ambiguous name (saying which names would do).
 */
export function findLibraryTask(name: string, operation = "libraryTask"): CatalogClass {
  if (typeof name !== "string") throw new UsageError(`${operation}: the task name must be a string, got ${typeof name}`);
  const byPath = BY_PATH.get(name);
  if (byPath) return byPath;
  const same = SAME_CLASS_NAME.get(lastPart(name)) ?? [];
  const found = name.includes(".") ? same.filter((c) => c.path.endsWith(`.${name}`)) : same;
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new UsageError(`${operation}: "${name}" is ambiguous in netunicorn-library; use one of ${found.map((c) => `"${shortName(c)}"`).join(", ")}`);
  }
  const close = CLASSES.filter((c) => lastPart(c.path).toLowerCase().includes(lastPart(name).toLowerCase())).slice(0, 5);
  const hint = close.length > 0 ? `; similar: ${close.map((c) => `"${shortName(c)}"`).join(", ")}` : "";
  throw new UsageError(`${operation}: netunicorn-library ${PROVENANCE.version} has no task "${name}"${hint}`);
}

/** The Python Architecture member of an architecture value ("win/amd64" → "WINDOWS_AMD64"); unknown values → "UNKNOWN". */
export function architectureMember(value: string): string {
  return PROVENANCE.architectures.find(([, v]) => v === value)?.[0] ?? "UNKNOWN";
}
