/**
 * Short names and Architecture members from a catalog entry alone (no lookup in the whole
 * catalog), so that building one task never pulls in the other classes' facts.
 */
import { PROVENANCE, SHARED_CLASS_NAMES } from "./catalog-data.js";
import type { CatalogClass } from "./catalog-types.js";

const lastPart = (path: string): string => path.slice(path.lastIndexOf(".") + 1);
const moduleAndClass = (path: string): string => path.split(".").slice(-2).join(".");

/** The short name: the class name, or "<module>.<Class>" when two library modules define that name. */
export function shortName(entry: CatalogClass): string {
  const name = lastPart(entry.path);
  return SHARED_CLASS_NAMES.split(" ").includes(name) ? moduleAndClass(entry.path) : name;
}

/** The Python Architecture member of an architecture value ("win/amd64" → "WINDOWS_AMD64"); unknown values → "UNKNOWN". */
export function architectureMember(value: string): string {
  return PROVENANCE.architectures.find(([, v]) => v === value)?.[0] ?? "UNKNOWN";
}
