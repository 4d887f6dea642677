/** Flags of one experiment: read a flag's text and integer values, and set them. */
import { errorBox, field, h, replace } from "./dom.js";
import type { ViewContext } from "./view.js";

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
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const intValue = Number(int.value || "0");
    if (!Number.isInteger(intValue)) return replace(out, errorBox(new Error("The integer value must be a whole number")));
    void client
      .setFlagValues(experiment, name.value.trim(), { textValue: text.value === "" ? null : text.value, intValue })
      .then(() => show("Saved. "))
      .catch((e: unknown) => replace(out, errorBox(e)));
  });
  return h("section", { "aria-labelledby": "flags-title" }, h("h2", { id: "flags-title" }, "Flags"), form);
}
