// `npx tsx scripts/library-catalog.ts`: turns test/fixtures/library/catalog.json (the facts the
// real netunicorn-library produced) into src/library/catalog-data.ts (the facts the code needs,
// one constant per class so that a bundler keeps only the classes a page names),
// src/library/params.ts (the parameter types of every task, for TypeScript callers) and
// src/library/tasks.ts (`netunicorn/library/tasks`: one function per class).
// test/library/catalog.test.ts regenerates them in memory and fails when the files drifted.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface RawParameter { name: string; kind: string; annotation: string | null; default?: Json; required: boolean }
interface RawArg { from: Json; impl_param: string | null }
interface RawClass {
  class: string;
  kind: "task" | "dispatcher";
  bases: string[];
  imports_ok: boolean;
  parameters: RawParameter[];
  init_defined_in: string;
  requirements?: string[];
  instance_requirements?: { requirements: string[] };
  returns?: { library_dataclasses?: { class: string; fields: { name: string; type: string }[] }[] } | null;
  implementation_args?: { implementation: string; args: RawArg[]; kwargs: RawArg[] }[];
  dispatch?: { architectures: string[]; implementation: string; requirements: string[]; same_object_on_repeated_dispatch: boolean }[];
  unsupported?: { architecture: string; exception: string; message: string }[];
}
interface RawCatalog {
  library: string; library_version: string; commit: string; commit_date: string;
  architecture_enum: { member: string; value: string }[];
  classes: RawClass[];
}

// The flent shortcut classes (PingTest, RRULTest, ...) declare no parameters of their own: they
// call FlentCommand.__init__(test_name=<theirs>, *args, **kwargs). So they take FlentCommand's
// parameters as keywords only, except the one they fix themselves.
const FIXED_BY_SUBCLASS: Record<string, string[]> = { "netunicorn.library.tasks.measurements.flent.FlentCommand": ["test_name"] };

function parameter(p: RawParameter): Json {
  const out: { [key: string]: Json } = { name: p.name, type: p.annotation };
  if ("default" in p) out.default = p.default ?? null;
  return out;
}

/** Where an implementation argument comes from; RandomSleepTask's randint is the one expression. */
function source(arg: RawArg, owner: string): Json {
  if (typeof arg.from === "string") return arg.from;
  const expression = (arg.from as { expression?: string }).expression ?? "";
  const randint = /^random\.randint\(self\.(\w+), self\.(\w+)\)$/.exec(expression);
  if (randint) return { randint: [randint[1]!, randint[2]!] };
  throw new Error(`${owner}: unexpected implementation argument source ${JSON.stringify(arg.from)}`);
}

function dispatchFacts(c: RawClass): Json {
  return (c.dispatch ?? []).map((d) => {
    const flow = (c.implementation_args ?? []).find((a) => a.implementation === d.implementation);
    if (!flow) throw new Error(`${c.class}: no implementation_args for ${d.implementation}`);
    const args = flow.args.filter((a) => a.from !== "*args").map((a) => source(a, c.class));
    const kwargs = flow.kwargs.filter((a) => a.from !== "**kwargs").map((a): Json => [a.impl_param!, source(a, c.class)]);
    const out: { [key: string]: Json } = {
      architectures: d.architectures, implementation: d.implementation, requirements: d.requirements,
      args, kwargs, forwardsKwargs: flow.kwargs.some((a) => a.from === "**kwargs"),
    };
    if (!d.same_object_on_repeated_dispatch) out.perDispatch = true;
    return out;
  });
}

function classFacts(c: RawClass, byPath: Map<string, RawClass>): Json {
  const out: { [key: string]: Json } = { path: c.class, kind: c.kind };
  let parameters = c.parameters;
  const base = byPath.get(c.bases[0] ?? "");
  if (parameters.length === 0 && c.init_defined_in === c.class && base && base.parameters.length > 0) {
    const fixed = FIXED_BY_SUBCLASS[base.class] ?? [];
    parameters = base.parameters.filter((p) => !fixed.includes(p.name));
    out.keywordOnly = true;
  }
  out.params = parameters.map(parameter);
  if (!c.imports_ok) out.importsOk = false;
  if (c.kind === "task") {
    out.requirements = c.instance_requirements?.requirements ?? c.requirements ?? [];
    const results = c.returns?.library_dataclasses ?? [];
    if (results.length > 0) out.results = results.map((r) => ({ class: r.class, fields: r.fields.map((f) => [f.name, f.type]) }));
  } else {
    out.dispatch = dispatchFacts(c);
    out.unsupported = (c.unsupported ?? []).map((u) => [u.architecture, u.exception, u.message]);
  }
  return out;
}

/** The short name of each class: its class name, or "<module>.<Class>" when two modules share it. */
export function shortNames(paths: readonly string[]): Map<string, string> {
  const count = new Map<string, number>();
  const last = (p: string) => p.slice(p.lastIndexOf(".") + 1);
  for (const p of paths) count.set(last(p), (count.get(last(p)) ?? 0) + 1);
  return new Map(paths.map((p) => [p, count.get(last(p)) === 1 ? last(p) : p.split(".").slice(-2).join(".")]));
}

const TS_TYPES: Record<string, string> = {
  str: "string", int: "number | bigint", float: "number", bool: "boolean", list: "readonly TaskArgument[]",
  "list[str]": "readonly string[]", "List[str]": "readonly string[]", "Set[str]": "ReadonlySet<string> | readonly string[]",
  "Literal['basic']": '"basic"',
};

/** The TypeScript type of a parameter: null joins when the annotation is Optional or the default is None. */
export function tsType(annotation: string | null, defaultIsNone: boolean): string {
  const optional = /^Optional\[(.*)\]$/.exec(annotation ?? "");
  const inner = optional ? optional[1]! : annotation;
  const base = inner === null ? "TaskArgument" : (TS_TYPES[inner] ?? "TaskArgument");
  return (optional || defaultIsNone) && base !== "TaskArgument" ? `${base} | null` : base;
}

/** The core's list of dispatcher class paths (so its task() can point to netunicorn/library). */
function dispatcherList(catalog: RawCatalog): string {
  const prefix = "netunicorn.library.tasks.";
  const paths = catalog.classes.filter((c) => c.kind === "dispatcher").map((c) => c.class.slice(prefix.length));
  return [
    "// Generated by scripts/library-catalog.ts from test/fixtures/library/catalog.json: do not edit.",
    "// netunicorn-library's TaskDispatcher classes: the core task() refuses them (they must be",
    "// dispatched per node, which netunicorn/library's task() and libraryTask() do). Kept small:",
    "// the core carries only these paths, space-separated, after the common prefix.",
    `const PREFIX = ${JSON.stringify(prefix)};`,
    `const PATHS = ${JSON.stringify(paths.join(" "))};`,
    "",
    "/** True for the class path of a netunicorn-library TaskDispatcher. */",
    "export function isLibraryDispatcher(path: string): boolean {",
    "  return typeof path === \"string\" && path.startsWith(PREFIX) && PATHS.split(\" \").includes(path.slice(PREFIX.length));",
    "}",
    "",
  ].join("\n");
}

/** Names in lines of at most ~100 characters, comma-separated, indented. */
function chunkLines(items: readonly string[]): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    if (line.length > 0 && line.length + item.length + 2 > 98) lines.push(`  ${line.trimEnd()}`), (line = "");
    line += `${item}, `;
  }
  if (line.length > 0) lines.push(`  ${line.trimEnd()}`);
  return lines;
}

/** The JavaScript name of each class: its short name with the dot written "_" ("tcpdump_StartCapture"). */
export function identifiers(names: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map([...names].map(([path, name]) => [path, name.replace(".", "_")]));
  const taken = new Set(["CLASSES", "PROVENANCE", "SHARED_CLASS_NAMES"]);
  for (const [path, id] of out) {
    if (!/^[A-Za-z_$][\w$]*$/.test(id) || taken.has(id)) throw new Error(`${path}: "${id}" cannot name its constant and function`);
    taken.add(id);
  }
  return out;
}

/** The parameters' TypeScript type for the generated function: required when the class has a required parameter. */
function paramsArgument(c: RawClass, byPath: Map<string, RawClass>, name: string): string {
  const facts = classFacts(c, byPath) as { params: { name: string; default?: Json }[] };
  const required = facts.params.some((p) => !("default" in p));
  return `params${required ? "" : "?"}: LibraryTaskParams[${JSON.stringify(name)}] | readonly TaskArgument[]`;
}

/** src/library/tasks.ts: one function per class, each reaching only its own catalog constant. */
function taskFunctions(catalog: RawCatalog, names: ReadonlyMap<string, string>, idents: ReadonlyMap<string, string>): string {
  const byPath = new Map(catalog.classes.map((c) => [c.class, c]));
  const functions = catalog.classes.flatMap((c) => {
    const name = names.get(c.class)!;
    const id = idents.get(c.class)!;
    const type = c.kind === "dispatcher" ? "LibraryDispatcher" : "LibraryTask";
    return [
      "",
      `/** \`${c.class}\` (${c.kind === "dispatcher" ? "a TaskDispatcher" : "a task"}): as \`libraryTask(${JSON.stringify(name)}, params, options)\`. */`,
      `export function ${id}(${paramsArgument(c, byPath, name)}, options?: LibraryTaskOptions): ${type} {`,
      `  return makeLibraryTask(catalog.${id}, ${JSON.stringify(id)}, params, options) as ${type};`,
      "}",
    ];
  });
  return [
    "// Generated by scripts/library-catalog.ts from test/fixtures/library/catalog.json: do not edit.",
    "// `netunicorn/library/tasks`: one function per netunicorn-library class, named after its short",
    "// name (a dot written _: tcpdump_StartCapture). Each reaches only its own catalog constant, so a",
    "// page carries the facts of the tasks it names and no others. Same checks, dispatch per node and",
    "// requirements as libraryTask(name) (both go through makeLibraryTask); errors name the function.",
    'import type { TaskArgument } from "../graph/task.js";',
    'import * as catalog from "./catalog-data.js";',
    'import { makeLibraryTask } from "./make.js";',
    'import type { LibraryTaskParams } from "./params.js";',
    'import type { LibraryDispatcher, LibraryTask, LibraryTaskOptions } from "./task.js";',
    "",
    'export type { LibraryDispatcher, LibraryTask, LibraryTaskOptions } from "./task.js";',
    'export type { LibraryTaskParams } from "./params.js";',
    ...functions,
    "",
  ].join("\n");
}

export function generate(catalog: RawCatalog): { data: string; params: string; dispatchers: string; tasks: string } {
  const byPath = new Map(catalog.classes.map((c) => [c.class, c]));
  const classes = catalog.classes.map((c) => classFacts(c, byPath));
  const provenance = {
    library: catalog.library, version: catalog.library_version, commit: catalog.commit, date: catalog.commit_date,
    architectures: catalog.architecture_enum.map((a) => [a.member, a.value]),
  };
  const names = shortNames(catalog.classes.map((c) => c.class));
  const idents = identifiers(names);
  const ident = (path: string): string => idents.get(path)!;
  const last = (p: string): string => p.slice(p.lastIndexOf(".") + 1);
  const shared = [...new Set(catalog.classes.map((c) => c.class).filter((p) => names.get(p) !== last(p)).map(last))];
  const data = [
    "// Generated by scripts/library-catalog.ts from test/fixtures/library/catalog.json: do not edit.",
    "// Facts about netunicorn-library's task classes, extracted from the real Python package: one",
    "// constant per class (named after its short name, a dot written _), so that a bundler keeps only",
    "// the classes a page names (netunicorn/library/tasks); CLASSES lists them all, in catalog order.",
    'import type { CatalogClass, CatalogProvenance } from "./catalog-types.js";',
    "",
    `export const PROVENANCE: CatalogProvenance = ${JSON.stringify(provenance)};`,
    "",
    "/** The class names two library modules define (their short name is \"<module>.<Class>\"), space-separated. */",
    `export const SHARED_CLASS_NAMES = ${JSON.stringify(shared.join(" "))};`,
    "",
    ...classes.map((c) => `export const ${ident((c as { path: string }).path)}: CatalogClass = ${JSON.stringify(c)};`),
    "",
    "export const CLASSES: readonly CatalogClass[] = [",
    ...chunkLines(classes.map((c) => ident((c as { path: string }).path))),
    "];",
    "",
  ].join("\n");
  const lines = classes.map((raw) => {
    const c = raw as { path: string; params: { name: string; type: string | null; default?: Json }[] };
    const members = c.params.map((p) => `${p.name}${"default" in p ? "?" : ""}: ${tsType(p.type, p.default === null)}`);
    return `  ${JSON.stringify(names.get(c.path))}: { ${members.join("; ")}${members.length ? "; " : ""}};`;
  });
  const params = [
    "// Generated by scripts/library-catalog.ts from test/fixtures/library/catalog.json: do not edit.",
    "// The keyword parameters of every netunicorn-library task, by short name (types only).",
    'import type { TaskArgument } from "../graph/task.js";',
    "",
    "export interface LibraryTaskParams {",
    ...lines,
    "}",
    "",
    "/** The short name of a catalog task (its class name, or module.Class when two modules share it). */",
    "export type LibraryTaskName = keyof LibraryTaskParams;",
    "",
  ].join("\n");
  return { data, params, dispatchers: dispatcherList(catalog), tasks: taskFunctions(catalog, names, idents) };
}

export function readCatalog(): RawCatalog {
  return JSON.parse(readFileSync(join(root, "test/fixtures/library/catalog.json"), "utf8")) as RawCatalog;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { data, params, dispatchers, tasks } = generate(readCatalog());
  writeFileSync(join(root, "src/library/catalog-data.ts"), data);
  writeFileSync(join(root, "src/library/params.ts"), params);
  writeFileSync(join(root, "src/library/tasks.ts"), tasks);
  writeFileSync(join(root, "src/graph/library-dispatchers.ts"), dispatchers);
  console.log("wrote src/library/catalog-data.ts, src/library/params.ts, src/library/tasks.ts and src/graph/library-dispatchers.ts");
}
