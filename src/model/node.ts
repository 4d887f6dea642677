/** A single node of the netunicorn infrastructure, and its architecture. */
import { type JsonValue, setOwnProperty } from "../json.js";
import { ENVIRONMENT_DEFINITION_TYPES, type EnvironmentDefinitionType } from "../wire/environment.js";
import { NodeSchema, type NodeWire } from "../wire/nodes.js";
import { validateBody } from "../wire/validate.js";
import { fields, wireOf } from "./fields.js";

const NODE = fields(NodeSchema);

/** Node architectures, as netunicorn.base.architecture.Architecture. */
export const Architecture = {
  LINUX_AMD64: "linux/amd64",
  LINUX_ARM64: "linux/arm64",
  WINDOWS_AMD64: "win/amd64",
  WINDOWS_ARM64: "win/arm64",
  UNKNOWN: "unknown",
} as const;
export type Architecture = (typeof Architecture)[keyof typeof Architecture];

/** The environment definition kinds a node can run (the `environment_definition_type` names). */
export type EnvironmentKind = EnvironmentDefinitionType;

/** A node property: free-form JSON (str, number, null or a list of str in practice). */
export type NodeProperty = JsonValue;

/** The node property listing the environment kinds a node supports. */
export const ENVIRONMENTS_PROPERTY = "netunicorn-environments";

export class Node {
  declare name: string;
  declare properties: Record<string, NodeProperty>;
  /** Properties for netunicorn's internal use, not meant for users. */
  declare additionalProperties: Record<string, NodeProperty>;
  declare architecture: Architecture;

  constructor(
    name: string,
    properties: Record<string, NodeProperty> = {},
    architecture: Architecture = Architecture.UNKNOWN,
    additionalProperties: Record<string, NodeProperty> = {},
  ) {
    this.name = name;
    this.properties = properties;
    this.additionalProperties = additionalProperties;
    this.architecture = architecture;
  }

  /** Validates a node body and builds the Node (throws ValidationError). */
  static fromJSON(body: unknown): Node {
    return Node.fromWire(validateBody(NodeSchema, body, "Node.fromJSON"));
  }

  /** @internal Builds a Node from an already validated body (a fresh copy, see JsonSchema: the node owns its data). */
  static fromWire(wire: NodeWire): Node {
    return new Node(wire.name, wire.properties, wire.architecture, wire.additional_properties);
  }

  /**
   * Environment kinds this node supports, from its `netunicorn-environments` property: both when
   * the property is absent; otherwise the known names it lists. Like netunicorn's
   * Node._infer_environments, a value that is not a list (a bare string, null) yields none.
   */
  get availableEnvironments(): ReadonlySet<EnvironmentKind> {
    const listed = this.get(ENVIRONMENTS_PROPERTY);
    const absent = !Object.hasOwn(this.properties, ENVIRONMENTS_PROPERTY);
    return new Set(ENVIRONMENT_DEFINITION_TYPES.filter((kind) => absent || (Array.isArray(listed) && listed.includes(kind))));
  }

  /** A property's value, or null when absent (netunicorn's `node[item]`). */
  get(name: string): NodeProperty {
    return Object.hasOwn(this.properties, name) ? (this.properties[name] ?? null) : null;
  }

  /** Sets a property (netunicorn's `node[key] = value`); "__proto__" is an ordinary name here too. */
  set(name: string, value: NodeProperty): void {
    setOwnProperty(this.properties, name, value);
  }

  /** Python's `==`: same name, properties, additional properties and architecture. */
  equals(other: Node): boolean {
    return (
      other instanceof Node &&
      this.name === other.name &&
      this.architecture === other.architecture &&
      sameJson(this.properties, other.properties) &&
      sameJson(this.additionalProperties, other.additionalProperties)
    );
  }

  /** A deep copy (netunicorn deep-copies template nodes of uncountable pools). */
  clone(): Node {
    return Node.fromWire(this.toJSON());
  }

  /** The wire shape (a deep copy). */
  toJSON(): NodeWire {
    return wireOf(this, NODE);
  }

  /** The node's name, as Python's str(node). */
  toString(): string {
    return this.name;
  }
}

/** Deep equality of JSON values (object key order ignored). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
