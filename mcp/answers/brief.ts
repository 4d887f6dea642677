/** Short one-line renderings of values for the text of answers. */

/** Whitespace that `replace(/\s+/g, " ").trim()` would change: any but a space, two spaces, a space at either end. */
const NOT_ONE_LINE = /[^\S ]| {2}|^ | $/;

/** A short, single-line rendering of any JSON value. */
export function brief(value: unknown, max = 80): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  // Most texts are one line already (no whitespace but lone inner spaces): nothing to squeeze or trim.
  const line = NOT_ONE_LINE.test(text) ? text.replace(/\s+/g, " ").trim() : text;
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** "k=v, k=v" for node properties, each value shortened. */
export function propertiesLine(properties: Record<string, unknown>, max = 160): string {
  const parts = Object.entries(properties).map(([key, value]) => `${key}=${brief(value, 40)}`);
  return brief(parts.join(", "), max);
}
