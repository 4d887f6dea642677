/** Status fixtures (real netunicorn bodies, test/fixtures/status) as ExperimentExecutionInformation. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Experiment, ExperimentExecutionInformation, ExperimentStatus } from "../../src/index.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

export interface StatusFixture {
  body: unknown;
  experiment_name: string;
}

export function statusFixture(name: string): StatusFixture {
  return JSON.parse(readFileSync(join(FIXTURES, "status", `${name}.json`), "utf8")) as StatusFixture;
}

export function statusInfo(name: string): ExperimentExecutionInformation {
  return ExperimentExecutionInformation.fromJSON(statusFixture(name).body);
}

interface LibraryFixture {
  body: unknown;
  expected_graphs: { node: string; expected_graph: { nodes: { kind: string; task_name?: string; task_class?: string }[] } }[];
}

/** A golden library prepare body with Python's summary of each deployment's graph. */
export function libraryFixture(name: string): LibraryFixture {
  return JSON.parse(readFileSync(join(FIXTURES, "library", "experiments", `${name}.json`), "utf8")) as LibraryFixture;
}

/** A golden library prepare body (test/fixtures/library/experiments) as a RUNNING experiment with no results yet. */
export function runningLibraryExperiment(name: string): ExperimentExecutionInformation {
  const fixture = libraryFixture(name);
  return new ExperimentExecutionInformation(ExperimentStatus.RUNNING, Experiment.fromJSON(fixture.body), null);
}

/** A small RFC 4180 reader for tests (quoted fields, doubled quotes, CRLF). */
export function parseCSV(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}
