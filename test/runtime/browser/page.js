// The page's code as a user writes it: plain JavaScript importing "netunicorn" by name. The test
// bundles it with the README's esbuild command (so this also checks that recipe), serves the
// bundle from one origin and a sandbox (with CORS) from another, and reads window.__result.
import {
  Experiment,
  ExperimentStatus,
  Pipeline,
  RemoteClient,
  decodeDeploymentResult,
  shellCommand,
  sleep,
} from "netunicorn";

const steps = [];

async function main() {
  const endpoint = new URLSearchParams(location.search).get("sandbox");
  const client = new RemoteClient({ endpoint, login: "demo", password: "demo-password" });
  steps.push("healthcheck");
  const healthy = await client.healthcheck();

  steps.push("getNodes");
  const nodes = await client.getNodes();
  // Two of the demo pool's "local" nodes (healthy ones: no simulated failure).
  const chosen = nodes.filter((n) => n.properties.connector === "local").take(2);

  steps.push("build");
  const pipeline = new Pipeline([shellCommand(["echo", "hello from a browser"], { name: "hello" })]).then(sleep(0.5, { name: "nap" }));
  const experiment = new Experiment().map(pipeline, chosen);

  const name = `browser-${Date.now()}`;
  steps.push("prepareExperiment");
  const prepared = await client.prepareExperiment(experiment, name);
  steps.push("waitForStatus READY");
  await client.waitForStatus(name, ExperimentStatus.READY, { timeoutMs: 20_000, intervalMs: 100 });
  steps.push("startExecution");
  const started = await client.startExecution(name);
  steps.push("waitForStatus FINISHED");
  const info = await client.waitForStatus(name, ExperimentStatus.FINISHED, { timeoutMs: 20_000, intervalMs: 100 });

  steps.push("decode");
  const results = (info.executionResult ?? []).map((item) => {
    const decoded = decodeDeploymentResult(item);
    // The same from raw fields, as code holding only result bytes would do it.
    const again = decodeDeploymentResult({ node: item.node, result: item.result, error: item.error });
    return { node: item.node.name, error: item.error, ok: decoded.ok, view: decoded.view(), same: JSON.stringify(again.view()) === JSON.stringify(decoded.view()) };
  });

  // A cross-origin request the server refuses to share (no CORS headers): the NetworkError names CORS.
  steps.push("cors hint");
  let corsHint = "";
  try {
    await new RemoteClient({ endpoint: `${location.origin}/no-cors`.replace("127.0.0.1", "localhost"), token: "t", retry: false }).healthcheck();
  } catch (error) {
    corsHint = `${error?.name}: ${error?.message}`;
  }
  return {
    ok: true,
    healthy,
    nodeCount: nodes.length,
    chosen: chosen.map((n) => n.name),
    prepared,
    started,
    status: info.statusName,
    results,
    corsHint,
  };
}

main()
  .then((outcome) => outcome)
  .catch((error) => ({ ok: false, steps, error: `${error?.name}: ${error?.message}`, stack: String(error?.stack) }))
  .then((outcome) => {
    // Facts about the page itself: a real browser, no Node globals, another origin than the sandbox.
    window.__result = {
      ...outcome,
      steps,
      userAgent: navigator.userAgent,
      hasProcess: typeof globalThis.process !== "undefined",
      hasBuffer: typeof globalThis.Buffer !== "undefined",
      origin: location.origin,
    };
  });
