/**
 * A library Ping experiment run on the in-process sandbox (manual clock, no waiting): `nodes`
 * nodes, `pings` Ping tasks each (the library's default UUID names), optionally some nodes rigged
 * to fail their first task or their preparation. Used by the results tests and the bench.
 */
import { RemoteClient } from "../../src/client/index.js";
import { Pipeline } from "../../src/graph/index.js";
import { libraryTask, type LibraryDispatcher } from "../../src/library/index.js";
import { Experiment, ExperimentStatus, type ExperimentExecutionInformation, Nodes } from "../../src/model/index.js";
import { createManualClock, createSandbox, type PoolJson, type Sandbox } from "../../src/sandbox/index.js";

export interface PingExperimentOptions {
  nodes: number;
  /** Ping tasks per node (default 1). */
  pings?: number;
  /** Packets per Ping (default 5). */
  count?: number;
  /** Node names that fail their first task / their preparation. */
  failExecute?: readonly string[];
  failPrepare?: readonly string[];
  /** Experiment names to run one after the other on the same nodes (default ["ping"]). */
  experiments?: readonly string[];
  /** Stop before the executors end: the status is RUNNING. */
  stopRunning?: boolean;
}

export const nodeName = (i: number): string => `node-${String(i).padStart(4, "0")}`;

function pool(options: PingExperimentOptions): PoolJson {
  const fail = (name: string): Record<string, string> =>
    options.failExecute?.includes(name) ? { "sandbox-fail": "execute" } : options.failPrepare?.includes(name) ? { "sandbox-fail": "prepare" } : {};
  return {
    node_pool_type: "CountableNodePool",
    node_pool_data: Array.from({ length: options.nodes }, (_, i) => ({
      name: nodeName(i),
      properties: { connector: "lab", "netunicorn-environments": ["DockerImage", "ShellExecution"], ...fail(nodeName(i)) },
      additional_properties: {},
      architecture: i % 4 === 3 ? "linux/arm64" : "linux/amd64",
    })),
    node_pool_metadata: null,
  };
}

export interface PingWorld {
  client: RemoteClient;
  clock: ReturnType<typeof createManualClock>;
  sandbox: Sandbox;
  /** Prepares and starts a Ping experiment on every node (READY, then RUNNING; the clock is advanced past preparation). */
  start(name: string): Promise<void>;
}

/** A sandbox with the nodes and a client, for tests that drive the lifecycle themselves (cancel, RUNNING). */
export async function pingWorld(options: PingExperimentOptions): Promise<PingWorld> {
  const clock = createManualClock();
  // a prepare body of 10,000 deployments is past the sandbox's default 10 MB limit
  const sandbox: Sandbox = createSandbox({ now: clock.now, pool: pool(options), timing: { rowDelayMs: 0 }, maxBodyBytes: 1e9 });
  const client = new RemoteClient({ endpoint: "http://sandbox.invalid", login: "demo", password: "demo-password", fetch: sandbox.fetch });
  const nodes = [...((await client.getNodes()) as Nodes & Iterable<never>)];
  const start = async (name: string): Promise<void> => {
    const tasks = Array.from({ length: options.pings ?? 1 }, (_, i) => libraryTask("Ping", { address: `10.0.${i >> 8}.${i & 255}`, count: options.count ?? 5 }) as LibraryDispatcher);
    await client.prepareExperiment(new Experiment().map(new Pipeline(tasks), nodes), name);
    clock.advance(60_000);
    await client.startExecution(name);
  };
  return { client, clock, sandbox, start };
}

/** Runs the experiment(s); returns each one's status (FINISHED unless stopRunning) in order. */
export async function runPingExperiments(options: PingExperimentOptions): Promise<{ name: string; info: ExperimentExecutionInformation }[]> {
  const { client, clock, start } = await pingWorld(options);
  const out: { name: string; info: ExperimentExecutionInformation }[] = [];
  for (const name of options.experiments ?? ["ping"]) {
    await start(name);
    if (!options.stopRunning) clock.advance(60_000);
    const info = await client.getExperimentStatus(name);
    if (!options.stopRunning && info.status !== ExperimentStatus.FINISHED) throw new Error(`ping experiment ${name}: status ${info.statusName}`);
    out.push({ name, info });
  }
  return out;
}
