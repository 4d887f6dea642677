/** A prepare_experiment spec + the node pool → an Experiment built with the experiment builder. */
import { UsageError } from "../../src/errors.js";
import { Pipeline, type TaskReference } from "../../src/graph/index.js";
import {
  BuildContext,
  CountableNodePool,
  DockerImage,
  Experiment,
  Node,
  type Nodes,
  RuntimeContext,
  ShellExecution,
  UncountableNodePool,
} from "../../src/model/index.js";
import { matchesFilter } from "./node-filter.js";
import type { EnvironmentSpec, ExperimentSpec, NodeSelection } from "./schema.js";
import { checkArchitectures, resultNameNotes, stagesOf } from "./tasks.js";

export interface BuiltExperiment {
  experiment: Experiment;
  nodeNames: string[];
  taskNames: string[];
  /** Library dispatchers whose results are keyed by another name than theirs (as in Python). */
  resultNameNotes: string[];
  environmentType: string;
}

const refuse = (message: string) => new UsageError(message, { operation: "prepare_experiment" });

/** Concrete nodes of countable pools (depth-first) and the uncountable pools met on the way. */
function walk(pool: Nodes, concrete: Node[], uncountable: UncountableNodePool[]): void {
  if (pool instanceof UncountableNodePool) {
    uncountable.push(pool);
    return;
  }
  for (const item of pool as CountableNodePool) {
    if (item instanceof Node) concrete.push(item);
    else walk(item, concrete, uncountable);
  }
}

/** Generated nodes from uncountable pools whose template matches, up to `wanted`. */
function generate(pools: UncountableNodePool[], accept: (node: Node) => boolean, wanted: number): Node[] {
  const out: Node[] = [];
  for (const pool of pools) {
    const matching = pool.filter(accept);
    while (out.length < wanted && matching.hasNext) out.push(matching.next());
  }
  return out;
}

function selectNodes(selection: NodeSelection, pool: Nodes): Node[] {
  const concrete: Node[] = [];
  const uncountable: UncountableNodePool[] = [];
  walk(pool, concrete, uncountable);
  const filter = selection.filter ?? {};
  const accept = (node: Node) => matchesFilter(node, filter);
  let chosen: Node[];
  if (selection.names) {
    const byName = new Map(concrete.map((n) => [n.name, n]));
    const missing = selection.names.filter((name) => !byName.has(name));
    if (missing.length > 0) {
      throw refuse(`nodes not available: ${missing.slice(0, 10).join(", ")} (get_nodes lists the available ones; nodes of an uncountable pool are chosen with "filter" and "count")`);
    }
    chosen = selection.names.map((name) => byName.get(name)!).filter(accept);
  } else {
    chosen = concrete.filter(accept);
    // An uncountable pool generates nodes on demand: only when a count says how many.
    if (selection.count !== undefined && chosen.length < selection.count) {
      chosen.push(...generate(uncountable, accept, selection.count - chosen.length));
    }
  }
  if (selection.count !== undefined) chosen = chosen.slice(0, selection.count);
  if (chosen.length === 0) throw refuse(nothingSelected(selection, uncountable, accept));
  return chosen;
}

/** Why a selection is empty: an uncountable pool matched but no count said how many nodes to take. */
function nothingSelected(selection: NodeSelection, uncountable: UncountableNodePool[], accept: (node: Node) => boolean): string {
  if (selection.names === undefined && selection.count === undefined) {
    const templates = uncountable.flatMap((pool) => pool.template.filter(accept).map((node) => node.name));
    if (templates.length > 0) {
      const named = templates.map((t) => `${t} (makes ${t}1, ${t}2, ...)`).join(", ");
      return `the filter matches only the template(s) of an uncountable pool, ${named}, whose nodes are made on demand: give "count" in "nodes" to say how many to use`;
    }
  }
  return "no node matches the selection (see get_nodes)";
}

/** netunicorn's environment types a node accepts (its `netunicorn-environments` property; both when absent). */
function environmentsOf(node: Node): string[] | undefined {
  const listed = node.properties["netunicorn-environments"];
  return Array.isArray(listed) ? listed.map(String) : undefined;
}

/** Refuses, before any request, nodes whose `netunicorn-environments` lacks the experiment's environment. */
function checkEnvironments(nodes: readonly Node[], type: string): void {
  const lacking = nodes.filter((node) => !(environmentsOf(node) ?? [type]).includes(type));
  if (lacking.length === 0) return;
  const shown = lacking.slice(0, 5).map((node) => `${node.name} supports only ${environmentsOf(node)!.join(" and ") || "no environment"}`);
  const other = type === "ShellExecution" ? '{"type": "docker"}' : '{"type": "shell"}';
  throw refuse(
    `${type} is not available on ${lacking.length} selected node(s): ${shown.join("; ")}${lacking.length > 5 ? "; ..." : ""}. ` +
      `Use environment ${other} if those nodes support it, or select nodes whose "netunicorn-environments" contains ${type} ` +
      `(filter {"properties": {"netunicorn-environments": "${type}"}}).`,
  );
}

function environmentOf(spec: EnvironmentSpec | undefined): DockerImage | ShellExecution {
  const runtimeContext = new RuntimeContext({ environmentVariables: spec?.environment_variables ?? {} });
  if (spec?.type === "shell") return new ShellExecution({ commands: spec.commands ?? [], runtimeContext });
  const buildContext = spec?.python_version ? new BuildContext({ pythonVersion: spec.python_version }) : undefined;
  return new DockerImage({ image: spec?.image ?? null, commands: spec?.commands ?? [], runtimeContext, ...(buildContext ? { buildContext } : {}) });
}

/** `stages`: the pipeline already turned into tasks (prepare_experiment checks them before asking for nodes). */
export function buildExperiment(spec: ExperimentSpec, pool: Nodes, stages: TaskReference[][] = stagesOf(spec.pipeline)): BuiltExperiment {
  const environmentDefinition = environmentOf(spec.environment);
  const pipeline = new Pipeline(stages, { earlyStopping: spec.early_stopping ?? true, environmentDefinition });
  const nodes = selectNodes(spec.nodes, pool);
  checkEnvironments(nodes, environmentDefinition.type);
  checkArchitectures(stages, nodes);
  const options = spec.keep_alive_timeout_minutes === undefined ? undefined : { keepAliveTimeoutMinutes: spec.keep_alive_timeout_minutes };
  const experiment = new Experiment();
  try {
    experiment.map(pipeline, nodes, options);
  } catch (error) {
    throw refuse(error instanceof Error ? error.message : String(error));
  }
  return {
    experiment,
    nodeNames: nodes.map((n) => n.name),
    taskNames: stages.flat().map((t) => t.name),
    resultNameNotes: resultNameNotes(stages, nodes[0]!),
    environmentType: environmentDefinition.type,
  };
}
