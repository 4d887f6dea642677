/**
 * The mediator's checks run before prepare answers: unique executor ids, sudo for additional
 * arguments, runtime-context shapes and environments the nodes support. Each failure is a 400
 * JSON string with the server's wording; a value Python would choke on becomes a 500 text.
 */
import type { ParsedDeployment, ParsedEnvironment, ParsedExperiment, ParsedRuntimeContext } from "./parse-experiment.js";
import { contains, items, PyRaised, pyInt, truthy } from "./py-access.js";
import type { PyJson } from "./py-json.js";
import { pyRepr } from "./py-repr.js";

/** null: passed; refusal: 400 with this string; crash: 500 with this text. */
export type PrecheckOutcome = null | { refusal: string } | { crash: string };

function runtimeContextRepr(rc: ParsedRuntimeContext): string {
  return `RuntimeContext(ports_mapping=${pyRepr(rc.portsMapping)}, environment_variables=${pyRepr(rc.environmentVariables)}, network=${pyRepr(rc.network)}, additional_arguments=${pyRepr(rc.additionalArguments)})`;
}

/** repr() of the environment definition dataclass, as interpolated in the real message. */
function environmentRepr(env: ParsedEnvironment): string {
  const rc = runtimeContextRepr(env.runtimeContext);
  if (env.type === "ShellExecution") return `ShellExecution(commands=${pyRepr(env.commands)}, runtime_context=${rc})`;
  const build = env.buildContext;
  const buildRepr = `BuildContext(python_version=${pyRepr(build?.pythonVersion)}, cloudpickle_version=${pyRepr(build?.cloudpickleVersion)})`;
  return `DockerImage(commands=${pyRepr(env.commands)}, runtime_context=${rc}, image=${pyRepr(env.image)}, build_context=${buildRepr})`;
}

function uniqueExecutorIds(deployments: ParsedDeployment[]): PrecheckOutcome {
  const seen = new Set<PyJson>();
  for (const d of deployments) {
    if (d.executorId === "") continue;
    if (seen.has(d.executorId)) return { refusal: `Experiment has non-unique non-empty executor id: ${String(d.executorId)}` };
    seen.add(d.executorId);
  }
  return null;
}

function sudoAccess(deployments: ParsedDeployment[], sudo: boolean): PrecheckOutcome {
  if (sudo) return null;
  for (const d of deployments) {
    if (truthy(d.environment.runtimeContext.additionalArguments)) {
      return { refusal: "This user is not allowed to use additional arguments in runtime context" };
    }
  }
  return null;
}

function envValuesHaveSpaces(env: PyJson): boolean {
  return items(env).some(([k, v]) => k.includes(" ") || contains(v, " "));
}

function portsAreInts(ports: PyJson): boolean {
  for (const [k, v] of items(ports)) {
    try {
      pyInt(k);
      pyInt(v);
    } catch (error) {
      if (error instanceof PyRaised && error.kind === "ValueError") return false;
      throw error;
    }
  }
  return true;
}

function runtimeContexts(deployments: ParsedDeployment[]): PrecheckOutcome {
  for (const d of deployments) {
    const rc = d.environment.runtimeContext;
    if (d.environment.type === "DockerImage" && !portsAreInts(rc.portsMapping)) {
      return { refusal: "Ports mapping in runtime context must be a dict of int to int" };
    }
    if (envValuesHaveSpaces(rc.environmentVariables)) {
      return { refusal: "Environment variables in runtime context must not contain spaces" };
    }
  }
  return null;
}

function environmentsAvailable(deployments: ParsedDeployment[]): PrecheckOutcome {
  for (const d of deployments) {
    const supported = contains(d.node.properties, "netunicorn-environments")
      ? (d.node.properties as Record<string, PyJson>)["netunicorn-environments"]
      : null;
    // a node without the property supports both environments
    if (supported === null || supported === undefined) continue;
    if (!contains(supported, d.environment.type)) {
      return { refusal: `Environment ${environmentRepr(d.environment)} is not available on node ${String(d.node.name)}` };
    }
  }
  return null;
}

/** Runs the four checks in the server's order; the first failure wins. */
export function runPrechecks(experiment: ParsedExperiment, sudo: boolean): PrecheckOutcome {
  try {
    return (
      uniqueExecutorIds(experiment.deployments) ??
      sudoAccess(experiment.deployments, sudo) ??
      runtimeContexts(experiment.deployments) ??
      environmentsAvailable(experiment.deployments)
    );
  } catch (error) {
    if (error instanceof PyRaised) return { crash: error.text };
    throw error;
  }
}
