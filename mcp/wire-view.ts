/**
 * The tools read models through their wire shape (every model's `toJSON()` gives back exactly
 * what the server sent, see netunicorn-api.md), so the MCP layer depends on the contract, not
 * on the models' internals.
 */
import { ExperimentStatus, type ExperimentStatusName, experimentStatusName } from "../src/model/index.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface WireNode {
  name: string;
  properties: Record<string, unknown>;
  additional_properties?: Record<string, unknown>;
  architecture: string;
}

export interface WirePool {
  node_pool_type: string;
  node_pool_data: (WireNode | WirePool)[];
  node_pool_metadata: number | null;
}

export interface WireDeployment {
  node: WireNode;
  prepared: boolean;
  executor_id: string;
  error: string | null;
  execution_graph: string;
  environment_definition_type: string;
  environment_definition: Record<string, unknown>;
  keep_alive_timeout_minutes?: number;
  cleanup?: boolean;
}

export interface WireExperiment {
  deployment_map: WireDeployment[];
  deployment_context: Record<string, Record<string, string>> | null;
}

export interface WireDeploymentResult {
  node: WireNode;
  execution_graph: string;
  result: string | null;
  error: string | null;
}

export interface WireStatus {
  status: number;
  experiment: WireExperiment | null;
  execution_result: null | string | WireDeploymentResult[];
}

/** The wire shape of a model object (its toJSON), or the value itself when it is plain data. */
export function wireOf<T>(model: unknown): T {
  const candidate = model as { toJSON?: () => unknown } | null;
  const plain = candidate !== null && typeof candidate?.toJSON === "function" ? candidate.toJSON() : model;
  // Round trip: nested models (deployments, nodes) serialize through their own toJSON too.
  return JSON.parse(JSON.stringify(plain, infinityReplacer)) as T;
}

// The server writes an unbounded uncountable pool's metadata as the bare token Infinity.
function infinityReplacer(_key: string, value: unknown): unknown {
  return value === Infinity ? "Infinity" : value;
}

/** netunicorn's ExperimentStatus names in value order (UNKNOWN 0 … FINISHED 4), from the model's enum. */
export const STATUS_NAMES = Object.keys(ExperimentStatus) as [ExperimentStatusName, ...ExperimentStatusName[]];
export type StatusName = ExperimentStatusName;

/** The status's name; UNKNOWN for a number that is not a status. */
export function statusName(status: number): StatusName {
  return experimentStatusName(status) ?? "UNKNOWN";
}

export function isPool(item: WireNode | WirePool): item is WirePool {
  return typeof (item as WirePool).node_pool_type === "string";
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
