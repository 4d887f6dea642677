// Deno: the core reads the golden fixtures made by the real netunicorn Python code exactly as it
// does under Node: every pickle's canonical view, and every FINISHED status body's results.
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { decodeBase64, decodeDeploymentResult, DeploymentExecutionResult, ExperimentExecutionInformation, toView, unpickle } from "../../src/index.ts";

const fixtures = new URL("../fixtures/", import.meta.url);
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await Deno.readTextFile(new URL(path, fixtures)));
}

async function jsonFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir, fixtures))) if (entry.name.endsWith(".json")) names.push(entry.name);
  return names.sort();
}

interface PickleFixture {
  name: string;
  protocol: number;
  pickle_b64: string;
  view: unknown;
}

Deno.test("pickle fixtures: the canonical view of every pickle, every protocol", async () => {
  let count = 0;
  for (const file of await jsonFiles("pickles/")) {
    for (const entry of (await readJson(`pickles/${file}`)) as PickleFixture[]) {
      const view = toView(unpickle(decodeBase64(entry.pickle_b64)));
      deepStrictEqual(plain(view), plain(entry.view), `${entry.name} protocol ${entry.protocol}`);
      count++;
    }
  }
  ok(count > 50, `only ${count} pickles read`);
});

interface StatusFixture {
  body: unknown;
  expected_results?: { node: string; error: string | null; result: unknown; logs: string[] | null }[];
}

Deno.test("status fixtures: decoded results of every FINISHED experiment", async () => {
  let count = 0;
  for (const file of await jsonFiles("status/")) {
    const fixture = (await readJson(`status/${file}`)) as StatusFixture;
    if (fixture.expected_results === undefined) continue;
    const info = ExperimentExecutionInformation.fromJSON(fixture.body);
    ok(Array.isArray(info.executionResult), file);
    const views = (info.executionResult as DeploymentExecutionResult[]).map((r) => plain(decodeDeploymentResult(r).view()));
    deepStrictEqual(views, plain(fixture.expected_results), file);
    count++;
  }
  equal(count >= 3, true, `only ${count} FINISHED fixtures`);
});
