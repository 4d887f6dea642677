/**
 * Argument problems in words an assistant can act on. valibot reports a value that fits no
 * branch of a union as "Expected (Object | Array) but received Object"; here the union is
 * found in the tool's schema, the branch the value was meant for is picked by its keys, and
 * the problem is named inside that branch (the wrong key, the wrong type), with the accepted
 * shapes. Works for any schema, so new task shapes are explained without new code.
 */
import * as v from "valibot";

type Issue = v.BaseIssue<unknown>;
/** A valibot schema seen through the fields this module reads (valibot's own objects). */
interface SchemaLike {
  type: string;
  expects?: string;
  entries?: Record<string, SchemaLike>;
  item?: SchemaLike;
  value?: SchemaLike;
  wrapped?: SchemaLike;
  options?: SchemaLike[];
  literal?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
const OBJECT_TYPES = new Set(["object", "strict_object", "loose_object", "object_with_rest"]);
const WRAPPERS = new Set(["optional", "nullable", "nullish", "exact_optional", "undefinedable", "non_optional", "non_nullable", "non_nullish"]);

function unwrap(schema: SchemaLike): SchemaLike {
  let current = schema;
  while (WRAPPERS.has(current.type) && current.wrapped) current = current.wrapped;
  return current;
}

/** The branches of a union, nested unions spread. */
function branchesOf(schema: SchemaLike): SchemaLike[] {
  const inner = unwrap(schema);
  return inner.type === "union" ? (inner.options ?? []).flatMap(branchesOf) : [inner];
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}

function accepts(schema: SchemaLike, value: unknown): boolean {
  const kind = kindOf(value);
  if (OBJECT_TYPES.has(schema.type) || schema.type === "record") return kind === "object";
  if (schema.type === "array" || schema.type === "tuple") return kind === "array";
  return true;
}

/** `{task, args?}`, `{type: "docker"}`, `[…]`, `string`: a branch as the assistant would write it. */
function shapeOf(schema: SchemaLike): string {
  const inner = unwrap(schema);
  if (OBJECT_TYPES.has(inner.type)) {
    const keys = Object.entries(inner.entries ?? {}).map(([key, entry]) => {
      const literal = unwrap(entry).type === "literal" ? `: ${JSON.stringify(unwrap(entry).literal)}` : "";
      return `${key}${WRAPPERS.has(entry.type) ? "?" : ""}${literal}`;
    });
    return `{${keys.join(", ")}}`;
  }
  if (inner.type === "array") return `a list of ${shapesOf(branchesOf(inner.item!))}`;
  if (inner.type === "union") return shapesOf(branchesOf(inner));
  return inner.expects ?? inner.type;
}

/** Branches in words; a list branch of the very same shapes is "a list of the above". */
function shapesOf(branches: SchemaLike[]): string {
  const single = branches.filter((b) => b.type !== "array");
  const singleText = single.map(shapeOf).join(" | ");
  return branches
    .map((b) => (b.type === "array" && single.length > 0 && shapesOf(branchesOf(b.item!)) === singleText ? "a list of the above (run in parallel)" : shapeOf(b)))
    .join(" | ");
}

/** The schema and the value found at `path` under `root` (through unions by the value's kind). */
function locate(root: SchemaLike, input: unknown, path: readonly PropertyKey[]): { schema: SchemaLike; value: unknown } | undefined {
  let schema: SchemaLike | undefined = root;
  let value = input;
  for (const key of path) {
    if (schema === undefined) return undefined;
    const candidates: SchemaLike[] = branchesOf(schema).filter((b) => accepts(b, value));
    const inner: SchemaLike | undefined = candidates[0];
    if (inner === undefined) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
    if (OBJECT_TYPES.has(inner.type)) schema = inner.entries?.[String(key)];
    else if (inner.type === "array") schema = inner.item;
    else if (inner.type === "record") schema = inner.value;
    else return undefined;
  }
  return schema === undefined ? undefined : { schema, value };
}

/** The object branch a value was meant for: every required key given, most of its keys known. */
function intendedBranch(branches: SchemaLike[], value: Record<string, unknown>): SchemaLike | undefined {
  const keys = Object.keys(value);
  let best: { branch: SchemaLike; score: number } | undefined;
  for (const branch of branches) {
    const entries = branch.entries ?? {};
    const required = Object.entries(entries).filter(([, entry]) => !WRAPPERS.has(entry.type)).map(([key]) => key);
    const literalsMatch = Object.entries(entries).every(([key, entry]) => unwrap(entry).type !== "literal" || !(key in value) || unwrap(entry).literal === value[key]);
    if (!required.every((key) => key in value) || !literalsMatch) continue;
    const score = keys.filter((key) => key in entries).length - keys.length;
    if (best === undefined || score > best.score) best = { branch, score };
  }
  return best?.branch;
}

const dotted = (path: readonly PropertyKey[]) => path.map(String).join(".");

/** Words for a value of the wrong type, with the likely fix when there is one. */
function wrongType(issue: Issue): string {
  const base = `${issue.message}`;
  if (typeof issue.input === "string" && /^(Array|Object)$/.test(issue.expected ?? "")) {
    const text = issue.input.trim();
    if (/^[[{]/.test(text)) return `${base} (send the JSON ${issue.expected === "Array" ? "list" : "object"} itself, not a string holding it)`;
    if (issue.expected === "Array" && /\s/.test(text)) return `${base} (a command is a list of strings, e.g. ${JSON.stringify(text.split(/\s+/))})`;
  }
  return base;
}

/** One issue in words; unions are explained against the branch the value was meant for. */
function describe(root: SchemaLike, input: unknown, issue: Issue, prefix: readonly PropertyKey[] = []): string {
  const path = [...prefix, ...(issue.path ?? []).map((item) => item.key as PropertyKey)];
  const where = path.length === 0 ? "arguments" : `field "${dotted(path)}"`;
  if (issue.type === "strict_object" && issue.expected === "never") {
    const found = locate(root, input, path.slice(0, -1));
    // Inside a union the caller names the branch; elsewhere the accepted keys are said here.
    const allowed = found && unwrap(found.schema).type !== "union" ? ` (accepted here: ${shapeOf(found.schema)})` : "";
    return `unknown field "${dotted(path)}"${allowed}`;
  }
  if (issue.input === undefined && path.length > 0) return `missing field "${dotted(path)}"`;
  if (issue.type === "union") return explainUnion(root, input, path, where, issue);
  return `${where}: ${wrongType(issue)}`;
}

function explainUnion(root: SchemaLike, input: unknown, path: readonly PropertyKey[], where: string, issue: Issue): string {
  const found = locate(root, input, path);
  if (found === undefined) return `${where}: ${issue.message}`;
  const branches = branchesOf(found.schema);
  const shapes = `accepted shapes: ${shapesOf(branches)}`;
  const fitting = branches.filter((b) => accepts(b, found.value));
  let chosen = fitting.length === 1 ? fitting[0] : undefined;
  if (isRecord(found.value) && fitting.length > 1) {
    chosen = intendedBranch(fitting, found.value);
    if (chosen === undefined) return `${where}: the keys ${JSON.stringify(Object.keys(found.value))} fit none of the ${shapes}`;
  }
  if (chosen === undefined) return `${where}: a ${kindOf(found.value)} is not accepted here; ${shapes}`;
  const result = v.safeParse(chosen as unknown as v.GenericSchema, found.value);
  if (result.success) return `${where}: ${issue.message}; ${shapes}`;
  const inner = result.issues.slice(0, 3).map((sub) => describe(root, input, sub, path));
  // A nested union already named its branch and shapes.
  if (result.issues.every((sub) => sub.type === "union")) return inner.join("; ");
  return `${inner.join("; ")} (as ${shapeOf(chosen)}; ${shapes})`;
}

/** The messages of a failed validation, at most `max` of them. */
export function describeIssues(schema: v.GenericSchema, input: unknown, issues: readonly Issue[], max = 5): string[] {
  return issues.slice(0, max).map((issue) => describe(schema as unknown as SchemaLike, input, issue));
}
