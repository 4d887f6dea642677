/**
 * The JSON the real server sends for an experiment: ExperimentExecutionInformation with the
 * stored experiment (executor ids and NETUNICORN_* variables added by the server) and the
 * execution results, whose items come back from PostgreSQL jsonb with keys reordered.
 */
import type { ParsedEnvironment, ParsedNode } from "./parse-experiment.js";
import { setOwnProperty } from "../json.js";
import { isDict } from "./py-access.js";
import type { PyJson } from "./py-json.js";
import { Status, type DeploymentRecord, type ExperimentRecord } from "./records.js";

/** jsonb key order: shorter keys first, then bytewise; applied recursively. */
function jsonbOrder(value: PyJson): PyJson {
  if (Array.isArray(value)) return value.map(jsonbOrder);
  if (!isDict(value)) return value;
  const encoder = new TextEncoder();
  const keys = Object.keys(value).sort((a, b) => {
    const x = encoder.encode(a);
    const y = encoder.encode(b);
    if (x.length !== y.length) return x.length - y.length;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
    return 0;
  });
  const out: { [key: string]: PyJson } = {};
  for (const key of keys) setOwnProperty(out, key, jsonbOrder(value[key] as PyJson));
  return out;
}

/** Node.__json__ after the jsonb round trip of the experiment data (its dicts reordered). */
function nodeView(node: ParsedNode): PyJson {
  return {
    name: node.name,
    properties: jsonbOrder(node.properties),
    additional_properties: jsonbOrder(node.additionalProperties),
    architecture: node.architecture,
  };
}

function environmentView(env: ParsedEnvironment, d: DeploymentRecord, experimentId: string): PyJson {
  const rc = env.runtimeContext;
  // the mediator's preprocessor adds these two variables to every deployment
  const variables = { ...(isDict(rc.environmentVariables) ? rc.environmentVariables : {}), NETUNICORN_EXECUTOR_ID: d.executorId, NETUNICORN_EXPERIMENT_ID: experimentId };
  const runtimeContext = {
    ports_mapping: jsonbOrder(rc.portsMapping),
    environment_variables: jsonbOrder(variables),
    additional_arguments: rc.additionalArguments,
    network: rc.network,
  };
  if (env.type === "ShellExecution") return { commands: env.commands, runtime_context: runtimeContext };
  const build = env.buildContext;
  return {
    image: d.image,
    build_context: { python_version: build?.pythonVersion ?? null, cloudpickle_version: build?.cloudpickleVersion ?? null },
    runtime_context: runtimeContext,
    commands: env.commands,
  };
}

function deploymentView(record: ExperimentRecord, d: DeploymentRecord): PyJson {
  const preparing = record.status === Status.PREPARING;
  return {
    node: nodeView(d.parsed.node),
    prepared: preparing ? d.preparedEarly : d.prepared,
    executor_id: d.executorId,
    error: preparing ? d.earlyError : d.prepareError,
    execution_graph: d.parsed.executionGraph,
    keep_alive_timeout_minutes: d.parsed.keepAliveTimeoutMinutes,
    cleanup: d.parsed.cleanup,
    environment_definition: environmentView(d.parsed.environment, d, record.id),
    environment_definition_type: d.parsed.environment.type,
  };
}

/** The stored experiment (null right after prepare, as the real `data` column). */
function experimentView(record: ExperimentRecord, now: number): PyJson {
  if (now < record.dataAt) return null;
  return {
    deployment_map: record.deployments.map((d) => deploymentView(record, d)),
    deployment_context: jsonbOrder(record.deploymentContext),
  };
}

function resultItem(d: DeploymentRecord, now: number): PyJson {
  const ended = d.endAt !== null && d.endAt <= now;
  return jsonbOrder({
    node: nodeView(d.parsed.node),
    error: ended ? d.endError : null,
    result: ended ? d.result : null,
    execution_graph: d.parsed.executionGraph,
  });
}

/** null until the executors registered, then one item per deployment (pending ones all null). */
function executionResultView(record: ExperimentRecord, now: number): PyJson {
  if (record.error !== null) return record.error;
  const registered = record.status === Status.FINISHED || (record.executorsAt !== null && now >= record.executorsAt);
  if (!registered) return null;
  return record.deployments.map((d) => resultItem(d, now));
}

/** ExperimentExecutionInformation as the status endpoint sends it. */
export function statusView(record: ExperimentRecord, now: number): PyJson {
  return {
    status: record.status,
    experiment: experimentView(record, now),
    execution_result: executionResultView(record, now),
  };
}
