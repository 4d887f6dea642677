// Every fixture body parses with fromJSON and toJSON() gives back a value deep-equal to it.
import { describe, expect, it } from "vitest";
import { parseServerJson } from "../../src/json.js";
import {
  DeploymentExecutionResult,
  DockerImage,
  Experiment,
  ExperimentExecutionInformation,
  ExperimentStatus,
  FlagValues,
  ShellExecution,
  experimentStatusName,
  experimentsFromJSON,
  experimentsToJSON,
} from "../../src/model/index.js";
import { decodeBase64 } from "../../src/base64.js";
import { fixtureNames, readFixture } from "./fixtures.js";

interface BodyFixture {
  body: unknown;
  body_text?: string;
  status_name?: string;
  experiment_name?: string;
}

describe.each(fixtureNames("experiments"))("experiments fixture %s", (file) => {
  const fixture = readFixture<BodyFixture>("experiments", file);

  it("round-trips", () => {
    const experiment = Experiment.fromJSON(fixture.body);
    expect(experiment.toJSON()).toEqual(fixture.body);
    // And again, after the pickles were decoded (toJSON then re-encodes them).
    for (const deployment of experiment) expect(deployment.executionGraph[0]).toBe(0x80);
    expect(JSON.parse(JSON.stringify(experiment))).toEqual(fixture.body);
  });

  it("reads the deployments as Python does", () => {
    const body = fixture.body as { deployment_map: Array<{ execution_graph: string; environment_definition_type: string }> };
    const experiment = Experiment.fromJSON(fixture.body);
    expect(experiment.length).toBe(body.deployment_map.length);
    experiment.deploymentMap.forEach((deployment, i) => {
      const wire = body.deployment_map[i]!;
      expect(deployment.environmentDefinition).toBeInstanceOf(wire.environment_definition_type === "DockerImage" ? DockerImage : ShellExecution);
      expect(deployment.executionGraph).toEqual(decodeBase64(wire.execution_graph));
      expect(deployment.prepared).toBe(false);
      expect(deployment.executorId).toBe("");
    });
  });
});

const statusFiles = fixtureNames("status").filter((name) => name !== "experiments_list.json");

describe.each(statusFiles)("status fixture %s", (file) => {
  const fixture = readFixture<BodyFixture>("status", file);

  it("round-trips (key order aside)", () => {
    const info = ExperimentExecutionInformation.fromJSON(fixture.body);
    expect(info.toJSON()).toEqual(fixture.body);
    expect(experimentStatusName(info.status)).toBe(fixture.status_name);
    expect(info.statusName).toBe(fixture.status_name);
  });

  it("keeps pickled fields as bytes", () => {
    const body = fixture.body as { execution_result: unknown };
    const info = ExperimentExecutionInformation.fromJSON(fixture.body);
    if (!Array.isArray(body.execution_result)) {
      expect(info.executionResult).toBe(body.execution_result);
      return;
    }
    const results = info.executionResult as DeploymentExecutionResult[];
    results.forEach((result, i) => {
      const wire = body.execution_result as Array<{ result: string | null; execution_graph: string; error: string | null }>;
      expect(result).toBeInstanceOf(DeploymentExecutionResult);
      expect(result.executionGraph).toEqual(decodeBase64(wire[i]!.execution_graph));
      expect(result.result).toEqual(wire[i]!.result === null ? null : decodeBase64(wire[i]!.result!));
      expect(result.error).toBe(wire[i]!.error);
    });
    expect(info.toJSON()).toEqual(fixture.body);
  });
});

describe("experiments list", () => {
  const fixture = readFixture<BodyFixture>("status", "experiments_list.json");

  it("round-trips as a Map", () => {
    const experiments = experimentsFromJSON(fixture.body);
    expect([...experiments.keys()]).toEqual(Object.keys(fixture.body as object));
    expect(experiments.get("fresh-experiment")?.status).toBe(ExperimentStatus.PREPARING);
    expect(experimentsToJSON(experiments)).toEqual(fixture.body);
  });
});

describe.each(fixtureNames("flags").filter((name) => name !== "not_found.json"))("flags fixture %s", (file) => {
  const fixture = readFixture<BodyFixture & { body_text: string }>("flags", file);

  it("round-trips", () => {
    const flags = FlagValues.fromJSON(parseServerJson(fixture.body_text));
    expect(flags.toJSON()).toEqual(fixture.body);
  });
});

describe("flags", () => {
  it("the never-set flag answer is a string, not flag values", () => {
    const fixture = readFixture<BodyFixture>("flags", "not_found.json");
    expect(typeof fixture.body).toBe("string");
    expect(() => FlagValues.fromJSON(fixture.body)).toThrow(/FlagValues.fromJSON/);
  });

  it("defaults like pydantic's FlagValues", () => {
    expect(new FlagValues().toJSON()).toEqual({ text_value: null, int_value: 0 });
    expect(new FlagValues({ textValue: "go", intValue: null }).toJSON()).toEqual({ text_value: "go", int_value: 0 });
  });
});
