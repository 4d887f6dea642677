// Schema failures: wrong types and missing fields give a ValidationError naming the path.
import { describe, expect, it } from "vitest";
import {
  Experiment,
  ExperimentExecutionInformation,
  FlagValues,
  Nodes,
  activeCompilationsFromJSON,
  activeCompilationsToJSON,
  lockedNodesFromJSON,
  lockedNodesToJSON,
  recentExperimentsFromJSON,
  recentExperimentsToJSON,
  ExperimentStatus,
} from "../../src/model/index.js";
import { ExperimentsSchema, TokenResponseSchema, formatPath, validateBody } from "../../src/wire/index.js";
import { readFixture } from "../model/fixtures.js";
import { validationFailure } from "./helpers.js";

const failure = validationFailure;

const experimentBody = (): Record<string, any> =>
  structuredClone(readFixture<{ body: Record<string, any> }>("experiments", "mixed_deployments.json").body);
const statusBody = (): Record<string, any> =>
  structuredClone(readFixture<{ body: Record<string, any> }>("status", "finished_with_failures.json").body);

describe("ValidationError paths", () => {
  it.each([
    ["a node name of the wrong type", (b: any) => (b.deployment_map[0].node.name = 7), "deployment_map[0].node.name", /string/],
    ["a missing node", (b: any) => delete b.deployment_map[1].node, "deployment_map[1].node", /is missing/],
    ["an unknown architecture", (b: any) => (b.deployment_map[2].node.architecture = "mips"), "deployment_map[2].node.architecture", /"linux\/amd64"/],
    ["an unknown environment type", (b: any) => (b.deployment_map[0].environment_definition_type = "Vm"), "deployment_map[0].environment_definition_type", /"DockerImage"/],
    ["a DockerImage without build_context", (b: any) => delete b.deployment_map[1].environment_definition.build_context, "deployment_map[1].environment_definition.build_context", /missing/],
    ["a port that is not an integer", (b: any) => (b.deployment_map[1].environment_definition.runtime_context.ports_mapping["8080"] = "80"), 'deployment_map[1].environment_definition.runtime_context.ports_mapping["8080"]', /number/],
    ["a graph that is not base64", (b: any) => (b.deployment_map[0].execution_graph = "not base64!"), "deployment_map[0].execution_graph", /base64/],
    ["a context that is not an object", (b: any) => (b.deployment_context = "x"), "deployment_context", /Object/],
    ["a context value that is not text", (b: any) => (b.deployment_context.mininet.topology = 3), "deployment_context.mininet.topology", /string/],
  ])("Experiment: %s", (_what, mutate, path, expected) => {
    const body = experimentBody();
    mutate(body);
    const error = failure(() => Experiment.fromJSON(body));
    expect(error.path).toBe(path);
    expect(error.message).toContain("Experiment.fromJSON");
    expect(error.message).toContain(path);
    expect(error.message).toMatch(expected);
  });

  it.each([
    ["a status out of range", (b: any) => (b.status = 5), "status", /one of 0 \| 1 \| 2 \| 3 \| 4, but is 5/],
    ["a status as text", (b: any) => (b.status = "FINISHED"), "status", /received|is "FINISHED"/],
    ["a result of the wrong type", (b: any) => (b.execution_result[1].result = 12), "execution_result[1].result", /string/],
    ["an execution_result number", (b: any) => (b.execution_result = 3), "execution_result", /one of null \| string \| Array/],
    ["a missing error field", (b: any) => delete b.execution_result[0].error, "execution_result[0].error", /"execution_result\[0\]\.error" is missing/],
    ["an experiment of the wrong type", (b: any) => (b.experiment = "x"), "experiment", /should be Object, but is "x"/],
    ["a missing experiment", (b: any) => delete b.experiment, "experiment", /missing/],
  ])("ExperimentExecutionInformation: %s", (_what, mutate, path, expected) => {
    const body = statusBody();
    mutate(body);
    const error = failure(() => ExperimentExecutionInformation.fromJSON(body));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(expected);
  });

  it("tolerates unknown extra fields everywhere", () => {
    const body = statusBody();
    body.extra = 1;
    body.experiment.deployment_map[0].extra = { a: 1 };
    body.experiment.deployment_map[0].node.extra = [];
    body.execution_result[0].extra = null;
    expect(() => ExperimentExecutionInformation.fromJSON(body)).not.toThrow();
  });

  it("reads the fields Python reads with defaults (cleanup, deployment_context, network)", () => {
    const body = experimentBody();
    delete body.deployment_context;
    delete body.deployment_map[0].cleanup;
    delete body.deployment_map[0].environment_definition.runtime_context.network;
    const experiment = Experiment.fromJSON(body);
    expect(experiment.deploymentContext).toBeNull();
    expect(experiment.deploymentMap[0]!.cleanup).toBe(true);
    expect(experiment.deploymentMap[0]!.environmentDefinition.runtimeContext.network).toBeNull();
  });

  it("flags: int_value must be an integer", () => {
    expect(failure(() => FlagValues.fromJSON({ text_value: null, int_value: 1.5 })).path).toBe("int_value");
    expect(failure(() => FlagValues.fromJSON({ text_value: 3, int_value: 1 })).path).toBe("text_value");
    expect(failure(() => FlagValues.fromJSON(null)).path).toBe("");
  });

  it("names a map key that is not an identifier with brackets", () => {
    const info = statusBody();
    info.status = -1;
    const error = failure(() => validateBody(ExperimentsSchema, { "my exp": info }, "getExperiments"));
    expect(error.path).toBe('["my exp"].status');
    expect(error.message).toMatch(/^getExperiments: /);
  });

  it("carries the operation and the raw body when given, and keeps the message short", () => {
    const huge = "A".repeat(1_000_001);
    const error = failure(() =>
      validateBody(TokenResponseSchema, { access_token: 5, token_type: huge }, "login", { operation: "login", body: "{...}" }),
    );
    expect(error.operation).toBe("login");
    expect(error.body).toBe("{...}");
    expect(error.path).toBe("access_token");
    const other = failure(() => Nodes.fromJSON({ node_pool_type: "CountableNodePool", node_pool_data: [{ name: huge }] }));
    expect(other.path).toBe("node_pool_data[0].properties");
    expect(other.message.length).toBeLessThan(300);
    const base64 = failure(() => Experiment.fromJSON({ ...experimentBody(), deployment_map: [{ ...experimentBody().deployment_map[0], execution_graph: `${huge}!` }] }));
    expect(base64.message.length).toBeLessThan(300);
  });

  it("formats paths", () => {
    expect(formatPath(undefined)).toBe("");
    expect(formatPath([{ type: "array", origin: "value", input: [], key: 0, value: 1 }])).toBe("[0]");
  });
});

describe("UI extras", () => {
  it("locked nodes (the real transcript's body)", () => {
    const body = [
      { node_name: "node-b", username: "demo", connector: "local" },
      { node_name: "node-a", username: "demo", connector: "local" },
    ];
    const locks = lockedNodesFromJSON(body);
    expect(locks[0]).toEqual({ nodeName: "node-b", username: "demo", connector: "local" });
    expect(lockedNodesToJSON(locks)).toEqual(body);
    expect(failure(() => lockedNodesFromJSON([{ node_name: "x", username: "demo" }])).path).toBe("[0].connector");
    expect(lockedNodesFromJSON([])).toEqual([]);
  });

  it("recent and running experiments", () => {
    const body = [
      {
        username: "demo",
        experiment_name: "exp one",
        experiment_id: "0b62ea9d-8387-4126-9780-f7070a5928bb",
        status: "ExperimentStatus.RUNNING",
        error: null,
        creation_time: "2026-11-24 14:40:19.123456+00:00",
        start_time: "None",
        nodes: "node-a, node-b",
      },
      { username: "demo", experiment_name: "e2", experiment_id: "x", status: "ExperimentStatus.FINISHED", error: "boom", creation_time: "t", start_time: "t2", nodes: "" },
    ];
    const rows = recentExperimentsFromJSON(body);
    expect(rows[0]!.status).toBe(ExperimentStatus.RUNNING);
    expect(rows[0]!.startTime).toBeNull();
    expect(rows[0]!.nodes).toEqual(["node-a", "node-b"]);
    expect(rows[1]!.nodes).toEqual([]);
    expect(rows[1]!.status).toBe(ExperimentStatus.FINISHED);
    expect(recentExperimentsToJSON(rows)).toEqual(body);
    expect(failure(() => recentExperimentsFromJSON([{ ...body[0], status: 3 }])).path).toBe("[0].status");
  });

  it("active compilations", () => {
    const body = [{ username: null, experiment_name: null, experiment_id: "e", compilation_id: "c", architecture: "linux/amd64" }];
    expect(activeCompilationsToJSON(activeCompilationsFromJSON(body))).toEqual(body);
    expect(failure(() => activeCompilationsFromJSON({})).path).toBe("");
  });
});
