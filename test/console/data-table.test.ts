// @vitest-environment happy-dom
// The console's long-table component (results per task, chart data, compare): rows are built a
// page at a time, a header's button sorts (numbers as numbers, names in natural order, empty
// cells last in both orders) and says so in aria-sort, and an order kept by label survives a
// new table with more columns.
import { describe, expect, it } from "vitest";
import { compareCells, dataTable, type TableSort } from "../../console/app/data-table.js";

const nodes = Array.from({ length: 250 }, (_, i) => ({ values: [`node-${i + 1}`, i % 7 === 0 ? null : (i * 37) % 101, i % 2 === 0 ? "ok" : "failed"] as const }));
const table = (sort: TableSort | null = null, onSort?: (s: TableSort) => void): HTMLElement =>
  dataTable({ caption: "Task ping", columns: [{ label: "Node" }, { label: "avg_rtt (ms)", numeric: true }, { label: "State", wrap: true }], rows: nodes, pageSize: 100, sort, onSort });
const bodyRows = (t: HTMLElement): string[][] => [...t.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent ?? ""));
const headerButton = (t: HTMLElement, label: string): HTMLButtonElement =>
  [...t.querySelectorAll<HTMLButtonElement>("thead button")].find((b) => b.textContent?.startsWith(label))!;
const ariaSort = (t: HTMLElement): (string | null)[] => [...t.querySelectorAll("thead th")].map((th) => th.getAttribute("aria-sort"));

describe("compareCells", () => {
  it("puts numbers before texts, texts in natural order and empty cells last", () => {
    const cells = ["node-10", null, 3, "node-2", -1, "b", 2.5];
    expect([...cells].sort(compareCells)).toEqual([-1, 2.5, 3, "b", "node-2", "node-10", null]);
  });
});

describe("dataTable", () => {
  it("builds a page of rows, then more on request", () => {
    const t = table();
    expect(bodyRows(t)).toHaveLength(100);
    expect(t.querySelector("tbody th[scope=row]")?.textContent).toBe("node-1");
    const [more, all] = t.querySelectorAll<HTMLButtonElement>(".table-more button");
    expect(more!.textContent).toBe("Show 100 more rows");
    more!.click();
    expect(bodyRows(t)).toHaveLength(200);
    expect(all!.textContent).toBe("Show all 250 rows");
    all!.click();
    expect(bodyRows(t)).toHaveLength(250);
    expect((t.querySelector(".table-more") as HTMLElement).hidden).toBe(true);
  });

  it("sorts by a column, ascending then descending, empty cells last, and says so", () => {
    const seen: TableSort[] = [];
    const t = table(null, (s) => seen.push(s));
    expect(ariaSort(t)).toEqual(["none", "none", "none"]);
    headerButton(t, "avg_rtt").click();
    expect(ariaSort(t)).toEqual(["none", "ascending", "none"]);
    const ascending = bodyRows(t).map((r) => r[1]);
    expect(ascending).toHaveLength(100);
    const numbers = ascending.map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    headerButton(t, "avg_rtt").click();
    expect(ariaSort(t)).toEqual(["none", "descending", "none"]);
    (t.querySelector(".table-more button:last-child") as HTMLButtonElement).click();
    const descending = bodyRows(t).map((r) => r[1]);
    const values = descending.filter((v) => v !== "—").map(Number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // The 36 rows without a value (every 7th) stay at the end in both orders.
    expect(descending.slice(-36)).toEqual(Array(36).fill("—"));
    expect(t.querySelector("[aria-live]")?.textContent).toBe("Task ping: sorted by avg_rtt (ms), descending");
    expect(seen).toEqual([{ column: "avg_rtt (ms)", order: "ascending" }, { column: "avg_rtt (ms)", order: "descending" }]);
  });

  it("sorts names in natural order and starts from a kept order", () => {
    const t = table({ column: "Node", order: "descending" });
    expect(ariaSort(t)).toEqual(["descending", "none", "none"]);
    expect(bodyRows(t).slice(0, 3).map((r) => r[0])).toEqual(["node-250", "node-249", "node-248"]);
    // A kept order naming a column this table lacks is ignored.
    expect(ariaSort(table({ column: "gone", order: "ascending" }))).toEqual(["none", "none", "none"]);
  });

  it("marks rows, right-aligns numbers, keeps wrapped cells whole and titles cut ones", () => {
    const t = dataTable({
      caption: "c",
      columns: [{ label: "Node" }, { label: "State", wrap: true }, { label: "raw" }, { label: "n", numeric: true }],
      rows: [{ values: ["node-a", "failed: a long reason that must be read whole", "x".repeat(40), 1], mark: "failed" }],
    });
    const row = t.querySelector("tbody tr")!;
    expect(row.className).toBe("failed");
    const [state, raw, n] = row.querySelectorAll("td");
    expect(state!.className).toBe("wrap");
    expect(state!.hasAttribute("title")).toBe(false);
    expect(raw!.getAttribute("title")).toBe("x".repeat(40));
    expect(n!.className).toBe("num");
    expect(t.querySelector("[role=region]")?.getAttribute("aria-label")).toBe("c");
  });
});
