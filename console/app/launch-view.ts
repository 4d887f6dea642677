/**
 * Build and launch a small experiment: tasks from the adapter (run one after another), on the
 * chosen nodes; prepare, wait until READY, start, then follow it on its own screen to its results.
 */
import { Experiment, ExperimentStatus, Pipeline, type TaskReference } from "netunicorn";
import { errorBox, field, h, messageOf, replace, uid } from "./dom.js";
import { flattenNodes, type ListedNode } from "./nodes-view.js";
import { loadTaskTemplates, type TaskTemplate } from "./tasks.js";
import { experimentHash, type ViewContext } from "./view.js";

interface TaskRow {
  template: TaskTemplate;
  inputs: Map<string, HTMLInputElement>;
  element: HTMLElement;
}

function taskRow(template: TaskTemplate, index: number, onRemove: (row: TaskRow) => void): TaskRow {
  const inputs = new Map<string, HTMLInputElement>();
  const fields = template.params.map((p) => {
    const input = h("input", { type: p.kind, value: p.initial, autocomplete: "off", ...(p.kind === "number" ? { step: "any", min: 0 } : {}) });
    inputs.set(p.key, input);
    return field(`${p.label} (task ${index}: ${template.label})`, input);
  });
  const remove = h("button", { type: "button", class: "link" }, `Remove task ${index}`);
  const element = h("li", { class: "task-row" }, h("strong", {}, template.label), ...fields, remove);
  const row = { template, inputs, element };
  remove.addEventListener("click", () => onRemove(row));
  return row;
}

function nodeChoices(nodes: ListedNode[]): [HTMLElement, () => ListedNode[]] {
  const boxes = nodes.filter((n) => !n.template).map((n) => {
    const id = uid("node");
    const box = h("input", { type: "checkbox", id, value: n.node.name });
    return { n, box, element: h("li", {}, box, h("label", { for: id }, ` ${n.node.name} `, h("small", { class: "muted" }, n.node.architecture))) };
  });
  const fieldset = h("fieldset", { class: "node-choices" }, h("legend", {}, "Nodes"), h("ul", {}, ...boxes.map((b) => b.element)));
  return [fieldset, () => boxes.filter((b) => b.box.checked).map((b) => b.n)];
}

export async function launchView(ctx: ViewContext): Promise<void> {
  const { client } = ctx.session;
  replace(ctx.root, h("h1", {}, "Launch an experiment"), h("p", { class: "muted" }, "Loading nodes…"));
  let nodes: ListedNode[];
  let templates: readonly TaskTemplate[];
  try {
    const [pool, loaded] = await Promise.all([client.getNodes(), loadTaskTemplates()]);
    nodes = flattenNodes(pool);
    templates = loaded;
  } catch (error) {
    if (!ctx.left) replace(ctx.root, h("h1", {}, "Launch an experiment"), errorBox(error));
    return;
  }
  if (ctx.left) return;
  const name = h("input", { type: "text", required: true, autocomplete: "off", value: `console-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, "")}` });
  const [nodeSet, chosen] = nodeChoices(nodes);
  const rows: TaskRow[] = [];
  const list = h("ol", { class: "task-list" });
  const renumber = (): void => {
    const kept = rows.map((r) => [r.template, [...r.inputs].map(([k, i]) => [k, i.value] as const)] as const);
    rows.length = 0;
    list.replaceChildren();
    for (const [template, values] of kept) add(template, new Map(values));
  };
  const add = (template: TaskTemplate, values?: Map<string, string>): void => {
    const row = taskRow(template, rows.length + 1, (r) => {
      rows.splice(rows.indexOf(r), 1);
      renumber();
    });
    for (const [k, v] of values ?? []) row.inputs.get(k)!.value = v;
    rows.push(row);
    list.append(row.element);
  };
  const kind = h("select", {}, ...templates.map((t) => h("option", { value: t.id }, t.label)));
  const addButton = h("button", { type: "button" }, "Add task");
  addButton.addEventListener("click", () => {
    add(templates.find((t) => t.id === kind.value)!);
    rows.at(-1)?.inputs.values().next().value?.focus();
  });
  add(templates[0]!);
  add(templates[1]!);
  const progress = h("div", { role: "status", "aria-live": "polite" });
  const submit = h("button", { type: "submit" }, "Launch");
  const form = h("form", { class: "launch", "aria-label": "Launch an experiment" }, field("Experiment name", name), nodeSet,
    h("fieldset", {}, h("legend", {}, "Tasks, run one after another"), list, h("div", { class: "actions" }, field("Task to add", kind), addButton)), submit, progress);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit.disabled = true;
    launch(ctx, name.value.trim(), chosen(), rows, progress).finally(() => (submit.disabled = false));
  });
  replace(ctx.root, h("h1", {}, "Launch an experiment"), form);
}

async function launch(ctx: ViewContext, name: string, nodes: ListedNode[], rows: TaskRow[], progress: HTMLElement): Promise<void> {
  const { client } = ctx.session;
  const say = (text: string): void => replace(progress, h("p", {}, text));
  try {
    if (name === "") throw new Error("Give the experiment a name");
    if (nodes.length === 0) throw new Error("Choose at least one node");
    if (rows.length === 0) throw new Error("Add at least one task");
    const tasks: TaskReference[] = rows.map((r, i) => r.template.build(Object.fromEntries([...r.inputs].map(([k, input]) => [k, input.value])), `${r.template.id}-${i + 1}`));
    const pipeline = new Pipeline(tasks);
    const experiment = new Experiment().map(pipeline, nodes.map((n) => n.node));
    say("Preparing…");
    await client.prepareExperiment(experiment, name);
    await client.waitForStatus(name, ExperimentStatus.READY, { intervalMs: 300, timeoutMs: 10 * 60_000, onProgress: (p) => say(`Preparing… ${p.info?.statusName ?? ""}`) });
    say("Starting…");
    await client.startExecution(name);
    if (!ctx.left) ctx.navigate(experimentHash(name));
  } catch (error) {
    replace(progress, h("p", { class: "error", role: "alert" }, messageOf(error)));
  }
}
