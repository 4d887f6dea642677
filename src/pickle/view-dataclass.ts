/**
 * A more readable form of the JSON view for netunicorn-library results: their dataclasses
 * (PingResult, PacketResult, ...) are shown as `{"$dataclass": "PingResult", "host": ..., ...}`
 * (class name, then the fields) instead of `{"$object": "netunicorn.library....PingResult",
 * "state": {...}}`. A pass over a finished view, so toView itself stays as pickle-view.md says.
 */
import type { JsonValue } from "../json.js";

const LIBRARY = "netunicorn.library.";

function isObjectView(v: JsonValue): v is { [key: string]: JsonValue } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The view with every netunicorn-library object whose state is a plain field dict shown compactly. */
export function compactDataclasses(view: JsonValue): JsonValue {
  if (Array.isArray(view)) return view.map(compactDataclasses);
  if (!isObjectView(view)) return view;
  const path = view.$object;
  const state = view.state;
  if (typeof path === "string" && path.startsWith(LIBRARY) && state !== undefined && isObjectView(state) && Object.keys(view).length === 2) {
    const fields = Object.entries(state);
    if (fields.every(([k]) => /^[A-Za-z_]\w*$/.test(k))) {
      const out: { [key: string]: JsonValue } = { $dataclass: path.slice(path.lastIndexOf(".") + 1) };
      for (const [k, x] of fields) out[k] = compactDataclasses(x);
      return out;
    }
  }
  const out: { [key: string]: JsonValue } = {};
  for (const [k, x] of Object.entries(view)) Object.defineProperty(out, k, { value: compactDataclasses(x), enumerable: true, writable: true, configurable: true });
  return out;
}
