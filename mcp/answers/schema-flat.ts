/**
 * Tool schemas that common clients and model providers handle: no `$ref`/`$defs` (several
 * providers reject them, some clients then send objects as JSON strings), no `anyOf` whose
 * branches are all objects (merged into one object typed at the top, the accepted shapes named
 * in its description), nullable primitives as a type list, and none of the always-true noise
 * (`propertyNames: {type: string}`, `required: []`). Validation is not weakened by this: the
 * arguments are still checked against the valibot schema itself (schema.ts).
 */

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => value !== null && typeof value === "object" && !Array.isArray(value);

/** The definitions a schema refers to, by name. */
function definitionsOf(root: Node): Record<string, Node> {
  const defs: Record<string, Node> = {};
  for (const key of ["$defs", "definitions"]) {
    const group = root[key];
    if (isNode(group)) for (const [name, schema] of Object.entries(group)) if (isNode(schema)) defs[name] = schema;
  }
  return defs;
}

/** "{task, args?, kwargs?}" or "{type: \"docker\", image?}": one object shape, for a description. */
export function shapeOf(branch: Node): string {
  const required = new Set(Array.isArray(branch.required) ? (branch.required as string[]) : []);
  const properties = isNode(branch.properties) ? branch.properties : {};
  const keys = Object.entries(properties).map(([key, schema]) => {
    const constant = isNode(schema) && "const" in schema ? `: ${JSON.stringify(schema.const)}` : "";
    return `${key}${required.has(key) ? "" : "?"}${constant}`;
  });
  return `{${keys.join(", ")}}`;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** An enum with its JSON type when the values share one. */
function enumOf(values: unknown[]): Node {
  const unique = [...new Set(values)];
  const types = new Set(unique.map((value) => (value === null ? "null" : typeof value)));
  const type = types.size === 1 ? [...types][0] : undefined;
  return type === "string" || type === "number" || type === "boolean" ? { type, enum: unique } : { enum: unique };
}

const withoutDescription = ({ description: _description, ...rest }: Node) => rest;

/** Schemas of one property in several branches, as one schema. */
function mergeProperty(schemas: Node[], flatten: (node: unknown) => unknown): unknown {
  if (schemas.every((s) => sameJson(s, schemas[0]))) return schemas[0];
  if (schemas.every((s) => "const" in s)) return enumOf(schemas.map((s) => s.const));
  if (schemas.every((s) => sameJson(withoutDescription(s), withoutDescription(schemas[0]!)))) {
    const descriptions = [...new Set(schemas.map((s) => s.description).filter((d) => typeof d === "string"))];
    return { ...schemas[0], description: descriptions.join(" / ") };
  }
  return flatten({ anyOf: schemas });
}

/** One object schema accepting what any of the object branches accepts. */
function mergeObjects(branches: Node[], flatten: (node: unknown) => unknown): Node {
  const byKey = new Map<string, Node[]>();
  for (const branch of branches) {
    for (const [key, schema] of Object.entries(isNode(branch.properties) ? branch.properties : {})) {
      if (isNode(schema)) byKey.set(key, [...(byKey.get(key) ?? []), schema]);
    }
  }
  const properties: Node = {};
  for (const [key, schemas] of byKey) properties[key] = mergeProperty(schemas, flatten);
  const requiredLists = branches.map((b) => (Array.isArray(b.required) ? (b.required as string[]) : []));
  const required = requiredLists[0]!.filter((key) => requiredLists.every((list) => list.includes(key)));
  const merged: Node = { type: "object", properties };
  if (required.length > 0) merged.required = required;
  if (branches.every((b) => b.additionalProperties === false)) merged.additionalProperties = false;
  merged.description = `Exactly one of these shapes: ${branches.map(shapeOf).join(" | ")}.`;
  return merged;
}

/** A branch that only names a JSON type (`{type: "string"}`): collapsible into a type list. */
const bareType = (branch: Node): string | undefined =>
  Object.keys(branch).length === 1 && typeof branch.type === "string" ? branch.type : undefined;

function simplifyUnion(node: Node, flatten: (node: unknown) => unknown): Node {
  const branches = (node.anyOf as unknown[]).map(flatten).filter(isNode);
  const { anyOf: _anyOf, ...rest } = node;
  const types = branches.map(bareType);
  if (types.every((t) => t !== undefined)) return { type: [...new Set(types)], ...rest };
  if (branches.every((b) => "const" in b && Object.keys(b).every((k) => k === "const" || k === "type"))) return { ...enumOf(branches.map((b) => b.const)), ...rest };
  const others = branches.filter((b) => bareType(b) !== "null");
  if (others.length === 1 && branches.length === 2 && typeof others[0]!.type === "string") {
    return { ...others[0], type: [others[0]!.type, "null"], ...rest };
  }
  if (branches.every((b) => b.type === "object")) {
    const merged = mergeObjects(branches, flatten);
    const description = [rest.description, merged.description].filter((d) => typeof d === "string").join(" ");
    return { ...merged, ...rest, description };
  }
  return { ...rest, anyOf: branches };
}

/**
 * Inlines every `$ref`: the first use of a definition in full, later uses as a typed stub that
 * points at it (a definition used twice would otherwise be sent twice).
 */
export function flattenSchema(root: Node): Node {
  const defs = definitionsOf(root);
  const inlined = new Set<string>();
  const flatten = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(flatten);
    if (!isNode(value)) return value;
    if (typeof value.$ref === "string") {
      const name = value.$ref.replace(/^#\/(\$defs|definitions)\//, "");
      const target = defs[name];
      if (target === undefined) return value;
      if (inlined.has(name)) {
        const type = typeof target.type === "string" ? target.type : Array.isArray(target.anyOf) ? "object" : undefined;
        return { ...(type ? { type } : {}), description: `A ${name}, in any of the shapes given for "${name}" above.` };
      }
      inlined.add(name);
      return flatten({ ...target, ...Object.fromEntries(Object.entries(value).filter(([k]) => k !== "$ref")) });
    }
    const out: Node = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === "$defs" || key === "definitions" || key === "$schema") continue;
      if (key === "propertyNames" && sameJson(item, { type: "string" })) continue;
      if (key === "required" && Array.isArray(item) && item.length === 0) continue;
      // `properties` maps names to schemas: its keys are names, never keywords.
      out[key] = key === "properties" && isNode(item) ? Object.fromEntries(Object.entries(item).map(([k, s]) => [k, flatten(s)])) : flatten(item);
    }
    if (Array.isArray(out.anyOf)) return simplifyUnion(out, flatten);
    // Every value schema typed: an enum or a const says its JSON type too.
    if (out.type === undefined && (Array.isArray(out.enum) || "const" in out)) {
      const { type } = enumOf(Array.isArray(out.enum) ? out.enum : [out.const]);
      if (type !== undefined) return { type, ...out };
    }
    return out;
  };
  return oneDescriptionPerField(flatten(root) as Node);
}

const SHAPES_NOTE = "Exactly one of these shapes:";

/** The descriptions below a field's own schema (its union branches, its items), removed from there. */
function takeInnerDescriptions(node: Node, taken: string[]): void {
  for (const key of ["anyOf", "items"]) {
    const inner = node[key];
    for (const child of Array.isArray(inner) ? inner : [inner]) {
      if (!isNode(child)) continue;
      if (typeof child.description === "string") taken.push(child.description);
      delete child.description;
      takeInnerDescriptions(child, taken);
    }
  }
}

/**
 * One description per field: a described field whose union branches or items carry descriptions
 * of their own (a list of tasks inside a stage inside the pipeline) keeps only its own, plus the
 * shapes the flattening named, so an assistant reads one account of the field, not three.
 */
function oneDescriptionPerField(node: Node): Node {
  if (isNode(node.properties)) {
    for (const field of Object.values(node.properties)) {
      if (!isNode(field)) continue;
      if (typeof field.description === "string") {
        const inner: string[] = [];
        takeInnerDescriptions(field, inner);
        const shapes = inner.find((d) => d.startsWith(SHAPES_NOTE));
        if (shapes !== undefined && !field.description.includes(shapes)) field.description = `${field.description} ${shapes}`;
      }
      oneDescriptionPerField(field);
    }
  }
  for (const key of ["anyOf", "items"]) {
    const inner = node[key];
    for (const child of Array.isArray(inner) ? inner : [inner]) if (isNode(child)) oneDescriptionPerField(child);
  }
  return node;
}
