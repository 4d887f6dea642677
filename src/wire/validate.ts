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
    throw new ValidationError(`${what}: the body is nested too deeply (or cyclic) to be read`, { ...options, path: "", cause: error });
  }
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = formatPath(issue.path);
  const where = path === "" ? "the body" : `"${path}"`;
  const last = issue.path?.at(-1);
  const expected = issue.expected;
  const received = issue.received;
  throw new ValidationError(
    // valibot reports a missing key of an object as an issue expecting the key itself.
    `${what}: ${where} ${
      received === "undefined" && last !== undefined && expected === `"${String(last.key)}"`
        ? "is missing (a required field)"
        : // custom schemas (every leaf of the wire schemas, see record.ts) say what they expect in their message.
          `should be ${expected === null || issue.type === "custom" ? issue.message : expected}, but is ${
            // Received values can be megabytes of base64: keep the message short.
            received.length > 60 ? `${received.slice(0, 50)}…(${received.length} characters)` : received
          }`
    }`,
    { ...options, path },
  );
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `[{key: "a"}, {key: 0}, {key: "x-y"}]` → `a[0]["x-y"]`; a path starting at an array reads `[0].a`. */
export function formatPath(path: readonly v.IssuePathItem[] | undefined): string {
  let text = "";
  for (const item of path ?? []) {
    const key = item.key;
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "string" && IDENTIFIER.test(key)) text += text === "" ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
