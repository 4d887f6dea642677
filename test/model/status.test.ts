import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DeploymentExecutionResult,
  ExperimentExecutionInformation,
  ExperimentStatus,
  experimentStatusName,
  experimentStatusPythonName,
  parseExperimentStatus,
} from "../../src/model/index.js";
import { FIXTURES, readFixture } from "./fixtures.js";
import { decodeDeploymentResult } from "../../src/pickle/results.js";

describe("ExperimentStatus", () => {
  it("has netunicorn's numbers and names", () => {
    expect(ExperimentStatus).toEqual({ UNKNOWN: 0, PREPARING: 1, READY: 2, RUNNING: 3, FINISHED: 4 });
    expect(experimentStatusName(3)).toBe("RUNNING");
    expect(experimentStatusName(5)).toBeUndefined();
    expect(experimentStatusName(1.5)).toBeUndefined();
    expect(experimentStatusPythonName(ExperimentStatus.RUNNING)).toBe("ExperimentStatus.RUNNING");
  });

  it("parses the forms the server writes", () => {
    expect(parseExperimentStatus("ExperimentStatus.RUNNING")).toBe(3);
    expect(parseExperimentStatus("finished")).toBe(4);
    expect(parseExperimentStatus("0")).toBe(0);
    expect(parseExperimentStatus(2)).toBe(2);
    expect(parseExperimentStatus("ExperimentStatus.PAUSED")).toBeUndefined();
    expect(parseExperimentStatus(7)).toBeUndefined();
  });
});

describe("DeploymentExecutionResult", () => {
  it("decodeDeploymentResult() reads the result pickle as netunicorn's executor wrote it", () => {
    const fixture = readFixture<{ body: unknown; expected_results: Array<{ node: string; error: string | null; logs: string[] | null }> }>(
      "status",
      "finished_with_failures.json",
    );
    const info = ExperimentExecutionInformation.fromJSON(fixture.body);
    const results = info.executionResult as DeploymentExecutionResult[];
    expect(results.map((r) => r.node.name)).toEqual(fixture.expected_results.map((e) => e.node));
    results.forEach((result, i) => {
      const decoded = decodeDeploymentResult(result);
      expect(decoded.error).toBe(fixture.expected_results[i]!.error);
      const logs = fixture.expected_results[i]!.logs;
      if (logs !== null) expect([...decoded.logs]).toEqual(logs);
    });
  });

  it("keeps new bytes given to it", () => {
    const info = ExperimentExecutionInformation.fromJSON(readFixture<{ body: unknown }>("status", "finished_success.json").body);
    const result = (info.executionResult as DeploymentExecutionResult[])[0]!;
    result.result = new Uint8Array([1, 2, 3]);
    result.executionGraph = new Uint8Array([4]);
    expect(result.toJSON()).toMatchObject({ result: "AQID", execution_graph: "BA==" });
    result.result = null;
    expect(result.toJSON().result).toBeNull();
  });
});

// The repository's fixtures are a verbatim copy of ../shared/fixtures: check, when that folder exists.
const SHARED = join(FIXTURES, "..", "..", "..", "shared", "fixtures");
// The library catalog and its golden bodies (reference-docstrings.json is reading only, not copied).
const SHARED_LIBRARY = join(FIXTURES, "..", "..", "..", "shared", "library");

function listFiles(root: string, prefix = ""): string[] {
  return readdirSync(join(root, prefix))
    .flatMap((name) => {
      const relative = prefix === "" ? name : `${prefix}/${name}`;
      return statSync(join(root, relative)).isDirectory() ? listFiles(root, relative) : [relative];
    })
    .sort();
}

describe("fixtures", () => {
  // test/fixtures-manifest.json holds the sha256 of every file as copied from ../shared/fixtures:
  // on a fresh clone without ../shared this still proves nobody edited a fixture.
  const manifest = JSON.parse(readFileSync(join(FIXTURES, "..", "fixtures-manifest.json"), "utf8")) as Record<string, string>;

  /** Each file's sha256 equals the manifest's (the manifest was written from ../shared at copy time). */
  const matchesManifest = (files: string[]) => {
    for (const file of files) {
      const digest = createHash("sha256").update(readFileSync(join(FIXTURES, file))).digest("hex");
      expect(digest, file).toBe(manifest[file]);
    }
  };

  it("test/fixtures matches its manifest (no fixture edited since the copy)", () => {
    const ours = listFiles(FIXTURES);
    expect(ours).toEqual(Object.keys(manifest).sort());
    matchesManifest(ours);
  });

  // With ../shared beside the repository: byte for byte. A fresh clone alone has no ../shared: the
  // test still runs and asserts, against the manifest's digests of the same files (never a silent pass).
  it("test/fixtures equals ../shared/fixtures byte for byte (without ../shared: the manifest's digests)", () => {
    const ours = listFiles(FIXTURES).filter((file) => !file.startsWith("library/"));
    if (!existsSync(SHARED)) {
      expect(ours.length).toBeGreaterThan(0);
      return matchesManifest(ours);
    }
    expect(ours).toEqual(listFiles(SHARED));
    for (const file of ours) {
      expect(readFileSync(join(FIXTURES, file)).equals(readFileSync(join(SHARED, file))), file).toBe(true);
    }
  });

  it("test/fixtures/library holds verbatim copies of ../shared/library's catalog, README and golden bodies (without ../shared: the manifest's digests)", () => {
    const ours = listFiles(join(FIXTURES, "library"));
    if (!existsSync(SHARED_LIBRARY)) {
      expect(ours.length).toBeGreaterThan(0);
      return matchesManifest(ours.map((file) => `library/${file}`));
    }
    expect(ours).toEqual(listFiles(SHARED_LIBRARY).filter((file) => file !== "reference-docstrings.json"));
    for (const file of ours) {
      expect(readFileSync(join(FIXTURES, "library", file)).equals(readFileSync(join(SHARED_LIBRARY, file))), file).toBe(true);
    }
  });
});
