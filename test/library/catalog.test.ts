// The catalog in src/library is exactly what scripts/library-catalog.ts makes of the real
// library's catalog.json, and every one of its 92 classes checks its parameters: valid calls
// pass, and unknown, missing or wrongly typed parameters are refused naming task and parameter.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generate } from "../../scripts/library-catalog.js";
import { UsageError } from "../../src/errors.js";
import { task as coreTask } from "../../src/graph/index.js";
import {
  LIBRARY_CATALOG_PROVENANCE, LibraryDispatcher, LibraryTask, catalogClasses, findLibraryTask, libraryTask, shortName, task,
  type CatalogClass, type CatalogParameter,
} from "../../src/library/index.js";
import { PyGlobal, PyObject } from "../../src/pickle/value.js";
import { readCatalogFixture } from "./golden.js";

const source = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

/** A value of the annotation's type, and one that is not of it (undefined: any value is accepted). */
function values(p: CatalogParameter): [unknown, unknown] {
  const inner = /^Optional\[(.*)\]$/.exec(p.type ?? "")?.[1] ?? p.type;
  const good: Record<string, [unknown, unknown]> = {
    str: ["text", 5], int: [3, "3"], float: [0.5, "0.5"], bool: [true, "yes"], list: [["a"], "a"],
    "list[str]": [["a"], [1]], "List[str]": [["a"], "a"], "Set[str]": [new Set(["a"]), "a"], "Literal['basic']": ["basic", "digest"],
  };
  return good[inner ?? ""] ?? [new PyObject(new PyGlobal("example", "Thing"), []), undefined];
}

const validKwargs = (entry: CatalogClass): Record<string, never> =>
  Object.fromEntries(entry.params.filter((p) => !("default" in p)).map((p) => [p.name, values(p)[0]])) as never;

describe("the catalog data", () => {
  it("equals what scripts/library-catalog.ts generates from the copied catalog.json", () => {
    const { data, params, dispatchers } = generate(readCatalogFixture() as never);
    expect(source("src/library/catalog-data.ts")).toBe(data);
    expect(source("src/library/params.ts")).toBe(params);
    expect(source("src/graph/library-dispatchers.ts")).toBe(dispatchers);
  });

  it("keeps its provenance and covers all 92 classes (70 tasks, 22 dispatchers)", () => {
    expect(LIBRARY_CATALOG_PROVENANCE).toMatchObject({ library: "netunicorn-library", version: "0.4.15", commit: "f7db584", date: "2025-06-03" });
    const classes = catalogClasses();
    expect(classes).toHaveLength(92);
    expect(classes.filter((c) => c.kind === "dispatcher")).toHaveLength(22);
    expect(new Set(classes.map(shortName)).size).toBe(92);
    for (const c of classes) expect(findLibraryTask(shortName(c))).toBe(c);
  });

  it("finds tasks by short name, module.Class or path, and refuses unknown or ambiguous names", () => {
    expect(findLibraryTask("Ping").path).toBe("netunicorn.library.tasks.measurements.ping.Ping");
    expect(findLibraryTask("tshark.StartCapture").path).toBe("netunicorn.library.tasks.capture.tshark.StartCapture");
    expect(() => findLibraryTask("StartCapture")).toThrow(/ambiguous.*"tcpdump.StartCapture", "tshark.StartCapture"/);
    expect(() => findLibraryTask("Pong")).toThrow(UsageError);
    expect(() => findLibraryTask("Pong")).toThrow(/no task "Pong"/);
  });
});

describe("parameters of every catalog class", () => {
  const classes = catalogClasses();

  it.each(classes.map((c) => [shortName(c), c] as const))("%s", (name, entry) => {
    const made = libraryTask(name, validKwargs(entry));
    expect(made).toBeInstanceOf(entry.kind === "dispatcher" ? LibraryDispatcher : LibraryTask);
    expect(made.className).toBe(entry.path);
    if (made instanceof LibraryTask) expect(made.requirements).toEqual(entry.requirements);
    // the name option is the inherited Task/TaskDispatcher name=; the default is a uuid4 as in Python
    expect(libraryTask(name, validKwargs(entry), { name: "given" }).name).toBe("given");
    expect(made.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    expect(() => libraryTask(name, { ...validKwargs(entry), no_such_parameter: 1 })).toThrow(new RegExp(`libraryTask ${name.replace(".", "\\.")}: unknown parameter "no_such_parameter"`));
    for (const p of entry.params) {
      if (!("default" in p)) {
        const { [p.name]: _, ...rest } = validKwargs(entry);
        expect(() => libraryTask(name, rest)).toThrow(new RegExp(`missing required parameter "${p.name}"`));
      }
      const [, wrong] = values(p);
      if (wrong !== undefined) expect(() => libraryTask(name, { ...validKwargs(entry), [p.name]: wrong as never })).toThrow(new RegExp(`parameter "${p.name}" expects`));
    }
    if (entry.keywordOnly) expect(() => libraryTask(name, ["x"])).toThrow(/keyword arguments only/);
    expect(() => libraryTask(name, [...entry.params.map((p) => values(p)[0]), "extra"] as never[])).toThrow(entry.keywordOnly ? /keyword arguments only/ : /positional argument/);
  });

  it("binds positional then keyword arguments like Python, refusing one given twice", () => {
    const ping = libraryTask("Ping", ["1.1.1.1"], { name: "p" }) as LibraryDispatcher;
    expect([...ping.parameters]).toEqual([["address", "1.1.1.1"], ["count", 1]]);
    expect(ping.args).toEqual(["1.1.1.1"]);
    expect(() => task("netunicorn.library.tasks.measurements.ping.Ping", { args: ["1.1.1.1"], kwargs: { address: "2.2.2.2" } })).toThrow(/multiple values for parameter "address"/);
    expect(() => libraryTask("Ping", { address: "1.1.1.1", count: 2.5 })).toThrow(/Ping: parameter "count" expects an integer \(int\), default 1; got number 2.5/);
  });

  it("the library task() checks catalog classes and leaves other classes plain; the core task() refuses library dispatchers", () => {
    expect(task("labtasks.Probe", { args: [1] })).not.toBeInstanceOf(LibraryTask);
    expect(task("netunicorn.library.tasks.basic.SleepTask", { args: [1] })).toBeInstanceOf(LibraryTask);
    expect(() => task("netunicorn.library.tasks.basic.SleepTask", { args: ["1"] })).toThrow(/task netunicorn.library.tasks.basic.SleepTask: parameter "seconds"/);
    expect(() => coreTask("netunicorn.library.tasks.measurements.ping.Ping", { args: ["1.1.1.1"] })).toThrow(/TaskDispatcher.*netunicorn\/library/);
    expect(coreTask("netunicorn.library.tasks.measurements.ping.PingLinuxImplementation", { args: ["1.1.1.1"] }).requirements).toEqual([]);
  });
});
