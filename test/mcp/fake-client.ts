/**
 * A BaseClient answering from the golden fixtures (wire shapes behind toJSON, as the models
 * give them), recording calls, with scriptable failures. For the server's own mechanics;
 * the end-to-end tests use the sandbox.
 */
import { readFileSync } from "node:fs";
import type { BaseClient } from "../../src/base-client.js";
import { HttpError } from "../../src/errors.js";

const fixtures = new URL("../fixtures/", import.meta.url);

export function fixture(path: string): { body: unknown; expected_results?: unknown; experiment_name?: string } {
  return JSON.parse(readFileSync(new URL(path, fixtures), "utf8"));
}

const wire = (body: unknown) => ({ toJSON: () => body });

export function httpError(operation: string, status: number, serverMessage: string): HttpError {
  return new HttpError(`${operation}: HTTP ${status}: ${serverMessage}`, {
    operation,
    status,
    serverMessage,
    body: JSON.stringify(serverMessage),
    method: "GET",
    url: "http://127.0.0.1/api/v1/x",
  });
}

export interface FakeClient extends BaseClient {
  calls: { method: string; args: unknown[] }[];
  /** Status bodies per experiment; an array is served in turn (last one repeats). */
  statuses: Map<string, unknown[]>;
  /** Makes the next call of a method fail. */
  failNext: Map<string, Error>;
  /** The body served by getNodes (default: the nested_pool fixture). */
  nodesBody: unknown;
  getLockedNodes(): Promise<unknown>;
}

export function fakeClient(): FakeClient {
  const calls: FakeClient["calls"] = [];
  const statuses = new Map<string, unknown[]>();
  const failNext = new Map<string, Error>();
  const record = (method: string, args: unknown[]) => {
    calls.push({ method, args });
    const failure = failNext.get(method);
    if (failure) {
      failNext.delete(method);
      throw failure;
    }
  };
  const status = (id: string) => {
    const list = statuses.get(id);
    if (!list) throw httpError("getExperimentStatus", 400, `Experiment ${id} not found`);
    return wire(list.length > 1 ? list.shift() : list[0]);
  };
  const client = {
    calls,
    statuses,
    failNext,
    nodesBody: fixture("nodes/nested_pool.json").body,
    async healthcheck() {
      record("healthcheck", []);
      return true;
    },
    async getNodes() {
      record("getNodes", []);
      return wire(client.nodesBody);
    },
    async getExperiments() {
      record("getExperiments", []);
      const body = fixture("status/experiments_list.json").body as Record<string, unknown>;
      return new Map(Object.entries(body).map(([k, v]) => [k, wire(v)]));
    },
    async getExperimentStatus(id: string) {
      record("getExperimentStatus", [id]);
      return status(id);
    },
    async prepareExperiment(experiment: unknown, id: string, context?: unknown) {
      record("prepareExperiment", [experiment, id, context]);
      return id;
    },
    async startExecution(id: string, context?: unknown) {
      record("startExecution", [id, context]);
      return id;
    },
    async cancelExperiment(id: string, context?: unknown) {
      record("cancelExperiment", [id, context]);
      return "Executors cancellation started";
    },
    async cancelExecutors(ids: readonly string[], context?: unknown) {
      record("cancelExecutors", [ids, context]);
      return "Executors cancellation started";
    },
    async deleteExperiment(id: string) {
      record("deleteExperiment", [id]);
    },
    async getFlagValues(id: string, flag: string) {
      record("getFlagValues", [id, flag]);
      return wire(fixture("flags/both.json").body);
    },
    async setFlagValues(id: string, flag: string, values: unknown) {
      record("setFlagValues", [id, flag, values]);
    },
    async getLockedNodes() {
      record("getLockedNodes", []);
      return [{ node_name: "node-a", username: "other", connector: "docker" }];
    },
  };
  return client as unknown as FakeClient;
}
