/**
 * Compare experiments: pick two or more (in the order to compare: the difference is last − first),
 * then a task and a numeric field; a row per node, a column per experiment and the difference,
 * from the core's compareExperiments (e.g. RTT before and after a configuration change).
 */
import { type ExperimentExecutionInformation } from "netunicorn";
import { compareExperiments, type ResultRow } from "netunicorn/results";
import { dataTable } from "./data-table.js";
import { errorBox, field, h, replace, uid } from "./dom.js";
import { fieldLabel, numericFieldsOf, rowsInSlices, tasksOf } from "./results-data.js";
import type { ViewContext } from "./view.js";

/** The compare screen, with one experiment already picked (or none). */
export const compareHash = (experiment?: string): string => (experiment === undefined ? "#compare" : `#compare/${encodeURIComponent(experiment)}`);

interface Loaded {
  experiment: string;
  rows: ResultRow[];
}

const PREFERRED_FIELDS = ["avg_rtt", "packet_loss"];

/** The experiments to pick from, with a checkbox each; `picked()` lists them in the order they were ticked. */
function experimentChoices(all: Map<string, ExperimentExecutionInformation>, preselected: string | null): [HTMLElement, () => string[]] {
  const order: string[] = preselected !== null && all.has(preselected) ? [preselected] : [];
  const said = h("p", { class: "muted", "aria-live": "polite" });
  const say = (): void => void (said.textContent = order.length === 0 ? "None picked yet." : `Order: ${order.join(" → ")}`);
  const items = [...all.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).map((name) => {
    const id = uid("pick");
    const box = h("input", { type: "checkbox", id, value: name, checked: order.includes(name) });
    box.addEventListener("change", () => {
      const at = order.indexOf(name);
      if (box.checked && at < 0) order.push(name);
      if (!box.checked && at >= 0) order.splice(at, 1);
      say();
    });
    return h("li", {}, box, h("label", { for: id }, ` ${name} `, h("small", { class: "muted" }, all.get(name)!.statusName)));
  });
  const fieldset = h("fieldset", { class: "node-choices" }, h("legend", {}, "Experiments, in the order to compare (difference: last − first)"),
    items.length > 0 ? h("ul", {}, ...items) : h("p", {}, "No experiments yet."), said);
  say();
  return [fieldset, () => [...order]];
}

/** Task and field pickers over the loaded experiments, and the comparison table. */
function comparison(loaded: Loaded[]): HTMLElement {
  const shared = tasksOf(loaded[0]!.rows).filter((t) => loaded.every((l) => l.rows.some((r) => r.task === t)));
  if (shared.length === 0) return h("p", { class: "error", role: "alert" }, `${loaded.map((l) => l.experiment).join(", ")} share no task: compare experiments that ran the same tasks.`);
  const taskPicker = h("select", { id: uid("cmp-task") }, ...shared.map((t) => h("option", { value: t }, t)));
  const fieldPicker = h("select", { id: uid("cmp-field") });
  const out = h("div", { class: "compare-out" });
  const allRows = loaded.flatMap((l) => l.rows);
  const pickTask = (): void => {
    const own = allRows.filter((r) => r.task === taskPicker.value);
    const fields = numericFieldsOf(own);
    const start = PREFERRED_FIELDS.find((f) => fields.includes(f)) ?? fields[0];
    replace(fieldPicker, ...fields.map((f) => h("option", { value: f, selected: f === start }, fieldLabel(own, f))));
    draw();
  };
  const draw = (): void => {
    const task = taskPicker.value;
    const name = fieldPicker.value;
    if (name === "") return replace(out, h("p", {}, `Task ${task} has no numeric field to compare.`));
    const result = compareExperiments(loaded, task, name);
    const label = result.unit === null ? name : `${name} (${result.unit})`;
    const first = result.experiments[0]!;
    const last = result.experiments.at(-1)!;
    replace(out, dataTable({
      caption: `${label} of ${task}: a row per node, a column per experiment`,
      className: "compare-table",
      columns: [{ label: "Node" }, ...result.experiments.map((e) => ({ label: e, numeric: true })), { label: `Difference (${last} − ${first})`, numeric: true }],
      // No value: the node's state in that experiment says why ("failed", "not run"…); "—" when it was not in it.
      rows: result.rows.map((r) => ({ values: [r.node, ...r.values.map((v, i) => v ?? r.states[i] ?? null), r.difference], mark: r.difference === null ? "not-ok" : undefined })),
      format: (value) => (value === null ? "—" : typeof value === "number" ? String(Math.round(value * 1e6) / 1e6) : String(value)),
    }));
  };
  taskPicker.addEventListener("change", pickTask);
  fieldPicker.addEventListener("change", draw);
  pickTask();
  return h("div", {}, h("div", { class: "filters" }, field("Task", taskPicker), field("Field", fieldPicker)), out);
}

export async function compareView(ctx: ViewContext, preselected: string | null): Promise<void> {
  const { client } = ctx.session;
  const intro = h("p", { class: "muted" }, "Pick two or more experiments, then a task and a field: a row per node, a column per experiment, and the difference.");
  replace(ctx.root, h("h1", {}, "Compare experiments"), intro, h("p", { class: "muted" }, "Loading experiments…"));
  let all: Map<string, ExperimentExecutionInformation>;
  try {
    all = await client.getExperiments();
  } catch (error) {
    if (!ctx.left) replace(ctx.root, h("h1", {}, "Compare experiments"), errorBox(error));
    return;
  }
  if (ctx.left) return;
  const [choices, picked] = experimentChoices(all, preselected);
  const result = h("section", { "aria-label": "Comparison", "aria-live": "polite" });
  const submit = h("button", { type: "submit" }, "Compare");
  const form = h("form", { class: "compare", "aria-label": "Compare experiments" }, choices, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const names = picked();
    if (names.length < 2) return replace(result, errorBox(new Error("Pick at least two experiments to compare")));
    submit.disabled = true;
    replace(result, h("p", { class: "muted" }, `Loading ${names.join(", ")}…`));
    Promise.all(names.map(async (experiment): Promise<Loaded> => {
      const rows = await rowsInSlices(await client.getExperimentStatus(experiment), experiment, () => ctx.left);
      return { experiment, rows: rows ?? [] };
    }))
      .then((loaded) => void (ctx.left || replace(result, comparison(loaded))))
      .catch((error: unknown) => void (ctx.left || replace(result, errorBox(error))))
      .finally(() => (submit.disabled = false));
  });
  replace(ctx.root, h("h1", {}, "Compare experiments"), intro, form, result);
}
