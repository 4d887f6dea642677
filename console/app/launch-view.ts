/**
 * Build and launch a small experiment: tasks from the adapter (run one after another), in the
 * chosen environment (Docker or Shell), on the chosen nodes that can run it; prepare, wait until
 * READY, start, then follow it on its own screen to its results. Everything that can be checked
 * here is checked before anything is sent (launch-checks.ts); a message goes once it is fixed.
 */
import { type EnvironmentKind, Experiment, ExperimentStatus, Pipeline, ShellExecution, type TaskReference } from "netunicorn";
import { errorBox, field, h, messageOf, replace, uid } from "./dom.js";
import { ENVIRONMENT_CHOICES, nameProblem, nameTaken, rememberPrepared, shortName, unsupported } from "./launch-checks.js";
import { flattenNodes, type ListedNode } from "./nodes-view.js";
import { loadTaskTemplates, type TaskTemplate } from "./tasks.js";
import { experimentHash, type ViewContext } from "./view.js";

interface TaskRow {
  template: TaskTemplate;
  inputs: Map<string, HTMLInputElement>;
  element: HTMLElement;
}

/** Something to fix before sending: what, in plain words, and the control to fix it in. */
interface Problem {
  message: string;
  control: HTMLElement;
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

interface NodeChoices {
  element: HTMLElement;
  chosen(): ListedNode[];
  /** Enables the nodes that can run `kind`; unchecks the others and says which were. */
  setEnvironment(kind: EnvironmentKind): string[];
}

/** One checkbox per node, with the environments it supports; a node that cannot run the choice is disabled, saying why. */
function nodeChoices(nodes: ListedNode[]): NodeChoices {
  const boxes = nodes.filter((n) => !n.template).map((n) => {
    const id = uid("node");
    const box = h("input", { type: "checkbox", id, value: n.node.name });
    const why = h("small", { class: "error-text" });
    const environments = [...n.node.availableEnvironments].map(shortName).join(", ") || "none";
    const label = h("label", { for: id }, ` ${n.node.name} `, h("small", { class: "muted" }, `${n.node.architecture} · ${environments}`), " ", why);
    return { n, box, why, element: h("li", {}, box, label) };
  });
  const element = h("fieldset", { class: "node-choices" }, h("legend", {}, "Nodes (environments each supports)"), h("ul", {}, ...boxes.map((b) => b.element)));
  return {
    element,
    chosen: () => boxes.filter((b) => b.box.checked && !b.box.disabled).map((b) => b.n),
    setEnvironment(kind) {
      const unchecked: string[] = [];
      for (const b of boxes) {
        const problem = unsupported(b.n.node, kind);
        if (problem !== null && b.box.checked) unchecked.push(b.n.node.name);
        b.box.disabled = problem !== null;
        if (problem !== null) b.box.checked = false;
        b.why.textContent = problem === null ? "" : `(${problem})`;
      }
      return unchecked;
    },
  };
}

interface TaskList {
  element: HTMLElement;
  rows: TaskRow[];
  /** The "Task to add" select (where to go when there is no task). */
  kind: HTMLSelectElement;
}

/** The tasks, run one after another: rows to fill in, renumbered on removal, and "Add task". */
function taskList(templates: readonly TaskTemplate[]): TaskList {
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
  const element = h("fieldset", {}, h("legend", {}, "Tasks, run one after another"), list, h("div", { class: "actions" }, field("Task to add", kind), addButton));
  return { element, rows, kind };
}

/** The first thing to fix before sending, or the tasks ready to send. */
function check(name: string, nameInput: HTMLElement, nodes: NodeChoices, environment: EnvironmentKind, tasks: TaskList): Problem | TaskReference[] {
  const named = nameProblem(name);
  if (named !== null) return { message: named, control: nameInput };
  if (nodes.chosen().length === 0) return { message: `Choose at least one node that can run ${shortName(environment)}.`, control: nodes.element };
  if (tasks.rows.length === 0) return { message: "Add at least one task.", control: tasks.kind };
  const built: TaskReference[] = [];
  for (const [i, r] of tasks.rows.entries()) {
    try {
      built.push(r.template.build(Object.fromEntries([...r.inputs].map(([k, input]) => [k, input.value])), `${r.template.id}-${i + 1}`));
    } catch (error) {
      return { message: `Task ${i + 1} (${r.template.label}): ${messageOf(error)}`, control: r.inputs.values().next().value ?? tasks.kind };
    }
  }
  return built;
}

/** Where a problem is shown: one at a time, its control marked invalid; `recheck` clears it once fixed. */
function problemLine(progress: HTMLElement, recheckWith: () => Problem | TaskReference[]): { show(problem: Problem | null, focus?: boolean): void; recheck(): void } {
  let shown: Problem | null = null;
  const show = (problem: Problem | null, focus = false): void => {
    shown?.control.removeAttribute("aria-invalid");
    shown = problem;
    if (problem === null) return replace(progress);
    problem.control.setAttribute("aria-invalid", "true");
    replace(progress, h("p", { class: "error", role: "alert" }, problem.message));
    if (focus) problem.control.focus();
  };
  const recheck = (): void => {
    if (shown === null) return;
    const result = recheckWith();
    show(Array.isArray(result) ? null : result);
  };
  return { show, recheck };
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
  const environment = h("select", {}, ...ENVIRONMENT_CHOICES.map((c) => h("option", { value: c.kind }, c.label)));
  const chosenEnvironment = (): EnvironmentKind => environment.value as EnvironmentKind;
  const nodeSet = nodeChoices(nodes);
  const tasks = taskList(templates);
  const progress = h("div", { role: "status", "aria-live": "polite" });
  const submit = h("button", { type: "submit" }, "Launch");
  const form = h("form", { class: "launch", "aria-label": "Launch an experiment", novalidate: true }, field("Experiment name", name, "letters, digits, - or _ (no spaces, no /)"),
    field("Environment", environment, "where the tasks run on each node"), nodeSet.element, tasks.element, submit, progress);
  const checkNow = (): Problem | TaskReference[] => check(name.value.trim(), name, nodeSet, chosenEnvironment(), tasks);
  const problems = problemLine(progress, checkNow);
  form.addEventListener("input", problems.recheck);
  form.addEventListener("change", problems.recheck);
  const applyEnvironment = (): void => {
    const unchecked = nodeSet.setEnvironment(chosenEnvironment());
    if (unchecked.length > 0) ctx.announce(`Unchecked ${unchecked.join(", ")}: ${unchecked.length === 1 ? "it cannot" : "they cannot"} run ${shortName(chosenEnvironment())}.`);
  };
  environment.addEventListener("change", applyEnvironment);
  applyEnvironment();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const result = checkNow();
    if (!Array.isArray(result)) return problems.show(result, true);
    problems.show(null);
    submit.disabled = true;
    const pipeline = new Pipeline(result, chosenEnvironment() === "ShellExecution" ? { environmentDefinition: new ShellExecution() } : {});
    launch(ctx, name.value.trim(), nodeSet.chosen(), pipeline, progress, (taken) => problems.show({ message: taken, control: name }, true))
      .finally(() => (submit.disabled = false));
  });
  replace(ctx.root, h("h1", {}, "Launch an experiment"), form);
}

async function launch(ctx: ViewContext, name: string, nodes: ListedNode[], pipeline: Pipeline, progress: HTMLElement, nameIsTaken: (problem: string) => void): Promise<void> {
  const { client } = ctx.session;
  const say = (text: string): void => replace(progress, h("p", {}, text));
  try {
    say("Checking the name…");
    const taken = await nameTaken(client, name);
    if (taken !== null) return nameIsTaken(taken);
    const experiment = new Experiment().map(pipeline, nodes.map((n) => n.node));
    say("Preparing…");
    await client.prepareExperiment(experiment, name);
    rememberPrepared(name);
    await client.waitForStatus(name, ExperimentStatus.READY, { intervalMs: 300, timeoutMs: 10 * 60_000, onProgress: (p) => say(`Preparing… ${p.info?.statusName ?? ""}`) });
    say("Starting…");
    await client.startExecution(name);
    if (!ctx.left) ctx.navigate(experimentHash(name));
  } catch (error) {
    replace(progress, h("p", { class: "error", role: "alert" }, messageOf(error)));
  }
}
