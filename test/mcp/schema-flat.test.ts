/**
 * Tool schemas that common clients and model providers accept: no `$ref`/`$defs`, objects typed
 * at the top, no union of objects left as `anyOf` (merged, shapes named), every value typed.
 * Checked on every tool's input and output schema, and on synthetic schemas (so schemas added
 * later are flattened the same way).
 */
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { describeTool } from "../../mcp/index.js";
import { checkArguments, jsonSchemaOf } from "../../mcp/answers/schema.js";
import { flattenSchema } from "../../mcp/answers/schema-flat.js";
import { ALL_TOOLS } from "../../mcp/tools/index.js";

type Schema = Record<string, unknown>;

/** Every schema node under a schema, with its JSON path. */
function* walk(schema: unknown, path = "#"): Generator<[string, Schema]> {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return;
  const node = schema as Schema;
  yield [path, node];
  for (const [key, child] of Object.entries(node.properties ?? {})) yield* walk(child, `${path}/properties/${key}`);
  if (node.items) yield* walk(node.items, `${path}/items`);
  if (typeof node.additionalProperties === "object") yield* walk(node.additionalProperties, `${path}/additionalProperties`);
  for (const [i, branch] of ((node.anyOf as unknown[]) ?? []).entries()) yield* walk(branch, `${path}/anyOf/${i}`);
}

/** A schema that constrains nothing (`{}` or only a description): v.unknown() values. */
const unconstrained = (node: Schema) => Object.keys(node).every((k) => k === "description");

describe("every tool's schemas", () => {
  const listed = ALL_TOOLS.map(describeTool);

  it.each(listed.map((t) => [t.name, t]))("%s: no $ref, typed object at the top, every value typed, no union of objects", (_name, tool) => {
    for (const schema of [tool.inputSchema, tool.outputSchema]) {
      const text = JSON.stringify(schema);
      expect(text).not.toMatch(/"\$ref"|"\$defs"|"definitions"|"propertyNames"/);
      expect(schema!.type).toBe("object");
      expect(schema).not.toHaveProperty("anyOf");
      for (const [path, node] of walk(schema)) {
        if (path.endsWith("/items") && unconstrained(node)) continue;
        if (path.endsWith("/additionalProperties") && unconstrained(node)) continue;
        if (Array.isArray(node.anyOf)) {
          const branches = node.anyOf as Schema[];
          expect(branches.every((b) => b.type === "object"), `${tool.name} ${path}`).toBe(false);
          expect(branches.every((b) => typeof b.type === "string"), `${tool.name} ${path}`).toBe(true);
          continue;
        }
        if (unconstrained(node) && path.includes("/properties/")) continue; // v.unknown() outputs
        expect(node.type, `${tool.name} ${path}: ${JSON.stringify(node).slice(0, 120)}`).toBeDefined();
      }
    }
  });

  it("prepare_experiment's merged task object names its three shapes; its environment is one object with a typed enum", () => {
    const input = listed.find((t) => t.name === "prepare_experiment")!.inputSchema as Schema;
    const pipeline = (input.properties as Record<string, Schema>).pipeline!;
    const [single, parallel] = (pipeline.items as Schema).anyOf as Schema[];
    expect(single!.type).toBe("object");
    expect(Object.keys(single!.properties as object).sort()).toEqual(["args", "kwargs", "name", "requirements", "shell", "sleep", "task"]);
    // One description per field (issue 19): the shapes are named in the pipeline's own description,
    // and neither the stage's branches nor the parallel list's items carry another.
    expect(pipeline.description).toMatch(/ Exactly one of these shapes: \{task, args\?, kwargs\?, name\?, requirements\?\} \| \{shell, name\?\} \| \{sleep, name\?\}\.$/);
    expect(single!.description).toBeUndefined();
    expect(parallel).toEqual({ type: "array", items: { type: "object" }, minItems: 1 });
    const environment = (input.properties as Record<string, Schema>).environment!;
    expect(environment).toMatchObject({ type: "object", required: ["type"], properties: { type: { type: "string", enum: ["docker", "shell"] } } });
  });

  it("every field of every tool has one description: none below it in its branches or items", () => {
    const inner = (node: Schema, found: string[]): string[] => {
      for (const key of ["anyOf", "items"]) {
        const value = node[key];
        for (const child of Array.isArray(value) ? value : [value]) {
          if (child === null || typeof child !== "object") continue;
          if (typeof (child as Schema).description === "string") found.push((child as Schema).description as string);
          inner(child as Schema, found);
        }
      }
      return found;
    };
    const fields = (node: Schema, path: string, out: string[]) => {
      for (const [name, field] of Object.entries((node.properties ?? {}) as Record<string, Schema>)) {
        if (typeof field.description === "string" && inner(field, []).length > 0) out.push(`${path}.${name}`);
        fields(field, `${path}.${name}`, out);
        for (const child of [field.items, ...((field.anyOf as Schema[] | undefined) ?? [])]) if (child && typeof child === "object") fields(child as Schema, `${path}.${name}[]`, out);
      }
      return out;
    };
    const twice = listed.flatMap((t) => [...fields(t.inputSchema as Schema, `${t.name} in`, []), ...fields((t.outputSchema ?? {}) as Schema, `${t.name} out`, [])]);
    expect(twice).toEqual([]);
  });

  it("the flattened schema changes nothing of what is accepted: every shape still validates, wrong ones still fail", () => {
    const tool = ALL_TOOLS.find((t) => t.name === "prepare_experiment")!;
    const good = {
      experiment_id: "e",
      nodes: { names: ["node-a"] },
      pipeline: [{ task: "a.B", args: [1], kwargs: { x: 1 } }, { shell: ["true"] }, [{ sleep: 1 }, { shell: ["ls"], name: "l" }]],
      environment: { type: "shell", commands: [] },
    };
    expect(checkArguments(tool.input, good).ok).toBe(true);
    expect(checkArguments(tool.input, { ...good, pipeline: [{ shell: ["true"], sleep: 1 }] }).ok).toBe(false);
    expect(checkArguments(tool.input, { ...good, environment: { type: "shell", image: "x" } }).ok).toBe(false);
  });
});

describe("flattenSchema on any schema", () => {
  it("inlines a definition once and refers to it afterwards; merges object unions; collapses nullable and const unions", () => {
    const flat = flattenSchema({
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: {
        one: { $ref: "#/$defs/thing" },
        many: { type: "array", items: { $ref: "#/$defs/thing" } },
        maybe: { anyOf: [{ type: "string" }, { type: "null" }], description: "d" },
        kind: { anyOf: [{ const: "a" }, { const: "b" }] },
        map: { type: "object", propertyNames: { type: "string" }, additionalProperties: { type: "string" }, required: [] },
      },
      required: ["one"],
      $defs: {
        thing: {
          anyOf: [
            { type: "object", properties: { a: { type: "string" }, n: { type: "number" } }, required: ["a"], additionalProperties: false },
            { type: "object", properties: { b: { type: "boolean" }, n: { type: "number" } }, required: ["b"], additionalProperties: false },
          ],
        },
      },
    });
    expect(flat).toEqual({
      type: "object",
      properties: {
        one: {
          type: "object",
          properties: { a: { type: "string" }, n: { type: "number" }, b: { type: "boolean" } },
          additionalProperties: false,
          description: "Exactly one of these shapes: {a, n?} | {b, n?}.",
        },
        many: { type: "array", items: { type: "object", description: 'A thing, in any of the shapes given for "thing" above.' } },
        maybe: { type: ["string", "null"], description: "d" },
        kind: { type: "string", enum: ["a", "b"] },
        map: { type: "object", additionalProperties: { type: "string" } },
      },
      required: ["one"],
    });
  });

  it("a top-level union of objects becomes one object (what a tool with alternative argument sets would produce)", () => {
    const schema = v.union([v.strictObject({ id: v.string() }), v.strictObject({ name: v.string(), exact: v.optional(v.boolean()) })]);
    const flat = flattenSchema(JSON.parse(JSON.stringify(jsonSchemaOfUnion(schema))) as Schema);
    expect(flat).toMatchObject({ type: "object", description: "Exactly one of these shapes: {id} | {name, exact?}." });
    expect(flat).not.toHaveProperty("anyOf");
  });
});

/** jsonSchemaOf refuses non-object roots: convert a union root directly, as the library would. */
function jsonSchemaOfUnion(schema: v.GenericSchema): Schema {
  try {
    return jsonSchemaOf(schema) as Schema;
  } catch {
    throw new Error("jsonSchemaOf should accept a union of objects once flattened");
  }
}
