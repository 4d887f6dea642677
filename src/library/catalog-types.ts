/** The shape of the catalog facts (src/library/catalog-data.ts, generated from the real library). */
import type { JsonValue } from "../json.js";

/** Where the facts come from: the netunicorn-library release they were extracted from. */
export interface CatalogProvenance {
  library: string;
  version: string;
  /** The library's git commit. */
  commit: string;
  /** The commit's date (YYYY-MM-DD). */
  date: string;
  /** netunicorn's Architecture enum: [member, value] pairs. */
  architectures: readonly (readonly [string, string])[];
}

/** A Python default that JSON cannot hold, as its repr. */
export interface PythonRepr {
  python_repr: string;
}

export interface CatalogParameter {
  name: string;
  /** The Python annotation as written in the source, or null. */
  type: string | null;
  /** The default value (absent when the parameter is required). */
  default?: JsonValue | PythonRepr;
}

/** Where an implementation argument comes from: a dispatcher parameter, "name", or a random draw. */
export type ArgumentSource = string | { randint: readonly [string, string] };

export interface DispatchFacts {
  /** Architecture values ("linux/amd64", ...) this implementation is chosen for. */
  architectures: readonly string[];
  /** The implementation class path. */
  implementation: string;
  /** The dispatched object's requirements (which may differ from its class's: UploadTo*). */
  requirements: readonly string[];
  /** Positional arguments of the implementation, by source. */
  args: readonly ArgumentSource[];
  /** Keyword arguments: [implementation parameter, source]. */
  kwargs: readonly (readonly [string, ArgumentSource])[];
  /** The dispatcher forwards its own **kwargs (so an explicit name= reaches the implementation). */
  forwardsKwargs: boolean;
  /** A new implementation object per dispatch call (RandomSleepTask) instead of one made in __init__. */
  perDispatch?: true;
}

export interface ResultDataclass {
  /** The dataclass path, e.g. netunicorn.library.tasks.measurements.ping.PingResult. */
  class: string;
  /** [field name, annotation]. */
  fields: readonly (readonly [string, string])[];
}

export interface CatalogClass {
  /** The defining module plus the class name. */
  path: string;
  kind: "task" | "dispatcher";
  params: readonly CatalogParameter[];
  /** Only keyword arguments are accepted (the flent shortcut classes). */
  keywordOnly?: true;
  /** False when the module could not be imported where the facts were made (scapy, paramiko...). */
  importsOk?: false;
  /** Tasks: what an instance's `requirements` holds. */
  requirements?: readonly string[];
  /** Tasks: library dataclasses the task returns. */
  results?: readonly ResultDataclass[];
  /** Dispatchers: one entry per implementation. */
  dispatch?: readonly DispatchFacts[];
  /** Dispatchers: [architecture value, Python exception class, message] for unsupported architectures. */
  unsupported?: readonly (readonly [string, string, string])[];
}
