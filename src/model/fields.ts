/**
 * Table-driven mapping between a model's camelCase fields and its snake_case wire keys, so each
 * model lists its wire keys once instead of writing them out field by field in both directions.
 * Only model fields are renamed: user dictionaries (properties, ports_mapping, environment
 * variables, contexts) are values, copied with their keys untouched.
 */

import { copyJson } from "../json.js";

/** Pairs of [wire key, field name]. */
export type Fields = readonly (readonly [string, string])[];

/**
 * The table of an object schema's keys (a list of such schemas reads its items'), or of the keys
 * in `wireKeys`: "ports_mapping network" → [["ports_mapping", "portsMapping"], ["network", "network"]].
 */
export function fields(wireKeys: string | object): Fields {
  const schema = wireKeys as { entries?: object; item?: { entries: object } };
  const keys = typeof wireKeys === "string" ? wireKeys.split(" ") : Object.keys(schema.entries ?? schema.item!.entries);
  return keys.map((key) => [key, key.replace(/_(.)/g, (_, c: string) => c.toUpperCase())]);
}

/** The validated wire object's fields under their field names (a validated body is a fresh copy: taken as is). */
export function fieldsOf<T>(wire: object, table: Fields): T {
  const init: Record<string, unknown> = {};
  for (const [key, field] of table) init[field] = (wire as Record<string, unknown>)[key];
  return init as T;
}

/**
 * The wire shape of `model`'s fields listed in `table`, each copied (see copyJson). Only own fields:
 * accessors (lazily decoded bytes) and keys without a field are left to the model.
 */
export function wireOf<T>(model: object, table: Fields): T {
  const wire: Record<string, unknown> = {};
  for (const [key, field] of table) if (Object.hasOwn(model, field)) wire[key] = copyJson((model as Record<string, unknown>)[field]);
  return wire as T;
}

/**
 * A constructor's work: sets each field of `defaults` on `model`, in that order, to the value
 * given in `init`, or to the default when that is missing or null (the fields are `declare`d).
 */
export function initFields(model: object, init: object, defaults: Record<string, unknown>): void {
  for (const key of Object.keys(defaults)) (model as Record<string, unknown>)[key] = (init as Record<string, unknown>)[key] ?? defaults[key];
}
