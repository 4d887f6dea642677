/**
 * A JSON view (see README "The JSON view of a Python value") as a collapsible tree. Children are
 * built only when their node is opened, and then in pages, so a value of any size renders at once
 * and never freezes the page; long strings are cut with a button to show the rest.
 */
import type { JsonValue } from "netunicorn";
import { h } from "./dom.js";

/** Children shown per page of a list, dict or set. */
export const PAGE_SIZE = 100;
/** Characters of a string shown before "show all". */
const STRING_CUT = 400;

type Entry = [label: string, value: JsonValue];
interface Container {
  summary: string;
  entries: () => Entry[];
  count: number;
}

const isObject = (v: JsonValue): v is { [key: string]: JsonValue } => typeof v === "object" && v !== null && !Array.isArray(v);

/** `{"$int": "…"}`, `{"$float": "nan"}`, `{"$bytes": …}`, `{"$datetime": …}`…: one tag, one text. */
function scalarTag(v: { [key: string]: JsonValue }): [string, string] | null {
  const keys = Object.keys(v);
  // Success/Failure are containers even around a scalar (see containerOf).
  if (keys.length !== 1 || !keys[0]!.startsWith("$") || keys[0] === "$ok" || keys[0] === "$err") return null;
  const inner = v[keys[0]!];
  if (typeof inner !== "string" && typeof inner !== "number") return null;
  return [keys[0]!.slice(1), String(inner)];
}

function containerOf(v: JsonValue): Container | null {
  if (Array.isArray(v)) return { summary: `list (${v.length})`, count: v.length, entries: () => v.map((item, i): Entry => [String(i), item]) };
  if (!isObject(v) || scalarTag(v) !== null) return null;
  const dict = v.$dict;
  if (Array.isArray(dict) && Object.keys(v).length === 1) {
    return { summary: `dict (${dict.length})`, count: dict.length, entries: () => dict.map((pair, i): Entry => (Array.isArray(pair) ? [compact(pair[0] ?? null), pair[1] ?? null] : [String(i), pair])) };
  }
  const set = v.$set;
  if (Array.isArray(set) && Object.keys(v).length === 1) return { summary: `set (${set.length})`, count: set.length, entries: () => set.map((item, i): Entry => [String(i), item]) };
  if ("$ok" in v && Object.keys(v).length === 1) return { summary: "Success", count: 1, entries: () => [["value", v.$ok ?? null]] };
  if ("$err" in v && Object.keys(v).length === 1) return { summary: "Failure", count: 1, entries: () => [["error", v.$err ?? null]] };
  const rest = (skip: string): Entry[] => Object.entries(v).filter(([k]) => k !== skip);
  if (typeof v.$exception === "string") return { summary: `exception ${v.$exception}`, count: Object.keys(v).length - 1, entries: () => rest("$exception") };
  if (typeof v.$object === "string") return { summary: `object ${v.$object}`, count: Object.keys(v).length - 1, entries: () => rest("$object") };
  const keys = Object.keys(v);
  return { summary: `{…} (${keys.length} keys)`, count: keys.length, entries: () => Object.entries(v) };
}

/** A one-line text of a small value (dict keys, summaries). */
function compact(v: JsonValue): string {
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function leaf(v: JsonValue): HTMLElement {
  if (typeof v === "string") {
    if (v.length <= STRING_CUT) return h("span", { class: "v-str" }, JSON.stringify(v));
    const span = h("span", { class: "v-str" }, `${JSON.stringify(v.slice(0, STRING_CUT))}…`);
    const more = h("button", { type: "button", class: "link", onclick: () => span.replaceWith(h("pre", { class: "v-str long" }, v)) }, `show all ${v.length} characters`);
    return h("span", {}, span, " ", more);
  }
  if (v === null || typeof v !== "object") return h("span", { class: `v-${v === null ? "null" : typeof v}` }, String(v));
  const tag = scalarTag(v as { [key: string]: JsonValue });
  if (tag !== null) return h("span", { class: "v-tag" }, h("span", { class: "tag" }, tag[0]), " ", tag[1]);
  return h("span", {}, compact(v));
}

/** Appends entries [from, from + PAGE_SIZE) and, when more remain, a button for the next page. */
function appendPage(list: HTMLElement, entries: Entry[], from: number): void {
  for (const [label, value] of entries.slice(from, from + PAGE_SIZE)) list.append(h("li", {}, renderTree(value, label)));
  const rest = entries.length - from - PAGE_SIZE;
  if (rest <= 0) return;
  const button = h("button", { type: "button", class: "link" }, `show ${Math.min(rest, PAGE_SIZE)} more of ${rest}`);
  const item = h("li", {}, button);
  button.addEventListener("click", () => {
    item.remove();
    appendPage(list, entries, from + PAGE_SIZE);
    (list.children[from + PAGE_SIZE] as HTMLElement | undefined)?.querySelector<HTMLElement>("summary, button")?.focus();
  });
  list.append(item);
}

/** The tree of one value; `label` names it (a key, an index). Containers start closed unless `open`. */
export function renderTree(value: JsonValue, label?: string, open = false): HTMLElement {
  const container = containerOf(value);
  const name = label === undefined ? null : h("span", { class: "key" }, `${label}: `);
  if (container === null) return h("div", { class: "tree-leaf" }, name, leaf(value));
  const list = h("ul", { class: "tree" });
  const details = h("details", { class: "tree-node" }, h("summary", {}, name, h("span", { class: "kind" }, container.summary)), list);
  let built = false;
  const build = (): void => {
    if (built || !details.open) return;
    built = true;
    appendPage(list, container.entries(), 0);
  };
  details.addEventListener("toggle", build);
  if (open) {
    details.open = true;
    build();
  }
  return details;
}
