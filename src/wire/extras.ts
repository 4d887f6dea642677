/** Wire schemas of the read-only UI endpoints (/api/v1/ui/...), as netunicorn's mediator ui_api.py writes them. */
import * as v from "valibot";
import { NullableStringSchema, StringSchema } from "./record.js";

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
  v.object({
    node_name: StringSchema,
    username: StringSchema,
    connector: StringSchema,
  }),
);

/** GET /api/v1/ui/running_experiments and /api/v1/ui/last_experiments: every field is text. */
export const ExperimentSummariesSchema: v.GenericSchema<unknown, ExperimentSummariesWire> = v.array(
  v.object({
    username: StringSchema,
    experiment_name: StringSchema,
    experiment_id: StringSchema,
    /** Python's str() of the enum, e.g. "ExperimentStatus.RUNNING". */
    status: StringSchema,
    error: NullableStringSchema,
    /** str() of a Python datetime, e.g. "2026-11-24 14:40:19.123456+00:00". */
    creation_time: StringSchema,
    /** The same, or "None" for an experiment never started. */
    start_time: StringSchema,
    /** Node names joined with ", ". */
    nodes: StringSchema,
  }),
);

/** GET /api/v1/ui/compilations (a LEFT JOIN: the experiment's columns may be null). */
export const ActiveCompilationsSchema: v.GenericSchema<unknown, ActiveCompilationsWire> = v.array(
  v.object({
    username: NullableStringSchema,
    experiment_name: NullableStringSchema,
    experiment_id: StringSchema,
    compilation_id: StringSchema,
    architecture: StringSchema,
  }),
);
