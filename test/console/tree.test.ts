// @vitest-environment happy-dom
// The console's JSON-view tree: children are built only when a node opens, in pages of
// PAGE_SIZE, and long strings are cut until asked for; tagged scalars read as one value.
import { describe, expect, it } from "vitest";
import { PAGE_SIZE, renderTree } from "../../console/app/tree.js";

const open = (details: Element): void => {
  (details as HTMLDetailsElement).open = true;
  details.dispatchEvent(new Event("toggle"));
};

describe("renderTree", () => {
  it("builds nothing until opened, then one page at a time", () => {
    const big = Array.from({ length: 2 * PAGE_SIZE + 5 }, (_, i) => ({ i }));
    const tree = renderTree(big, "big");
    expect(tree.querySelector("summary")?.textContent).toBe(`big: list (${big.length})`);
    expect(tree.querySelectorAll("li")).toHaveLength(0);
    open(tree);
    const items = () => tree.querySelectorAll(":scope > ul > li");
    expect(items()).toHaveLength(PAGE_SIZE + 1);
    const more = () => tree.querySelector<HTMLButtonElement>(":scope > ul > li:last-child > button");
    expect(more()?.textContent).toBe(`show ${PAGE_SIZE} more of ${big.length - PAGE_SIZE}`);
    more()?.click();
    expect(items()).toHaveLength(2 * PAGE_SIZE + 1);
    more()?.click();
    expect(items()).toHaveLength(big.length);
    expect(more()).toBeNull();
    // Nested values stay closed (and unbuilt).
    expect(tree.querySelectorAll("ul ul li")).toHaveLength(0);
  });

  it("shows dicts, sets, Success/Failure, exceptions and objects by what they are", () => {
    const value = { $ok: { $dict: [[1, "one"], [[2, 3], { $set: [1, 2] }]] } };
    const tree = renderTree(value, "r", true);
    expect(tree.querySelector("summary")?.textContent).toBe("r: Success");
    const inner = tree.querySelector("ul details")!;
    expect(inner.querySelector("summary")?.textContent).toBe("value: dict (2)");
    open(inner);
    expect(inner.textContent).toContain("1: \"one\"");
    expect(inner.textContent).toContain("[2,3]: set (2)");
    expect(renderTree({ $err: "Traceback…" }, "e").querySelector("summary")?.textContent).toBe("e: Failure");
    expect(renderTree({ $exception: "builtins.ValueError", args: ["bad"] }).querySelector("summary")?.textContent).toBe("exception builtins.ValueError");
    expect(renderTree({ $object: "m.Thing", state: {} }).querySelector("summary")?.textContent).toBe("object m.Thing");
  });

  it("shows tagged scalars as leaves and cuts long strings until asked", () => {
    expect(renderTree({ $int: "123456789012345678901234567890" }, "n").textContent).toBe("n: int 123456789012345678901234567890");
    const long = "x".repeat(5000);
    const leaf = renderTree(long, "s");
    expect(leaf.textContent!.length).toBeLessThan(600);
    const button = leaf.querySelector("button")!;
    expect(button.textContent).toBe("show all 5000 characters");
    button.click();
    expect(leaf.querySelector("pre")?.textContent).toBe(long);
  });
});
