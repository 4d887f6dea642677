// netunicorn-library over MCP: find_library_tasks by purpose; prepare_experiment with a library
// task by name, its arguments checked before any request, and nodes it cannot run on named.
import { afterEach, describe, expect, it } from "vitest";
import { type Experiment, Nodes } from "../../src/model/index.js";
import { type FakeClient, fakeClient } from "./fake-client.js";
import { type Connected, call, connect } from "./helpers.js";

let open: Connected | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const node = (name: string, architecture: string) => ({
  name, properties: { "netunicorn-environments": ["DockerImage", "ShellExecution"] }, additional_properties: {}, architecture,
});

function withNodes(): FakeClient {
  const base = fakeClient();
  const body = { node_pool_type: "CountableNodePool", node_pool_data: [node("edge-1", "linux/amd64"), node("pi-2", "linux/arm64"), node("win-3", "win/amd64")], node_pool_metadata: null };
  base.getNodes = (async () => Nodes.fromJSON(body)) as never;
  return base;
}

describe("find_library_tasks", () => {
  it.each([
    ["latency", "Ping"], ["capture", "tcpdump.StartCapture"], ["speed test", "CloudflareSpeedTest"], ["upload", "UploadToFileIO"],
  ])("%s → %s first, with parameters, architectures, installs and results", async (query, first) => {
    open = await connect(fakeClient());
    const answer = await call(open.client, "find_library_tasks", { query });
    expect(answer.isError).toBe(false);
    const tasks = (answer.structured as { tasks: { name: string; parameters: unknown[]; architectures: unknown; installs: unknown[] }[] }).tasks;
    expect(tasks[0]!.name).toBe(first);
    expect(tasks[0]!.architectures).toEqual(["linux/amd64", "linux/arm64"]);
    expect(answer.text.split("\n")[0]).toMatch(new RegExp(`^- ${first.replace(".", "\\.")} \\(dispatcher`));
  });

  it("describes Ping fully: defaults, what it installs, the PingResult fields", async () => {
    open = await connect(fakeClient());
    const answer = await call(open.client, "find_library_tasks", { query: "Ping", limit: 1 });
    expect((answer.structured as { tasks: unknown[] }).tasks[0]).toMatchObject({
      name: "Ping",
      class: "netunicorn.library.tasks.measurements.ping.Ping",
      parameters: [{ name: "address", type: "str", required: true }, { name: "count", type: "int", default: 1 }],
      installs: [{ architectures: ["linux/amd64", "linux/arm64"], commands: ["sudo apt-get install -y iputils-ping"] }],
      results: [{ class: "PingResult", fields: expect.arrayContaining(["avg_rtt: float", "packet_loss: float"]) }],
    });
    expect(answer.text).toContain("count: an integer (int), default 1");
  });
});

describe("prepare_experiment with library tasks", () => {
  it('accepts {"task": "Ping", "args": {...}}: dispatched per node, its setup commands in the environment', async () => {
    const base = withNodes();
    open = await connect(base);
    const answer = await call(open.client, "prepare_experiment", {
      experiment_id: "lib", nodes: { filter: { architecture: "linux/arm64" } },
      pipeline: [{ task: "Ping", args: { address: "1.1.1.1", count: 5 }, name: "ping" }], environment: { type: "shell" },
    });
    expect(answer.isError, answer.text).toBe(false);
    expect(answer.text).toMatch(/Results: ping: results come under "[0-9a-f-]{36}" \(Ping does not pass its name to its implementation, as in Python\)/);
    const sent = base.calls.find((c) => c.method === "prepareExperiment")!.args[0] as Experiment;
    const [deployment] = [...sent];
    expect(deployment!.environmentDefinition.commands).toEqual(["sudo apt-get install -y iputils-ping", "pip install netunicorn-library"]);
    expect(new TextDecoder("latin1").decode(deployment!.executionGraph)).toContain("PingLinuxImplementation");
  });

  it("refuses a wrong parameter before any request, saying which and what is expected", async () => {
    const base = withNodes();
    open = await connect(base);
    const bad = async (args: Record<string, unknown>) =>
      call(open!.client, "prepare_experiment", { experiment_id: "lib", nodes: { names: ["edge-1"] }, pipeline: [{ task: "Ping", args }] });
    const wrongType = await bad({ address: "1.1.1.1", count: "5" });
    expect(wrongType.isError).toBe(true);
    expect(wrongType.text).toMatch(/pipeline\[0\]: .*Ping.*parameter "count" expects an integer \(int\), default 1; got the string "5"/);
    expect((await bad({ count: 5 })).text).toMatch(/missing required parameter "address"/);
    expect((await bad({ address: "1.1.1.1", cnt: 5 })).text).toMatch(/unknown parameter "cnt"; it takes address, count, and name/);
    expect((await call(open.client, "prepare_experiment", { experiment_id: "lib", nodes: { names: ["edge-1"] }, pipeline: [{ task: "Pong" }] })).text).toMatch(/no task "Pong"/);
    expect(base.calls).toHaveLength(0); // not even getNodes
  });

  it("names every node a dispatcher cannot run on before anything is sent", async () => {
    const base = withNodes();
    open = await connect(base);
    const answer = await call(open.client, "prepare_experiment", {
      experiment_id: "lib", nodes: { filter: {} }, pipeline: [{ task: "Ping", args: ["1.1.1.1"] }, { task: "NDT7SpeedTest" }],
    });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/Ping "[^"]+" has no implementation for 1 selected node\(s\): win-3 \(win\/amd64\); it runs on linux\/amd64, linux\/arm64 \(Python's dispatch raises NotImplementedError\)/);
    expect(answer.text).toMatch(/NDT7SpeedTest .* win-3 .*raises Exception\)/);
    expect(base.calls.filter((c) => c.method === "prepareExperiment")).toHaveLength(0);
  });
});
