/** RemoteClient against the sandbox in-process: `sandbox.fetch` passed as the client's fetch. */
import { describe } from "vitest";
import { RemoteClient } from "../../src/client/index.js";
import { createManualClock, createSandbox } from "../../src/sandbox/index.js";
import { clientSuite, clientSuiteMore, SUITE_TIMING, type SuiteTarget } from "./client-suite.js";

function inProcess(): SuiteTarget {
  const clock = createManualClock();
  const sandbox = createSandbox({ now: clock.now, timing: SUITE_TIMING });
  return {
    client: (login, password = `${login}-password`, options = {}) =>
      new RemoteClient({
        endpoint: "http://sandbox.invalid",
        login,
        password,
        fetch: options.wrap === undefined ? sandbox.fetch : options.wrap(sandbox.fetch),
        retry: options.retry ?? false,
      }),
    advance: clock.advance,
    expireToken: (login) => sandbox.expireToken(login),
  };
}

describe("RemoteClient ↔ sandbox, in-process", () => {
  clientSuite(inProcess);
  clientSuiteMore(inProcess);
});
