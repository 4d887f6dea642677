/**
 * The read-only UI endpoints netunicorn's web UI uses (not in the Python client):
 * locked nodes, running and recent experiments, active compilations.
 */
import {
  type ActiveCompilationsWire,
  ActiveCompilationsSchema,
  type ExperimentSummariesWire,
  ExperimentSummariesSchema,
  LockedNodesSchema,
  type LockedNodesWire,
} from "../wire/extras.js";
import { validateBody } from "../wire/validate.js";
import { fields, fieldsOf, wireOf } from "./fields.js";
import { type ExperimentStatus, parseExperimentStatus } from "./status.js";

/** A node locked by an experiment (GET /api/v1/ui/locks). */
export interface LockedNode {
  nodeName: string;
  username: string;
  connector: string;
}

/** An experiment as listed by GET /api/v1/ui/running_experiments and /ui/last_experiments. */
export interface RecentExperiment {
  username: string;
  experimentName: string;
  experimentId: string;
  /** The status as a number; undefined if the server wrote a name this library does not know. */
  status: ExperimentStatus | undefined;
  /** The status exactly as sent, e.g. "ExperimentStatus.RUNNING". */
  statusText: string;
  error: string | null;
  /** str() of a Python datetime, e.g. "2026-11-24 14:40:19.123456+00:00". */
  creationTime: string;
  /** The same, or null when the server wrote "None" (never started). */
  startTime: string | null;
  /** Names of the experiment's nodes (the server joins them with ", "). */
  nodes: string[];
}

/** A compilation (image build) in progress (GET /api/v1/ui/compilations). */
export interface ActiveCompilation {
  username: string | null;
  experimentName: string | null;
  experimentId: string;
  compilationId: string;
  architecture: string;
}

const LOCKED_NODE = fields(LockedNodesSchema);
const RECENT_EXPERIMENT = fields(ExperimentSummariesSchema);
const ACTIVE_COMPILATION = fields(ActiveCompilationsSchema);

export function lockedNodesFromJSON(body: unknown): LockedNode[] {
  return validateBody(LockedNodesSchema, body, "lockedNodesFromJSON").map((row) => fieldsOf(row, LOCKED_NODE));
}

export function lockedNodesToJSON(nodes: readonly LockedNode[]): LockedNodesWire {
  return nodes.map((node) => wireOf(node, LOCKED_NODE));
}

export function recentExperimentsFromJSON(body: unknown): RecentExperiment[] {
  return validateBody(ExperimentSummariesSchema, body, "recentExperimentsFromJSON").map((row) => ({
    ...fieldsOf<RecentExperiment>(row, RECENT_EXPERIMENT),
    status: parseExperimentStatus(row.status),
    statusText: row.status,
    // The mediator writes str(None) for an experiment that never started.
    startTime: row.start_time === "None" ? null : row.start_time,
    nodes: row.nodes === "" ? [] : row.nodes.split(", "),
  }));
}

export function recentExperimentsToJSON(experiments: readonly RecentExperiment[]): ExperimentSummariesWire {
  return experiments.map((experiment) => ({
    ...wireOf<ExperimentSummariesWire[number]>(experiment, RECENT_EXPERIMENT),
    status: experiment.statusText,
    start_time: experiment.startTime ?? "None",
    nodes: experiment.nodes.join(", "),
  }));
}

export function activeCompilationsFromJSON(body: unknown): ActiveCompilation[] {
  return validateBody(ActiveCompilationsSchema, body, "activeCompilationsFromJSON").map((row) => fieldsOf(row, ACTIVE_COMPILATION));
}

export function activeCompilationsToJSON(compilations: readonly ActiveCompilation[]): ActiveCompilationsWire {
  return compilations.map((compilation) => wireOf(compilation, ACTIVE_COMPILATION));
}
