import { describe, expect, it } from "vitest";
import { DeploymentExecutionResult, Experiment, ExperimentExecutionInformation, ExperimentStatus, Node, Pipeline, task } from "../../src/index.js";
import { resultRows, seriesPoints, summarizeRows, type ResultRow } from "../../src/results/index.js";
import { libraryFixture, runningLibraryExperiment, statusInfo } from "./helpers.js";
import { pingWorld, runPingExperiments } from "./ping-experiment.js";
import { decodeDeploymentResult, toView } from "../../src/pickle/index.js";
import { compactDataclasses } from "../../src/pickle/view-dataclass.js";

const brief = (rows: ResultRow[]): string[] => rows.map((r) => `${r.node} | ${r.task} | ${r.run} | ${r.state}`);

describe("resultRows on real netunicorn status bodies", () => {
  it("gives one row per node × task × run with failures, weak-edge reruns, not-run tasks and a failed preparation", () => {
    const rows = resultRows(statusInfo("finished_with_failures"), { experiment: "exp-failures" });
    expect(brief(rows)).toEqual([
      "lab-amd64-a | explode | 0 | failed",
      "lab-amd64-a | explicit-failure | 0 | failed",
      "lab-amd64-a | legacy-shell | 0 | failed",
      "lab-amd64-a | chatty | 0 | ok",
      "rpi-arm64-07 | greet | 0 | ok",
      "rpi-arm64-07 | explode | 0 | failed",
      "rpi-arm64-07 | recover | 0 | failed",
      "rpi-arm64-07 | never-runs | 0 | not run",
      "rpi-arm64-07 | tick | 0 | ok",
      "rpi-arm64-07 | tick | 1 | ok",
      "rpi-arm64-07 | tick | 2 | ok",
      "rpi-arm64-07 | final | 0 | ok",
      "rpi-arm64-07 | final | 1 | ok",
      "rpi-arm64-07 | final | 2 | ok",
      "mystery-box | dummy | 0 | preparation failed",
      "edge-amd64-01 | Ping #1 | 0 | failed",
      "edge-amd64-01 | sleep | 0 | not run",
    ]);
    expect(rows.every((r) => r.experiment === "exp-failures")).toBe(true);
    const ping = rows.find((r) => r.task === "Ping #1")!;
    // an unnamed library task: its class and position, the UUID kept as taskId
    expect(ping.taskId).toBe("1292dece-2525-4cd6-ab3e-743ede07e34d");
    expect(ping.taskClass).toBe("netunicorn.library.tasks.measurements.ping.PingLinuxImplementation");
    expect(ping.architecture).toBe("linux/amd64");
    expect(ping.error).toMatch(/^Traceback \(most recent call last\):\n[^]*FileNotFoundError: \[Errno 2\] No such file or directory: 'ping'\n$/);
    expect(ping.fields).toEqual({}); // the traceback is the error, not a column
    const explicit = rows.find((r) => r.task === "explicit-failure")!;
    expect(explicit.fields).toEqual({ reason: "threshold exceeded", value: 97.5 });
    expect(JSON.parse(explicit.error!)).toEqual({ reason: "threshold exceeded", value: 97.5 });
    const prep = rows.find((r) => r.node === "mystery-box")!;
    expect(prep.error).toBe("Unknown architecture for docker container: unknown");
    expect(rows.filter((r) => r.task === "tick").map((r) => r.fields)).toEqual([{ value: 1 }, { value: 2 }, { value: 3 }]);
  });

  it("turns dicts of scalars into columns, keeps nested values as JSON columns and the whole view in value", () => {
    const rows = resultRows(statusInfo("finished_success"));
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(["ok"]));
    const collect = rows.find((r) => r.task === "collect" && r.node === "edge-amd64-01")!;
    expect(collect.fields).toEqual({ host: "8.8.8.8", rtt_ms: "[12.5,13,11.75]", ok: true, loss: 0 });
    expect(collect.value).toEqual({ host: "8.8.8.8", rtt_ms: [12.5, 13.0, 11.75], ok: true, loss: 0.0 });
    const numbers = rows.find((r) => r.task === "numbers")!;
    expect(numbers.fields).toEqual({}); // a list: no columns, its view kept whole
    expect(numbers.value).toContainEqual({ $int: "18446744073709551633" });
    const points = seriesPoints([collect]);
    expect(points.map((p) => [p.field, p.index, p.value])).toEqual([["rtt_ms", 0, 12.5], ["rtt_ms", 1, 13], ["rtt_ms", 2, 11.75]]);
  });

  it("reads a by-value __main__ dataclass as columns", () => {
    const [row] = resultRows(statusInfo("finished_by_value_result"));
    expect(row!.fields).toEqual({ sensor: "thermo-1", values: "[20.5,21]", when: "2024-07-04" });
  });

  it("never reads a RUNNING experiment as failed: every node × task is 'not finished'", () => {
    const rows = resultRows(statusInfo("running"));
    expect(rows.length).toBe(6);
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(["not finished"]));
    expect(rows.every((r) => r.error === null && r.value === null)).toBe(true);
    expect(summarizeRows(rows).nodes.every((n) => n.failed.length === 0)).toBe(true);
  });

  it("names unnamed library tasks by class and position in a golden library experiment", () => {
    const rows = resultRows(runningLibraryExperiment("task_names"));
    const first = rows.filter((r) => r.node === rows[0]!.node);
    expect(first.map((r) => r.task)).toEqual(["SleepTask #1", "sleep-named", "ShellCommand #1", "dummy-named", "Ping #1", "capture-named", "analysis-named", "SleepTask #2"]);
    // ids and classes as Python's unpickled graph has them (the fixture's expected_graphs)
    const expected = libraryFixture("task_names").expected_graphs[0]!.expected_graph.nodes.filter((n) => n.kind === "task");
    expect(first.map((r) => [r.taskId, r.taskClass])).toEqual(expected.map((n) => [n.task_name, n.task_class]));
    expect(first.find((r) => r.task === "Ping #1")!.taskId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(["not finished"]));
  });

  it("gives a whole-execution error string to every task as 'failed'", () => {
    const info = statusInfo("finished_error_string");
    const rows = resultRows(info);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.state === "failed" && r.error === info.executionResult)).toBe(true);
  });

  it("reads a cancelled deployment ('Executor was stopped', no result) as cancelled, and a preparing one as not finished", () => {
    const finished = statusInfo("finished_with_failures");
    const [first] = finished.executionResult as DeploymentExecutionResult[];
    const stopped = new DeploymentExecutionResult({ node: first!.node, executionGraph: first!.executionGraph, result: null, error: "Executor was stopped" });
    const rows = resultRows(new ExperimentExecutionInformation(ExperimentStatus.FINISHED, finished.experiment, [stopped]));
    const lab = rows.filter((r) => r.node === "lab-amd64-a");
    expect(lab.map((r) => r.state)).toEqual(["cancelled", "cancelled", "cancelled", "cancelled"]);
    expect(summarizeRows(lab).nodes[0]!.failed[0]).toEqual({ task: "explode", state: "cancelled", reason: "Executor was stopped" });
    // the other deployments have no entry in this FINISHED result list: they never ran
    expect(rows.find((r) => r.node === "rpi-arm64-07")!.state).toBe("not run");
    expect(rows.find((r) => r.node === "mystery-box")!.state).toBe("preparation failed");
    expect(new Set(resultRows(statusInfo("preparing")).map((r) => r.state))).toEqual(new Set(["not finished"]));
  });

  it("says which node's result could not be decoded instead of throwing", () => {
    const finished = statusInfo("finished_with_failures");
    const [first] = finished.executionResult as DeploymentExecutionResult[];
    const broken = new DeploymentExecutionResult({ node: first!.node, executionGraph: first!.executionGraph, result: new Uint8Array([0x80, 5, 0x95]), error: null });
    const rows = resultRows(new ExperimentExecutionInformation(ExperimentStatus.FINISHED, null, [broken]));
    expect(rows.length).toBe(4);
    expect(rows.every((r) => r.state === "failed" && /^resultRows: the result of node lab-amd64-a could not be decoded: /.test(r.error!))).toBe(true);
  });
});

describe("summarizeRows", () => {
  it("gives count, failed, min, median, p95, max and mean per task and numeric column, and per node the failures' reasons", () => {
    const summary = summarizeRows(resultRows(statusInfo("finished_with_failures")));
    expect(summary.columns).toContainEqual({ task: "tick", column: "value", unit: null, count: 3, failed: 0, min: 1, median: 2, p95: 2.9, max: 3, mean: 2 });
    // explicit Failure values are not measurements: no numbers from failed rows
    expect(summary.columns.find((c) => c.task === "explicit-failure")).toBeUndefined();
    const lab = summary.nodes.find((n) => n.node === "lab-amd64-a")!;
    expect(lab.failed).toEqual([
      { task: "explode", state: "failed", reason: "ValueError: sensor offline on purpose" },
      { task: "explicit-failure", state: "failed", reason: '{"reason":"threshold exceeded","value":97.5}' },
      { task: "legacy-shell", state: "failed", reason: "subprocess.CalledProcessError: Command 'exit 3' returned non-zero exit status 3." },
    ]);
    expect(summary.nodes.find((n) => n.node === "mystery-box")!.failed).toEqual([
      { task: "dummy", state: "preparation failed", reason: "Unknown architecture for docker container: unknown" },
    ]);
    expect(summary.nodes.map((n) => n.node)).toEqual(["lab-amd64-a", "rpi-arm64-07", "mystery-box", "edge-amd64-01"]);
  });

  it("computes median and p95 like numpy.percentile (linear) and counts failures per task", () => {
    const row = (node: string, state: ResultRow["state"], avg: number | null): ResultRow => ({
      experiment: "e", node, architecture: "", task: "Ping #1", taskId: "t", taskClass: null, run: 0, state, error: state === "ok" ? null : "boom\nmore",
      fields: avg === null ? {} : { avg_rtt: avg, unit_rtt: "ms" }, units: avg === null ? {} : { avg_rtt: "ms" }, value: null,
    });
    const rows = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((v, i) => row(`n${i}`, "ok", v));
    rows.push(row("bad", "failed", null), row("later", "not finished", null));
    const [column] = summarizeRows(rows).columns;
    expect(column).toEqual({ task: "Ping #1", column: "avg_rtt", unit: "ms", count: 10, failed: 1, min: 10, median: 55, p95: expect.closeTo(95.5, 10), max: 100, mean: 55 });
    expect(summarizeRows(rows).nodes.find((n) => n.node === "bad")!.failed).toEqual([{ task: "Ping #1", state: "failed", reason: "boom" }]);
  });
});

describe("rows of a library Ping on the sandbox", () => {
  it("are PingResult columns with units, identical for the same nodes and experiment in a new sandbox, the view as compactDataclasses shows it", async () => {
    const run = async () => resultRows((await runPingExperiments({ nodes: 8, pings: 2, count: 6 }))[0]!.info, { experiment: "ping" });
    const [first, second] = [await run(), await run()];
    const strip = (rows: ResultRow[]) => rows.map(({ taskId: _id, ...rest }) => rest);
    expect(strip(second)).toEqual(strip(first));
    expect(first[0]!.taskId).not.toBe(second[0]!.taskId); // random UUID names: values do not depend on them
    const ok = first.filter((r) => r.state === "ok");
    expect(ok.length).toBe(16);
    for (const row of ok) {
      expect(Object.keys(row.fields)).toEqual(["host", "packets", "packet_loss", "min_rtt", "avg_rtt", "max_rtt", "stddev_rtt", "unit_rtt", "unparsed_output", "raw_output"]);
      expect(row.units).toEqual({ min_rtt: "ms", avg_rtt: "ms", max_rtt: "ms", stddev_rtt: "ms" });
      expect(row.fields.raw_output).toMatch(/simulated/);
      expect(row.taskClass).toBe("netunicorn.library.tasks.measurements.ping.PingLinuxImplementation");
    }
    expect(new Set(ok.map((r) => r.fields.avg_rtt)).size).toBe(16);
    // the rows' value is the compacted view of the decoded value
    const info = (await runPingExperiments({ nodes: 2, pings: 1 }))[0]!.info;
    const decoded = decodeDeploymentResult((info.executionResult as DeploymentExecutionResult[])[0]!);
    const [runs] = [...decoded.tasks.values()];
    expect(resultRows(info)[0]!.value).toEqual(compactDataclasses(toView(runs![0]!.value)));
    // per-packet points
    const points = seriesPoints([ok[0]!]).filter((p) => p.field === "packets.time");
    expect(points.map((p) => p.value)).toEqual((JSON.parse(ok[0]!.fields.packets as string) as { time: number }[]).map((p) => p.time));
  });
});

describe("rows while a sandbox Ping runs, and after a cancel", () => {
  it("RUNNING: every node 'not finished', no failure, nothing to chart yet", async () => {
    const info = (await runPingExperiments({ nodes: 4, pings: 2, stopRunning: true }))[0]!.info;
    expect(info.status).toBe(ExperimentStatus.RUNNING);
    const rows = resultRows(info);
    expect(rows.map((r) => `${r.node} ${r.task} ${r.state}`)).toEqual(
      ["node-0000", "node-0001", "node-0002", "node-0003"].flatMap((n) => [`${n} Ping #1 not finished`, `${n} Ping #2 not finished`]),
    );
    expect(summarizeRows(rows).nodes.flatMap((n) => n.failed)).toEqual([]);
  });

  it("a cancelled experiment's deployments read 'cancelled' with netunicorn's 'Executor was stopped'", async () => {
    const world = await pingWorld({ nodes: 3 });
    await world.start("to-cancel");
    await world.client.cancelExperiment("to-cancel");
    world.clock.advance(120_000);
    const info = await world.client.getExperimentStatus("to-cancel");
    expect(info.status).toBe(ExperimentStatus.FINISHED);
    const rows = resultRows(info);
    expect(rows.map((r) => [r.node, r.task, r.state, r.error])).toEqual(
      ["node-0000", "node-0001", "node-0002"].map((n) => [n, "Ping #1", "cancelled", "Executor was stopped"]),
    );
  });
});

describe("display names of graphs built here", () => {
  it("a core task without a name (`<class name>-<8 hex>`) reads as its class and position; a named one keeps its name", () => {
    const node = Node.fromJSON({ name: "n1", properties: { "netunicorn-environments": ["DockerImage"] }, additional_properties: {}, architecture: "linux/amd64" });
    const pipeline = new Pipeline([task("labtasks.Probe"), task("labtasks.Probe"), task("labtasks.Probe", { name: "probe-named" })]);
    const info = new ExperimentExecutionInformation(ExperimentStatus.RUNNING, new Experiment().append(node, pipeline), null);
    const rows = resultRows(info);
    expect(rows.map((r) => r.task)).toEqual(["Probe #1", "Probe #2", "probe-named"]);
    expect(rows[0]!.taskId).toMatch(/^Probe-[0-9a-f]{8}$/);
    expect(rows.every((r) => r.taskClass === "labtasks.Probe" && r.state === "not finished")).toBe(true);
  });
});
