/** RemoteClient against the sandbox in-process: `sandbox.fetch` passed as the client's fetch. */
import { describe } from "vitest";
import { RemoteClient } from "../../src/client/index.js";
import { createManualClock, createSandbox } from "../../src/sandbox/index.js";
import { clientSuite, type SuiteTarget } from "./client-suite.js";

function inProcess(): SuiteTarget {
  const clock = createManualClock();
  const sandbox = createSandbox({ now: clock.now, timing: { preparationMs: 200, executionMs: 300, executorsStartMs: 50, cancelMs: 100 } });
  return {
    client: (login, password = `${login}-password`) => new RemoteClient({ endpoint: "http://sandbox.invalid", login, password, fetch: sandbox.fetch, retry: false }),
    advance: clock.advance,
  };
}

describe("RemoteClient ↔ sandbox, in-process", () => clientSuite(inProcess));
