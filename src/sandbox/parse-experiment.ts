/**
 * The prepare body read the way netunicorn's `Experiment.from_json` reads it: keys accessed in the
 * same order, values not type-checked, and failures reported with Python's exception text (the
 * server answers 400 "Couldn't parse experiment from the provided data: <str(exception)>").
 */
import { decodeBase64 } from "../base64.js";
import { contains, getItem, getOptional, isDict, iterate, PyRaised } from "./py-access.js";
import type { PyJson } from "./py-json.js";
import { pyRepr, pyTypeName } from "./py-repr.js";

const ARCHITECTURES = new Set(["linux/amd64", "linux/arm64", "win/amd64", "win/arm64", "unknown"]);

export type EnvironmentType = "ShellExecution" | "DockerImage";

export interface ParsedRuntimeContext {
  portsMapping: PyJson;
  environmentVariables: PyJson;
  additionalArguments: PyJson;
  network: PyJson;
}

export interface ParsedEnvironment {
  type: EnvironmentType;
  commands: PyJson;
  runtimeContext: ParsedRuntimeContext;
  /** DockerImage only. */
  image: PyJson;
  buildContext: { pythonVersion: PyJson; cloudpickleVersion: PyJson } | null;
}

export interface ParsedNode {
  name: PyJson;
  properties: PyJson;
  additionalProperties: PyJson;
  architecture: string;
}

export interface ParsedDeployment {
  node: ParsedNode;
  prepared: PyJson;
  executorId: PyJson;
  error: PyJson;
  executionGraph: string;
  graphBytes: Uint8Array;
  keepAliveTimeoutMinutes: PyJson;
  cleanup: PyJson;
  environment: ParsedEnvironment;
}

export interface ParsedExperiment {
  deployments: ParsedDeployment[];
  deploymentContext: PyJson;
}

function parseNode(data: PyJson): ParsedNode {
  const name = getItem(data, "name");
  const properties = getItem(data, "properties");
  const architecture = getItem(data, "architecture");
  if (typeof architecture !== "string" || !ARCHITECTURES.has(architecture)) {
    throw new PyRaised("ValueError", `${pyRepr(architecture)} is not a valid Architecture`);
  }
  return { name, properties, architecture, additionalProperties: getItem(data, "additional_properties") };
}

/** base64.b64decode(s) without validation: foreign characters skipped, padding checked. */
function pyB64decode(value: PyJson): Uint8Array {
  if (typeof value !== "string") {
    throw new PyRaised("TypeError", `argument should be a bytes-like object or ASCII string, not '${pyTypeName(value)}'`);
  }
  if (/[^\x00-\x7f]/.test(value)) throw new PyRaised("ValueError", "string argument should contain only ASCII characters");
  const data = value.replace(/[^A-Za-z0-9+/=]/g, "");
  const body = data.replace(/=.*$/, "");
  const pads = data.length - body.length;
  if (body.length % 4 === 1) {
    throw new PyRaised("ValueError", `Invalid base64-encoded string: number of data characters (${body.length}) cannot be 1 more than a multiple of 4`);
  }
  if (body.length % 4 !== 0 && pads < 4 - (body.length % 4)) throw new PyRaised("ValueError", "Incorrect padding");
  return decodeBase64(body + "=".repeat((4 - (body.length % 4)) % 4)); // canonical padded base64 from here on
}

function parseRuntimeContext(data: PyJson): ParsedRuntimeContext {
  return {
    portsMapping: getItem(data, "ports_mapping"),
    environmentVariables: getItem(data, "environment_variables"),
    additionalArguments: getItem(data, "additional_arguments"),
    network: isDict(data) ? getOptional(data, "network", null) : null,
  };
}

function parseEnvironment(type: PyJson, data: PyJson): ParsedEnvironment {
  if (typeof type !== "string") throw new PyRaised("TypeError", `attribute name must be string, not '${pyTypeName(type)}'`);
  if (type === "ShellExecution") {
    if (!contains(data, "runtime_context")) throw new PyRaised("ValueError", "runtime_context is missing");
    const commands = getItem(data, "commands");
    return { type, commands, runtimeContext: parseRuntimeContext(getItem(data, "runtime_context")), image: null, buildContext: null };
  }
  if (type === "DockerImage") {
    if (!contains(data, "image")) throw new PyRaised("ValueError", "image is missing");
    const commands = getItem(data, "commands");
    const image = getItem(data, "image");
    const build = getItem(data, "build_context");
    const buildContext = { pythonVersion: getItem(build, "python_version"), cloudpickleVersion: getItem(build, "cloudpickle_version") };
    return { type, commands, image, buildContext, runtimeContext: parseRuntimeContext(getItem(data, "runtime_context")) };
  }
  throw new PyRaised("AttributeError", `module 'netunicorn.base.environment_definitions' has no attribute ${pyRepr(type)}`);
}

function parseDeployment(data: PyJson): ParsedDeployment {
  const node = parseNode(getItem(data, "node"));
  const prepared = getItem(data, "prepared");
  const executorId = getItem(data, "executor_id");
  const error = getItem(data, "error");
  const executionGraph = getItem(data, "execution_graph");
  const graphBytes = pyB64decode(executionGraph);
  const keepAliveTimeoutMinutes = getItem(data, "keep_alive_timeout_minutes");
  const cleanup = getOptional(data, "cleanup", true);
  const environment = parseEnvironment(getItem(data, "environment_definition_type"), getItem(data, "environment_definition"));
  return { node, prepared, executorId, error, executionGraph: executionGraph as string, graphBytes, keepAliveTimeoutMinutes, cleanup, environment };
}

/** Experiment.from_json: the parsed experiment, or throws PyRaised. */
export function parseExperiment(data: PyJson): ParsedExperiment {
  const deployments = iterate(getItem(data, "deployment_map")).map(parseDeployment);
  return { deployments, deploymentContext: isDict(data) ? getOptional(data, "deployment_context", null) : null };
}
