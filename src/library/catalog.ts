/**
 * The netunicorn-library catalog: find a task class by its class path or its short name, and the
 * short name of each class. The facts live in catalog-data.ts (generated from the real library).
 */
import { UsageError } from "../errors.js";
import { CLASSES, PROVENANCE } from "./catalog-data.js";
import type { CatalogClass, CatalogProvenance } from "./catalog-types.js";
import { shortName } from "./names.js";

export type * from "./catalog-types.js";
export { architectureMember, shortName } from "./names.js";

/** The library release the catalog describes (netunicorn-library 0.4.15, its commit and date). */
export const LIBRARY_CATALOG_PROVENANCE: CatalogProvenance = PROVENANCE;

const lastPart = (path: string): string => path.slice(path.lastIndexOf(".") + 1);

// Built on first use, so that loading this module does nothing a bundler must keep.
let byPath: Map<string, CatalogClass> | undefined;
let sameClassName: Map<string, CatalogClass[]> | undefined;
const classesByPath = (): Map<string, CatalogClass> => (byPath ??= new Map(CLASSES.map((c) => [c.path, c])));
/** Class name → the classes of that name (two for the names SHARED_CLASS_NAMES lists). */
function classesByName(): Map<string, CatalogClass[]> {
  if (sameClassName === undefined) {
    sameClassName = new Map();
    for (const c of CLASSES) sameClassName.set(lastPart(c.path), [...(sameClassName.get(lastPart(c.path)) ?? []), c]);
  }
  return sameClassName;
}

/** Every catalog class, in the catalog's order. */
export function catalogClasses(): readonly CatalogClass[] {
  return CLASSES;
}

/** The catalog entry of a full class path, or undefined. */
export function catalogEntry(path: string): CatalogClass | undefined {
  return classesByPath().get(path);
}

/**
 * The catalog entry for a short name ("Ping", "tcpdump.StartCapture") or a full class path.
 * Throws UsageError for an unknown or ambiguous name (saying which names would do).
 */
export function findLibraryTask(name: string, operation = "libraryTask"): CatalogClass {
  if (typeof name !== "string") throw new UsageError(`${operation}: the task name must be a string, got ${typeof name}`);
  const exact = classesByPath().get(name);
  if (exact) return exact;
  const same = classesByName().get(lastPart(name)) ?? [];
  const found = name.includes(".") ? same.filter((c) => c.path.endsWith(`.${name}`)) : same;
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new UsageError(`${operation}: "${name}" is ambiguous in netunicorn-library; use one of ${found.map((c) => `"${shortName(c)}"`).join(", ")}`);
  }
  const close = CLASSES.filter((c) => lastPart(c.path).toLowerCase().includes(lastPart(name).toLowerCase())).slice(0, 5);
  const hint = close.length > 0 ? `; similar: ${close.map((c) => `"${shortName(c)}"`).join(", ")}` : "";
  throw new UsageError(`${operation}: netunicorn-library ${PROVENANCE.version} has no task "${name}"${hint}`);
}
