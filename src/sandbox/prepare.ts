/**
 * What the real background task does after prepare's 200, planned at once: executor ids,
 * image names for DockerImages the server must build (one compilation per identical graph,
 * environment and architecture), lock checks, and the outcome of each preparation.
 */
import { uuid4 } from "./ids.js";
import type { ResolvedOptions } from "./options.js";
import type { NodeJson } from "./world.js";
import type { ParsedDeployment, ParsedExperiment } from "./parse-experiment.js";
import { isDict } from "./py-access.js";
import type { PyJson } from "./py-json.js";
import { Status, type DeploymentRecord, type ExperimentRecord } from "./records.js";
import { lockKey, type Store } from "./store.js";

const COMPILABLE = new Set(["linux/amd64", "linux/arm64"]);

function nodeJson(d: ParsedDeployment): NodeJson {
  const properties = isDict(d.node.properties) ? d.node.properties : {};
  return {
    name: String(d.node.name),
    properties: properties as NodeJson["properties"],
    additional_properties: (isDict(d.node.additionalProperties) ? d.node.additionalProperties : {}) as NodeJson["properties"],
    architecture: d.node.architecture,
  };
}

/** The compilation service's verdict on building this image, or null when it builds. */
function compilationError(d: ParsedDeployment): string | null {
  if (!COMPILABLE.has(d.node.architecture)) return `Unknown architecture for docker container: ${d.node.architecture}`;
  const version = d.environment.buildContext?.pythonVersion;
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
    return `netunicorn sandbox: cannot build an image for python_version ${JSON.stringify(version)}: expected a version such as 3.11.9`;
  }
  return null;
}

interface PlanContext {
  owner: string;
  now: number;
  options: ResolvedOptions;
  compilations: Map<string, string>;
  /** node lock key → holder, read once for the whole experiment. */
  holders: Map<string, string>;
}

function planDeployment(d: ParsedDeployment, ctx: PlanContext): DeploymentRecord {
  const node = nodeJson(d);
  const connector: PyJson = node.properties["connector"] ?? null;
  const needsBuild = d.environment.type === "DockerImage" && d.environment.image === null;
  const record: DeploymentRecord = {
    parsed: d,
    executorId: uuid4(),
    nodeName: node.name,
    connector,
    image: d.environment.image,
    compilationId: null,
    preparedEarly: !needsBuild,
    earlyError: null,
    prepared: true,
    prepareError: null,
    locking: true,
    endAt: null,
    endError: null,
    result: null,
    failure: ctx.options.outcomes.executionFailure(node),
  };
  const holder = ctx.holders.get(lockKey(node.name, connector));
  if (holder !== undefined && holder !== ctx.owner) {
    const error = `Node ${node.name} is already locked by ${holder}`;
    return { ...record, preparedEarly: false, earlyError: error, prepared: false, prepareError: error, locking: false };
  }
  if (needsBuild) {
    const key = JSON.stringify([d.executionGraph, d.environment.commands, d.environment.buildContext, d.node.architecture]);
    const compilationId = ctx.compilations.get(key) ?? uuid4();
    ctx.compilations.set(key, compilationId);
    record.compilationId = compilationId;
    record.image = `${ctx.options.dockerRegistry}/${compilationId}:latest`;
    record.prepareError = compilationError(d);
  }
  record.prepareError ??= ctx.options.outcomes.prepareFailure(node);
  record.prepared = record.prepareError === null;
  if (!record.prepared && !needsBuild) {
    record.preparedEarly = false; // a simulated failure shows once preparation is over
  }
  return record;
}

/** A new PREPARING record for the parsed experiment, with its timeline planned from `now`. */
export function planExperiment(name: string, owner: string, experiment: ParsedExperiment, store: Store, now: number): ExperimentRecord {
  const { timing } = store.options;
  const holders = new Map(store.locks(now).map((l) => [lockKey(l.node_name, l.connector), l.username]));
  const ctx: PlanContext = { owner, now, options: store.options, compilations: new Map(), holders };
  return {
    id: uuid4(),
    owner,
    name,
    status: Status.PREPARING,
    createdAt: now,
    rowAt: now + timing.rowDelayMs,
    dataAt: now + Math.max(timing.rowDelayMs, timing.dataDelayMs),
    readyAt: now + Math.max(timing.preparationMs, timing.rowDelayMs, timing.dataDelayMs),
    startedAt: null,
    executorsAt: null,
    finishedAt: null,
    deploymentContext: experiment.deploymentContext,
    deployments: experiment.deployments.map((d) => planDeployment(d, ctx)),
    error: null,
    flags: new Map(),
    deletedAs: null,
    locksFreedAt: null,
  };
}
