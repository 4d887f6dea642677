/**
 * The tools read models through their wire shape (every model's `toJSON()` gives back exactly
 * what the server sent, see netunicorn-api.md), so the MCP layer depends on the contract, not
 * on the models' internals. The shapes are src/wire's (each checked against its valibot schema):
 * no copy of them is declared here.
 */
import {
  CountableNodePool,
  ExperimentStatus,
  type ExperimentStatusName,
  Node,
  Nodes,
  UncountableNodePool,
  experimentStatusName,
} from "../../src/model/index.js";
import { setOwnProperty } from "../../src/json.js";
import type {
  DeploymentExecutionResultWire,
  DeploymentWire,
  ExperimentExecutionInformationWire,
  ExperimentWire,
  NodeWire,
  NodesWire,
} from "../../src/wire/index.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type WireNode = NodeWire;
export type WirePool = NodesWire;
export type WireDeployment = DeploymentWire;
export type WireExperiment = ExperimentWire;
export type WireDeploymentResult = DeploymentExecutionResultWire;
export type WireStatus = ExperimentExecutionInformationWire;

/**
 * The wire shape of a model object (its toJSON), or the value itself when it is plain data: what
 * JSON.parse(JSON.stringify(value)) gives (nested toJSON honoured, undefined members dropped,
 * non-finite numbers as JSON writes them, except the server's bare Infinity kept as "Infinity"),
 * built directly without the text.
 */
export function wireOf<T>(model: unknown): T {
  try {
    return jsonCopy({ "": model }, "", model, 0) as T;
  } catch (error) {
    if (error !== UNUSUAL) throw error;
    // Values JSON treats in its own ways (bigint, boxed primitives, cycles): the text round trip.
    return JSON.parse(JSON.stringify(model, infinityReplacer)) as T;
  }
}

// The server writes an unbounded uncountable pool's metadata as the bare token Infinity.
function infinityReplacer(_key: string, value: unknown): unknown {
  return value === Infinity ? "Infinity" : value;
}

/** Thrown by jsonCopy for a value it leaves to JSON itself. */
const UNUSUAL = Symbol("unusual");
/** Deeper than this, JSON's own round trip decides (a cycle makes it throw as before). */
const MAX_DEPTH = 2_000;

/** JSON's SerializeJSONProperty then JSON.parse, on one value; undefined where JSON leaves the member out. */
function jsonCopy(holder: object, key: string, input: unknown, depth: number): unknown {
  let value = input;
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  value = infinityReplacer.call(holder, key, value);
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null; // -0 reads back as 0
    case "object":
      break;
    case "bigint":
      throw UNUSUAL;
    default:
      return undefined; // undefined, functions, symbols
  }
  if (value === null) return null;
  if (++depth > MAX_DEPTH || value instanceof Number || value instanceof String || value instanceof Boolean) throw UNUSUAL;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = jsonCopy(value, String(i), value[i], depth) ?? null;
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const item = jsonCopy(value, name, (value as Record<string, unknown>)[name], depth);
    if (item !== undefined) setOwnProperty(out, name, item);
  }
  return out;
}

/** netunicorn's ExperimentStatus names in value order (UNKNOWN 0 … FINISHED 4), from the model's enum. */
export const STATUS_NAMES = Object.keys(ExperimentStatus) as [ExperimentStatusName, ...ExperimentStatusName[]];
export type StatusName = ExperimentStatusName;

/** The status's name; UNKNOWN for a number that is not a status. */
export function statusName(status: number): StatusName {
  return experimentStatusName(status) ?? "UNKNOWN";
}

export function isPool(item: WireNode | WirePool): item is WirePool {
  return typeof (item as Partial<WirePool>).node_pool_type === "string";
}

/** One entry of a flattened node listing: a concrete node, or an uncountable pool's template. */
export interface NodeEntry {
  name: string;
  architecture: string;
  properties: Record<string, unknown>;
  /** Set for a template of an UncountableNodePool (it generates `<name>1`, `<name>2`, ...). */
  template: boolean;
  /** Soft limit of the template's pool (null when unbounded). */
  soft_limit: number | null;
}

/** Flattens nested pools depth-first, keeping uncountable pools as templates. */
export function flattenNodes(pool: WirePool): NodeEntry[] {
  const out: NodeEntry[] = [];
  const walk = (current: WirePool): void => {
    const uncountable = current.node_pool_type === "UncountableNodePool";
    const limit = typeof current.node_pool_metadata === "number" ? current.node_pool_metadata : null;
    for (const item of current.node_pool_data) {
      if (isPool(item)) {
        walk(item);
        continue;
      }
      out.push({
        name: item.name,
        architecture: item.architecture,
        properties: item.properties ?? {},
        template: uncountable,
        soft_limit: uncountable ? limit : null,
      });
    }
  };
  walk(pool);
  return out;
}

/**
 * flattenNodes for what BaseClient.getNodes answered, without copying it: a model pool is walked
 * as it is, each entry's `properties` being the node's own object (wire entries: theirs).
 * `wireProperties` gives the copy the answer may carry (as wireOf would have made it); call it
 * only for what is returned, so that a page costs what it holds.
 */
export function poolEntries(pool: unknown): NodeEntry[] {
  if (!(pool instanceof Nodes)) return flattenNodes(wireOf<WirePool>(pool));
  const out: NodeEntry[] = [];
  const walk = (current: Nodes): void => {
    const uncountable = current instanceof UncountableNodePool;
    // The wire writes an unbounded pool's soft limit as Infinity, which reads back as no limit.
    const limit = uncountable && current.softLimit !== null && Number.isFinite(current.softLimit) ? current.softLimit : null;
    const items = current instanceof CountableNodePool ? current.nodes : (current as UncountableNodePool).template;
    for (const item of items) {
      if (item instanceof Nodes) {
        walk(item);
        continue;
      }
      const node = item as Node;
      out.push({ name: node.name, architecture: node.architecture, properties: node.properties, template: uncountable, soft_limit: limit });
    }
  };
  walk(pool);
  return out;
}

/** A node's properties as the wire copy gives them (see poolEntries). */
export function wireProperties(entry: NodeEntry): Record<string, unknown> {
  return wireOf<Record<string, unknown>>(entry.properties);
}
