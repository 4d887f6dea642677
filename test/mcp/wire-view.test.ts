// wireOf builds what JSON.parse(JSON.stringify(model)) gave the tools, without the text; the node
// listing reads model pools in place and copies only what it returns.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseServerJson } from "../../src/json.js";
import { ExperimentExecutionInformation, Nodes } from "../../src/model/index.js";
import { flattenNodes, poolEntries, type WirePool, wireOf, wireProperties } from "../../mcp/answers/wire-view.js";
import { readFixture } from "../model/fixtures.js";

/** What wireOf did before: the JSON text round trip, Infinity kept as the server's "Infinity". */
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v === Infinity ? "Infinity" : v)));

const POOLS = ["empty_pool.json", "nested_pool.json", "uncountable_top_level.json", "uncountable_without_soft_limit.json"];
const poolOf = (file: string): Nodes => {
  const fixture = readFixture<{ body?: unknown; body_text?: string }>("nodes", file);
  return Nodes.fromJSON(fixture.body ?? parseServerJson(fixture.body_text!));
};

describe("wireOf", () => {
  it("gives what the JSON round trip gave, for model pools and statuses", () => {
    for (const file of POOLS) {
      const pool = poolOf(file);
      expect(wireOf(pool)).toStrictEqual(roundTrip(pool));
    }
    for (const file of ["finished_by_value_result.json", "finished_error_string.json"]) {
      const status = ExperimentExecutionInformation.fromJSON(readFixture<{ body: unknown }>("status", file).body);
      expect(wireOf(status)).toStrictEqual(roundTrip(status));
    }
  });

  it("follows JSON's rules on any value: toJSON, undefined, non-finite numbers, -0, __proto__ keys", () => {
    const odd = {
      a: [undefined, () => 1, Symbol("s"), NaN, -Infinity, Infinity, -0, "x\ud800"],
      b: undefined,
      c: { toJSON: (key: string) => ({ key, when: new Date(0) }) },
      ["__proto__"]: { polluted: true },
      nested: [[{ deep: null }]],
      10: "ten",
      2: "two",
    };
    Object.defineProperty(odd, "__proto__", { value: { polluted: true }, enumerable: true });
    const copy = wireOf<Record<string, unknown>>(odd);
    expect(copy).toStrictEqual(roundTrip(odd));
    expect(Object.keys(copy)).toEqual(Object.keys(roundTrip(odd) as object));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(() => wireOf({ n: 1n })).toThrow(TypeError); // as JSON.stringify
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => wireOf(cycle)).toThrow(TypeError);
    fc.assert(fc.property(fc.jsonValue(), fc.anything(), (json, anything) => {
      expect(wireOf(json)).toStrictEqual(roundTrip(json));
      let expected: unknown;
      try {
        expected = roundTrip(anything);
      } catch {
        return; // bigints and the like: JSON refuses, wireOf too (above)
      }
      expect(wireOf(anything)).toStrictEqual(expected);
    }));
  });
});

describe("poolEntries", () => {
  it("lists a model pool as flattenNodes listed its wire copy", () => {
    for (const file of POOLS) {
      const pool = poolOf(file);
      const entries = poolEntries(pool).map((entry) => ({ ...entry, properties: wireProperties(entry) }));
      expect(entries).toStrictEqual(flattenNodes(wireOf<WirePool>(pool)));
    }
  });

  it("reads the models in place (no copy until an entry is returned) and still takes plain wire pools", () => {
    const pool = poolOf("nested_pool.json");
    const entries = poolEntries(pool);
    const first = [...pool].find((item) => !(item instanceof Nodes)) as { properties: object } | undefined;
    expect(entries[0]!.properties).toBe(first!.properties);
    expect(wireProperties(entries[0]!)).not.toBe(first!.properties);
    const plain = roundTrip(pool) as WirePool;
    expect(poolEntries(plain)).toStrictEqual(flattenNodes(plain));
  });
});
