/** Flags of one experiment: read a flag's text and integer values, and set them. */
import { errorBox, field, h, replace } from "./dom.js";
import type { ViewContext } from "./view.js";

/** netunicorn keeps a flag's integer in a 64-bit integer (Python's int64 range on the server). */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The integer typed, or why it cannot be sent: not whole, outside int64, or not exact in a browser's number. */
export function flagInteger(text: string): number | Error {
  const typed = text.trim();
  if (typed === "") return 0;
  if (!/^[+-]?\d+$/.test(typed)) return new Error(`The integer value must be a whole number, not ${typed}.`);
  const value = BigInt(typed);
  if (value < INT64_MIN || value > INT64_MAX) return new Error(`The integer value ${typed} is outside what netunicorn stores (a 64-bit integer, ${INT64_MIN} to ${INT64_MAX}).`);
  if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    return new Error(`The integer value ${typed} cannot be sent exactly from a browser: use a number from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}.`);
  }
  return Number(value);
}

export function flagsPanel(ctx: ViewContext, experiment: string): HTMLElement {
  const { client } = ctx.session;
  const name = h("input", { type: "text", required: true, autocomplete: "off", value: "stop" });
  const text = h("input", { type: "text", autocomplete: "off" });
  const int = h("input", { type: "number", step: 1, value: 0 });
  const out = h("div", { "aria-live": "polite", class: "flag-out" });
  const show = async (prefix: string): Promise<void> => {
    const values = await client.getFlagValues(experiment, name.value.trim());
    replace(out, h("p", {}, `${prefix}flag ${name.value.trim()}: text `, h("code", {}, JSON.stringify(values.textValue)), ", int ", h("code", {}, String(values.intValue))));
  };
  const read = h("button", { type: "button" }, "Read flag");
  read.addEventListener("click", () => void show("").catch((e: unknown) => replace(out, errorBox(e))));
  const form = h("form", { class: "flags", "aria-label": "Flags" }, field("Flag name", name), field("Text value", text, "empty: none"), field("Integer value", int),
    h("div", { class: "actions" }, read, h("button", { type: "submit" }, "Set flag")), out);
  // A message about the integer goes once it is fixed.
  int.addEventListener("input", () => {
    if (int.getAttribute("aria-invalid") === "true" && !(flagInteger(int.value) instanceof Error)) {
      int.removeAttribute("aria-invalid");
      replace(out);
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const intValue = flagInteger(int.value);
    if (intValue instanceof Error) {
      int.setAttribute("aria-invalid", "true");
      return replace(out, errorBox(intValue));
    }
    int.removeAttribute("aria-invalid");
    void client
      .setFlagValues(experiment, name.value.trim(), { textValue: text.value === "" ? null : text.value, intValue })
      .then(() => show("Saved. "))
      .catch((e: unknown) => replace(out, errorBox(e)));
  });
  return h("section", { "aria-labelledby": "flags-title" }, h("h2", { id: "flags-title" }, "Flags"), form);
}
