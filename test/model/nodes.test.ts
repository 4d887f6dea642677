import { describe, expect, it } from "vitest";
import { parseServerJson, stringifyForServer } from "../../src/json.js";
import { NodePoolExhaustedError } from "../../src/model/errors.js";
import { Architecture, CountableNodePool, Node, Nodes, UncountableNodePool, type NodePoolItem } from "../../src/model/index.js";
import { NetunicornError, UsageError, ValidationError } from "../../src/errors.js";
import { fixtureNames, readFixture } from "./fixtures.js";

type Outcome = { value: unknown } | { raises: "StopIteration" };
interface NodesFixture {
  body?: unknown;
  body_text: string;
  expected: Record<string, Outcome>;
}

function names(items: readonly NodePoolItem[]): unknown[] {
  return items.map((item) => (item instanceof Node ? item.name : { non_node: item.poolType, str: String(item) }));
}

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof NodePoolExhaustedError) return { raises: "StopIteration" };
    throw error;
  }
}

const isAmd64 = (node: Node): boolean => node.architecture === Architecture.LINUX_AMD64;

/** Each expected entry, computed on a fresh pool parsed from body_text, as the fixture generator did. */
const OPERATIONS: Record<string, (pool: Nodes) => unknown> = {
  len: (pool) => pool.length,
  take_5: (pool) => names(pool.take(5)),
  take_20: (pool) => names(pool.take(20)),
  filter_linux_amd64_take_5: (pool) => names(pool.filter(isAmd64).take(5)),
  filter_linux_amd64_len: (pool) => pool.filter(isAmd64).length,
  skip_1_take_3: (pool) => names(pool.skip(1).take(3)),
  skip_1_len: (pool) => pool.skip(1).length,
  take_2_then_take_3_same_pool: (pool) => [names(pool.take(2)), names(pool.take(3))],
  top_level_items: (pool) =>
    Array.from({ length: pool.length }, (_, i) => {
      const item = pool.at(i);
      return item instanceof Node ? { kind: "node", name: item.name } : { kind: item.poolType, len: item.length };
    }),
};

describe.each(fixtureNames("nodes"))("nodes fixture %s", (file) => {
  const fixture = readFixture<NodesFixture>("nodes", file);

  it.each(Object.keys(fixture.expected))("%s matches Python", (key) => {
    const operation = OPERATIONS[key];
    expect(operation, `no operation for expected entry ${key}`).toBeDefined();
    const pool = Nodes.fromJSON(parseServerJson(fixture.body_text));
    expect(outcome(() => operation!(pool))).toEqual(fixture.expected[key]);
  });

  it("round-trips to the body", () => {
    const parsed = parseServerJson(fixture.body_text);
    if (fixture.body !== undefined) expect(parsed).toEqual(fixture.body);
    expect(Nodes.fromJSON(parsed).toJSON()).toEqual(parsed);
  });
});

describe("uncountable pool without soft limit", () => {
  const text = readFixture<NodesFixture>("nodes", "uncountable_without_soft_limit.json").body_text;

  it("is not strict JSON, but parses, with Infinity as the soft limit", () => {
    expect(() => JSON.parse(text)).toThrow();
    const pool = Nodes.fromJSON(parseServerJson(text)) as CountableNodePool;
    const inner = pool.at(1) as UncountableNodePool;
    expect(inner).toBeInstanceOf(UncountableNodePool);
    expect(inner.softLimit).toBeNull();
    expect(inner.toJSON().node_pool_metadata).toBe(Infinity);
  });

  it("re-serialises with the bare Infinity token and reads back the same", () => {
    const out = stringifyForServer(Nodes.fromJSON(parseServerJson(text)));
    expect(out).toContain('"node_pool_metadata":Infinity');
    expect(parseServerJson(out)).toEqual(parseServerJson(text));
    // Whitespace aside, the text is the server's own.
    expect(out).toBe(JSON.stringify(JSON.parse(text.replace(": Infinity", ': "INF"'))).replace('"INF"', "Infinity"));
  });
});

describe("node pools", () => {
  const template = (name: string, architecture: Architecture = Architecture.LINUX_AMD64) =>
    new Node(name, { connector: "aws" }, architecture);

  it("generates names from a counter shared with filtered copies", () => {
    const pool = new UncountableNodePool([template("a-"), template("b-", Architecture.LINUX_ARM64)], null);
    expect(pool.take(3).map(String)).toEqual(["a-1", "b-2", "a-3"]);
    const onlyA = pool.filter(isAmd64);
    expect(onlyA.take(2).map(String)).toEqual(["a-4", "a-5"]);
    expect(pool.take(1).map(String)).toEqual(["b-6"]);
  });

  it("generated nodes are copies of the template", () => {
    const pool = new UncountableNodePool([template("a-")], 5);
    const [node] = pool.take(1);
    node!.set("x", 1);
    expect(pool.at(0).get("x")).toBeNull();
    expect(pool.at(0).name).toBe("a-");
  });

  it("sets a property called __proto__ as a plain property, on a node and across a pool", () => {
    const node = new Node("n");
    node.set("__proto__", { injected: true });
    expect(Object.keys(node.properties)).toEqual(["__proto__"]);
    expect(node.get("__proto__")).toEqual({ injected: true });
    expect((node.properties as Record<string, unknown>)["injected"]).toBeUndefined();
    const pool = new CountableNodePool([new Node("a")]).setProperty("__proto__", ["x"]);
    expect(pool.toJSON().node_pool_data[0]).toMatchObject({ properties: { ["__proto__"]: ["x"] } });
  });

  it("throws a typed error past the soft limit or without template", () => {
    const pool = new UncountableNodePool([template("a-")], 2);
    expect(pool.take(2)).toHaveLength(2);
    const error = (() => {
      try {
        pool.take(1);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NodePoolExhaustedError);
    expect(error).toBeInstanceOf(UsageError);
    expect(NetunicornError.is(error)).toBe(true);
    expect(() => new UncountableNodePool([]).take(1)).toThrow(NodePoolExhaustedError);
    expect(() => new UncountableNodePool([]).skip(1)).toThrow(UsageError);
  });

  it("skip on an uncountable pool advances the cycle modulo its length, like Python", () => {
    const pool = new UncountableNodePool([template("a-"), template("b-"), template("c-")]);
    expect(pool.skip(4)).toBe(pool);
    expect(pool.take(2).map(String)).toEqual(["b-1", "c-2"]);
    // Python: -1 % 3 == 2, so two template nodes are passed over.
    expect(pool.skip(-1).take(1).map(String)).toEqual(["c-3"]);
  });

  it("countable skip past the end gives an empty pool; negative skips slice like Python", () => {
    const pool = new CountableNodePool([template("x"), template("y"), template("z")]);
    expect(pool.skip(4).length).toBe(0);
    expect(pool.skip(3).length).toBe(0);
    expect(pool.skip(-1).take(5).map(String)).toEqual(["z"]);
  });

  it("take flattens nested pools at any depth into nodes (Python stops at one level)", () => {
    const deep = new CountableNodePool([template("deep")]);
    const middle = new CountableNodePool([template("m"), deep]);
    const pool = new CountableNodePool([template("top"), middle, template("last")]);
    const taken = pool.take(10);
    expect(taken.map((node) => node.name)).toEqual(["top", "m", "deep", "last"]);
    expect(taken.every((item) => item instanceof Node)).toBe(true);
    expect(pool.take(2).map((node) => node.name)).toEqual(["top", "m"]);
    expect(String(deep)).toBe("[deep]");
  });

  it("filter drops nested pools left empty and keeps the soft limit", () => {
    const pool = new CountableNodePool([
      template("x", Architecture.LINUX_ARM64),
      new CountableNodePool([template("y", Architecture.LINUX_ARM64)]),
      new UncountableNodePool([template("u-")], 7),
    ]);
    const filtered = pool.filter(isAmd64);
    expect(filtered.length).toBe(1);
    expect((filtered.at(0) as UncountableNodePool).softLimit).toBe(7);
  });

  it("setProperty reaches nested pools and templates", () => {
    const inner = new UncountableNodePool([template("u-")]);
    const pool = new CountableNodePool([template("x"), new CountableNodePool([template("y")]), inner]);
    expect(pool.setProperty("team", "blue")).toBe(pool);
    expect(pool.take(3).map((node) => (node as Node).get("team"))).toEqual(["blue", "blue", "blue"]);
  });

  it("at() supports negative indices and refuses out-of-range ones", () => {
    const pool = new CountableNodePool([template("x"), template("y")]);
    expect((pool.at(-1) as Node).name).toBe("y");
    expect(() => pool.at(2)).toThrow(UsageError);
    expect(() => pool.at(-3)).toThrow(/out of range/);
  });

  it("iterates as Python: countable yields items, uncountable generates up to its soft limit", () => {
    const inner = new UncountableNodePool([template("u-")], 2);
    const pool = new CountableNodePool([template("x"), inner]);
    const items = [...pool];
    expect(items).toHaveLength(2);
    expect(items[0]).toBe(pool.at(0));
    expect(items[1]).toBe(inner);
    expect([...inner].map(String)).toEqual(["u-1", "u-2"]);
    expect([...inner]).toEqual([]);
  });

  it("availableEnvironments follows the netunicorn-environments property", () => {
    expect([...new Node("n", {}).availableEnvironments].sort()).toEqual(["DockerImage", "ShellExecution"]);
    expect([...new Node("n", { "netunicorn-environments": ["ShellExecution", "Other"] }).availableEnvironments]).toEqual(["ShellExecution"]);
    // netunicorn iterates the value: a bare string yields its characters, so no environment.
    expect(new Node("n", { "netunicorn-environments": "DockerImage" }).availableEnvironments.size).toBe(0);
    expect(new Node("n", { "netunicorn-environments": null }).availableEnvironments.size).toBe(0);
  });

  it("subclass fromJSON insists on its own pool type", () => {
    const body = readFixture<NodesFixture>("nodes", "uncountable_top_level.json").body;
    expect(UncountableNodePool.fromJSON(body).softLimit).toBe(3);
    expect(() => CountableNodePool.fromJSON(body)).toThrow(ValidationError);
    expect(() => CountableNodePool.fromJSON(body)).toThrow(/node_pool_type/);
  });

  it("Node.equals compares like Python's ==, and fromJSON copies the body", () => {
    const body = { name: "n", properties: { a: [1, { b: 2 }] }, additional_properties: { c: null }, architecture: "win/arm64" };
    const node = Node.fromJSON(body);
    expect(node.equals(Node.fromJSON(structuredClone(body)))).toBe(true);
    expect(node.equals(new Node("n", { a: [1, { b: 3 }] }, Architecture.WINDOWS_ARM64, { c: null }))).toBe(false);
    expect(node.equals(new Node("n", { a: [1, { b: 2 }] }, Architecture.WINDOWS_ARM64, {}))).toBe(false);
    (body.properties.a as unknown[]).push(9);
    expect(node.get("a")).toEqual([1, { b: 2 }]);
    expect(node.toJSON()).not.toBe(node.toJSON().properties);
  });

  it("refuses malformed pools with a path", () => {
    const bad = {
      node_pool_type: "CountableNodePool",
      node_pool_data: [{ node_pool_type: "UncountableNodePool", node_pool_data: [{ name: "x", properties: {}, additional_properties: {}, architecture: "mips" }], node_pool_metadata: 3 }],
      node_pool_metadata: null,
    };
    expect(() => Nodes.fromJSON(bad)).toThrow(ValidationError);
    try {
      Nodes.fromJSON(bad);
    } catch (error) {
      expect((error as ValidationError).path).toBe("node_pool_data[0].node_pool_data[0].architecture");
      expect((error as ValidationError).message).toContain('"linux/amd64"');
    }
    expect(() => Nodes.fromJSON({ node_pool_type: "WeirdPool", node_pool_data: [] })).toThrow(/node_pool_type/);
  });
});
