/** Wire schemas of the read-only UI endpoints (/api/v1/ui/...), as netunicorn's mediator ui_api.py writes them. */
import * as v from "valibot";

// Wire types are written out (not inferred) so the public API has explicit types (JSR "slow types").
export type LockedNodesWire = { node_name: string; username: string; connector: string }[];

export type ExperimentSummariesWire = {
  username: string;
  experiment_name: string;
  experiment_id: string;
  status: string;
  error: string | null;
  creation_time: string;
  start_time: string;
  nodes: string;
}[];

export type ActiveCompilationsWire = {
  username: string | null;
  experiment_name: string | null;
  experiment_id: string;
  compilation_id: string;
  architecture: string;
}[];

/** GET /api/v1/ui/locks. */
export const LockedNodesSchema: v.GenericSchema<unknown, LockedNodesWire> = v.array(
  v.looseObject({
    node_name: v.string(),
    username: v.string(),
    connector: v.string(),
  }),
);

/** GET /api/v1/ui/running_experiments and /api/v1/ui/last_experiments: every field is text. */
export const ExperimentSummariesSchema: v.GenericSchema<unknown, ExperimentSummariesWire> = v.array(
  v.looseObject({
    username: v.string(),
    experiment_name: v.string(),
    experiment_id: v.string(),
    /** Python's str() of the enum, e.g. "ExperimentStatus.RUNNING". */
    status: v.string(),
    error: v.nullable(v.string()),
    /** str() of a Python datetime, e.g. "2026-11-24 14:40:19.123456+00:00". */
    creation_time: v.string(),
    /** The same, or "None" for an experiment never started. */
    start_time: v.string(),
    /** Node names joined with ", ". */
    nodes: v.string(),
  }),
);

/** GET /api/v1/ui/compilations (a LEFT JOIN: the experiment's columns may be null). */
export const ActiveCompilationsSchema: v.GenericSchema<unknown, ActiveCompilationsWire> = v.array(
  v.looseObject({
    username: v.nullable(v.string()),
    experiment_name: v.nullable(v.string()),
    experiment_id: v.string(),
    compilation_id: v.string(),
    architecture: v.string(),
  }),
);

