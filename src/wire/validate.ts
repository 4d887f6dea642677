/**
 * Running a wire schema over a body and turning the first failure into a ValidationError
 * whose `path` points inside the body, e.g. "deployment_map[0].node.name".
 */
import * as v from "valibot";
import { ValidationError } from "../errors.js";

/** Where the body came from, to enrich the error (the client passes what it knows). */
export interface ValidateOptions {
  /** The client operation, e.g. "getExperimentStatus". */
  operation?: string;
  /** The raw body text (possibly cut); never shown in the message. */
  body?: string;
}

/** Runs `schema` over `value`; returns its output or throws a ValidationError naming the failing path. */
export function validateBody<const TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
  what: string,
  options: ValidateOptions = {},
): v.InferOutput<TSchema> {
  let result: v.SafeParseResult<TSchema>;
  try {
    result = v.safeParse(schema, value, { abortEarly: true });
  } catch (error) {
    // A body nested past the stack (or a cyclic object handed to fromJSON): never a bare RangeError.
    if (!(error instanceof RangeError)) throw error;
    throw new ValidationError(`${what}: the body is nested too deeply (or cyclic) to be read`, { path: "", cause: error, ...given(options) });
  }
  if (result.success) return result.output;
  const issue = deepestIssue(result.issues[0]);
  const path = formatPath(issue.path);
  const where = path === "" ? "the body" : `"${path}"`;
  const message = isMissingKey(issue)
    ? `${what}: ${where} is missing (a required field)`
    : `${what}: ${where} should be ${describeExpected(issue)}, but is ${cut(issue.received)}`;
  throw new ValidationError(message, { path, ...given(options) });
}

/** Only the options given, so that an absent one stays undefined on the error. */
function given(options: ValidateOptions): ValidateOptions {
  return {
    ...(options.operation === undefined ? {} : { operation: options.operation }),
    ...(options.body === undefined ? {} : { body: options.body }),
  };
}

/** Union issues carry the issues of each branch; the longest path says the most. */
function deepestIssue(issue: v.BaseIssue<unknown>): v.BaseIssue<unknown> {
  let best = issue;
  for (const sub of issue.issues ?? []) {
    const candidate = deepestIssue(sub);
    if ((candidate.path?.length ?? 0) > (best.path?.length ?? 0)) best = candidate;
  }
  return best;
}

/** valibot reports a missing key of an object as an issue expecting the key itself. */
function isMissingKey(issue: v.BaseIssue<unknown>): boolean {
  const last = issue.path?.at(-1);
  return issue.received === "undefined" && last !== undefined && issue.expected === `"${String(last.key)}"`;
}

function describeExpected(issue: v.BaseIssue<unknown>): string {
  const expected = issue.expected;
  // v.custom schemas say what they expect in their message ("Object").
  if (expected === null || issue.type === "custom") return issue.message;
  if (issue.kind === "validation") return `${issue.type.replace(/_/g, " ")} (${expected})`;
  // valibot writes alternatives as "(a | b | c)".
  if (expected.startsWith("(") && expected.endsWith(")")) return `one of ${expected.slice(1, -1)}`;
  return expected;
}

/** Received values can be megabytes of base64: keep the message short. */
function cut(text: string): string {
  return text.length > 60 ? `${text.slice(0, 50)}…(${text.length} characters)` : text;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `[{key: "a"}, {key: 0}, {key: "x-y"}]` → `a[0]["x-y"]`; a path starting at an array reads `[0].a`. */
export function formatPath(path: readonly v.IssuePathItem[] | undefined): string {
  let text = "";
  for (const item of path ?? []) {
    const key = item.key;
    if (typeof key === "number" || item.type === "array") text += `[${String(key)}]`;
    else if (typeof key === "string" && IDENTIFIER.test(key)) text += text === "" ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
