/**
 * Resources (fixed, listed experiments, templates) and completions, against the sandbox through
 * the SDK's own client: what a client attaches to a conversation and what it offers as the user
 * types a name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBackend } from "../../mcp/backend.js";
import { parseConfig } from "../../mcp/config.js";
import { type Connected, call, connect } from "./helpers.js";
import { runLifecycle } from "./lifecycle.js";

let mcp: Connected;

beforeAll(async () => {
  const backend = makeBackend(parseConfig([], { NETUNICORN_SANDBOX_FAST: "1" }));
  mcp = await connect(backend.client, { sandbox: true });
  await runLifecycle(mcp.client, "res-1");
  await call(mcp.client, "prepare_experiment", { experiment_id: "ping demo", nodes: { names: ["node-c"] }, pipeline: [{ sleep: 1 }] });
});
afterAll(async () => {
  await mcp.close();
});

async function readJson(uri: string): Promise<unknown> {
  const { contents } = await mcp.client.readResource({ uri });
  expect(contents[0]).toMatchObject({ uri, mimeType: "application/json" });
  return JSON.parse((contents[0] as { text: string }).text);
}

describe("resources", () => {
  it("the server says it has resources, prompts and completions", () => {
    expect(mcp.client.getServerCapabilities()).toMatchObject({ resources: {}, prompts: {}, completions: {} });
  });

  it("lists the node list, the library catalog and this user's experiments", async () => {
    const { resources } = await mcp.client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris.slice(0, 2)).toEqual(["netunicorn://nodes", "netunicorn://library"]);
    expect(uris).toContain("netunicorn://experiments/res-1");
    expect(uris).toContain("netunicorn://experiments/ping%2Bdemo");
  });

  it("lists six templates", async () => {
    const { resourceTemplates } = await mcp.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      "netunicorn://experiments/{name}",
      "netunicorn://experiments/{name}/results",
      "netunicorn://experiments/{name}/results.csv",
      "netunicorn://experiments/{name}/chart.svg{?task,field}",
      "netunicorn://nodes/{name}",
      "netunicorn://library/{task}",
    ]);
  });

  it("reads an experiment (status and deployments) and its decoded results", async () => {
    const experiment = (await readJson("netunicorn://experiments/res-1")) as { summary: { status_name: string; results: number }; deployments: { node: string; has_result: boolean }[] };
    expect(experiment.summary).toMatchObject({ status_name: "FINISHED", results: 2 });
    expect(experiment.deployments.map((d) => [d.node, d.has_result])).toEqual([["node-a", true], ["node-b", true]]);
    const results = (await readJson("netunicorn://experiments/res-1/results")) as { finished: boolean; deployments: { node: string; ok: boolean; tasks: { name: string }[] }[] };
    expect(results.finished).toBe(true);
    expect(results.deployments.map((d) => [d.node, d.ok, d.tasks.map((t) => t.name).sort()])).toEqual([
      ["node-a", true, ["dummy", "nap", "ping"]],
      ["node-b", true, ["dummy", "nap", "ping"]],
    ]);
  });

  it("reads an experiment listed under an encoded name, and says results wait for FINISHED", async () => {
    const results = (await readJson("netunicorn://experiments/ping%2Bdemo/results")) as { finished: boolean; note: string };
    expect(results).toMatchObject({ finished: false });
    expect(results.note).toMatch(/no results before FINISHED/);
  });

  it("reads the node list, one node, the catalog and one library task", async () => {
    const nodes = (await readJson("netunicorn://nodes")) as { name: string }[];
    expect(nodes.map((n) => n.name)).toContain("rpi-arm64-01");
    expect(await readJson("netunicorn://nodes/rpi-arm64-01")).toMatchObject({ name: "rpi-arm64-01", architecture: "linux/arm64" });
    const catalog = (await readJson("netunicorn://library")) as { name: string; path: string; parameters: string[] }[];
    expect(catalog.length).toBeGreaterThan(50);
    const ping = catalog.find((t) => t.name === "Ping")!;
    expect(ping.path).toMatch(/ping/i);
    expect(await readJson("netunicorn://library/Ping")).toMatchObject({ name: "Ping", kind: expect.stringMatching(/task|dispatcher/) });
  });

  it("an unknown experiment, node, task or URI is a clear error", async () => {
    await expect(mcp.client.readResource({ uri: "netunicorn://experiments/ghost" })).rejects.toThrow(/Experiment ghost not found/);
    await expect(mcp.client.readResource({ uri: "netunicorn://nodes/nope" })).rejects.toThrow(/no node named "nope"/);
    await expect(mcp.client.readResource({ uri: "netunicorn://library/NoSuchTask" })).rejects.toThrow(/NoSuchTask/);
    await expect(mcp.client.readResource({ uri: "netunicorn://elsewhere" })).rejects.toThrow(/unknown resource/);
  });
});

describe("completions", () => {
  const complete = async (ref: { type: "ref/resource"; uri: string } | { type: "ref/prompt"; name: string }, name: string, value: string) =>
    (await mcp.client.complete({ ref, argument: { name, value } })).completion;

  it("experiment names for the experiment templates and the diagnosis prompt", async () => {
    expect((await complete({ type: "ref/resource", uri: "netunicorn://experiments/{name}" }, "name", "res")).values).toEqual(["res-1"]);
    expect((await complete({ type: "ref/prompt", name: "diagnose_experiment" }, "experiment", "PING")).values).toEqual(["ping+demo"]);
  });

  it("node names for the node template, and the last item of a prompt's node list", async () => {
    expect((await complete({ type: "ref/resource", uri: "netunicorn://nodes/{name}" }, "name", "rpi")).values).toEqual(["rpi-arm64-01"]);
    const list = await complete({ type: "ref/prompt", name: "compare_command" }, "nodes", "node-a, node-");
    expect(list.values).toEqual(["node-a, node-b", "node-a, node-c"]);
  });

  it("a name typed in full comes first, and only the task names users write are offered (no implementation classes)", async () => {
    const ref = { type: "ref/resource" as const, uri: "netunicorn://library/{task}" };
    const ping = await complete(ref, "task", "Ping");
    expect(ping.values[0]).toBe("Ping");
    expect(ping.values).toContain("PingTest");
    expect((await complete(ref, "task", "ping")).values[0]).toBe("Ping");
    expect((await complete(ref, "task", "PingL")).values).toEqual([]);
    const all = await complete(ref, "task", "");
    expect(all.values.filter((v) => /Implementation$/.test(v))).toEqual([]);
    expect(all.values).toEqual(expect.arrayContaining(["Ping", "ShellCommand", "tcpdump.StartCapture"]));
  });

  it("library task names, and nothing for arguments that have no list", async () => {
    const tasks = await complete({ type: "ref/resource", uri: "netunicorn://library/{task}" }, "task", "Pi");
    expect(tasks.values).toContain("Ping");
    expect(tasks.values.every((t) => t.toLowerCase().startsWith("pi"))).toBe(true);
    expect((await complete({ type: "ref/prompt", name: "measure_network" }, "metric", "t")).values).toEqual(["throughput"]);
    expect((await complete({ type: "ref/prompt", name: "measure_network" }, "target", "1.")).values).toEqual([]);
  });
});
