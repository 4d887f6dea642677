/** RemoteClient against the sandbox served over real HTTP on 127.0.0.1 (serveSandbox, node:http). */
import { afterEach, beforeEach, describe } from "vitest";
import { serveSandbox, type ServedSandbox } from "../../mcp/serve-sandbox.js";
import { RemoteClient } from "../../src/client/index.js";
import { createManualClock } from "../../src/sandbox/index.js";
import { clientSuite, type SuiteTarget } from "./client-suite.js";

let served: ServedSandbox;
let current: SuiteTarget;

beforeEach(async () => {
  const clock = createManualClock();
  served = await serveSandbox({ now: clock.now, timing: { preparationMs: 200, executionMs: 300, executorsStartMs: 50, cancelMs: 100 } });
  current = {
    client: (login, password = `${login}-password`) => new RemoteClient({ endpoint: served.url, login, password, retry: false }),
    advance: clock.advance,
  };
});

afterEach(async () => {
  await served.close();
});

describe("RemoteClient ↔ sandbox over HTTP on 127.0.0.1", () => clientSuite(() => current));
