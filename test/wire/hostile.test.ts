// Hostile or odd bodies: names valibot's record would drop, pools nested past the stack, cycles.
import { describe, expect, it } from "vitest";
import * as v from "valibot";
import {
  Experiment,
  ExperimentExecutionInformation,
  Nodes,
  ValidationError,
  experimentsFromJSON,
  experimentsToJSON,
  parseServerJson,
} from "../../src/index.js";
import { dictionary, MAX_POOL_DEPTH, validateBody } from "../../src/wire/index.js";
import { readFixture } from "../model/fixtures.js";
import { validationFailure } from "./helpers.js";

const ODD_KEYS = ["__proto__", "constructor", "prototype", "hasOwnProperty", "toString"];
const info = { status: 1, experiment: null, execution_result: null };

/** The ValidationError `run` throws, its path checked when `path` is given. */
function expectValidationError(run: () => unknown, path?: string): ValidationError {
  const error = validationFailure(run);
  if (path !== undefined) expect(error.path).toBe(path);
  return error;
}

describe("dictionaries keep every key", () => {
  it("experiments named __proto__, constructor, prototype are listed, and round-trip", () => {
    const text = `{${ODD_KEYS.map((key) => `${JSON.stringify(key)}: ${JSON.stringify(info)}`).join(", ")}}`;
    const body = parseServerJson(text);
    const experiments = experimentsFromJSON(body);
    expect([...experiments.keys()]).toEqual(ODD_KEYS);
    expect(experiments.get("__proto__")).toBeInstanceOf(ExperimentExecutionInformation);
    const wire = experimentsToJSON(experiments);
    expect(Object.keys(wire)).toEqual(ODD_KEYS);
    expect(Object.getPrototypeOf(wire)).toBe(Object.prototype);
    expect(parseServerJson(JSON.stringify(wire))).toEqual(body);
  });

  it("node properties, environment variables, ports and contexts keep such keys too", () => {
    const fixture = readFixture<{ body: Record<string, unknown> }>("experiments", "pipeline_docker_map.json");
    const body = structuredClone(fixture.body) as {
      deployment_map: Array<{ node: { properties: object }; environment_definition: { runtime_context: { environment_variables: object; ports_mapping: object } } }>;
      deployment_context: object;
    };
    const deployment = body.deployment_map[0]!;
    const odd = (value: unknown) => JSON.parse(`{"constructor": ${JSON.stringify(value)}, "__proto__": ${JSON.stringify(value)}}`) as object;
    deployment.node.properties = { ...deployment.node.properties, ...odd("x") };
    deployment.environment_definition.runtime_context.environment_variables = odd("v");
    deployment.environment_definition.runtime_context.ports_mapping = odd(8080);
    body.deployment_context = odd({ prototype: "p" });
    const experiment = Experiment.fromJSON(body);
    expect(experiment.toJSON()).toEqual(body);
    expect(Object.keys(experiment.deploymentMap[0]!.node.properties)).toContain("__proto__");
    expect(experiment.deploymentMap[0]!.node.get("constructor")).toBe("x");
  });

  it("refuses arrays and non-objects, with the failing entry's path", () => {
    const schema = dictionary(v.number());
    expect(validateBody(schema, { a: 1, b: 2 }, "t")).toEqual({ a: 1, b: 2 });
    expect(expectValidationError(() => validateBody(schema, [1, 2], "t")).message).toBe("t: the body should be Object, but is Array");
    expect(expectValidationError(() => validateBody(schema, null, "t")).message).toBe("t: the body should be Object, but is null");
    expectValidationError(() => validateBody(schema, { a: 1, "x y": "no" }, "t"), '["x y"]');
    expect(expectValidationError(() => experimentsFromJSON([info]), "").message).toMatch(/should be Object, but is Array/);
    expectValidationError(() => experimentsFromJSON({ ok: info, bad: { ...info, status: 9 } }), "bad.status");
  });
});

describe("pools nested past reason", () => {
  const pool = (data: unknown[]) => ({ node_pool_type: "CountableNodePool", node_pool_data: data, node_pool_metadata: null });
  const nested = (depth: number) => {
    let body = pool([]);
    for (let i = 1; i < depth; i++) body = pool([body]);
    return body;
  };

  it(`reads ${MAX_POOL_DEPTH} levels, refuses one more (no RangeError)`, () => {
    expect(Nodes.fromJSON(nested(MAX_POOL_DEPTH)).length).toBe(1);
    const error = expectValidationError(() => Nodes.fromJSON(nested(MAX_POOL_DEPTH + 1)));
    expect(error.path).toBe(Array.from({ length: MAX_POOL_DEPTH }, () => "node_pool_data[0]").join("."));
    expect(error.message).toMatch(/^Nodes\.fromJSON: pools nested deeper than 100 levels/);
    expectValidationError(() => Nodes.fromJSON(nested(50_000)));
  });

  it("a pool containing itself (data built in memory) is a ValidationError", () => {
    const cyclic = pool([]);
    cyclic.node_pool_data.push(cyclic);
    expectValidationError(() => Nodes.fromJSON(cyclic));
  });

  it("any schema blowing the stack reports a ValidationError, not a RangeError", () => {
    type Deep = { next: Deep | null };
    const schema: v.GenericSchema<Deep> = v.object({ next: v.nullable(v.lazy(() => schema)) });
    let deep: Deep = { next: null };
    for (let i = 0; i < 200_000; i++) deep = { next: deep };
    const error = expectValidationError(() => validateBody(schema, deep, "deep"), "");
    expect(error.message).toBe("deep: the body is nested too deeply (or cyclic) to be read");
  });
});
