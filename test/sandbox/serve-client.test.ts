/** RemoteClient against the sandbox served over real HTTP on 127.0.0.1 (serveSandbox, node:http). */
import { afterEach, beforeEach, describe } from "vitest";
import { serveSandbox, type ServedSandbox } from "../../node/sandbox/serve-sandbox.js";
import { type FetchFunction, RemoteClient } from "../../src/client/index.js";
import { createManualClock } from "../../src/sandbox/index.js";
import { clientSuite, clientSuiteMore, SUITE_TIMING, type SuiteTarget } from "./client-suite.js";

let served: ServedSandbox;
let current: SuiteTarget;

const globalFetch: FetchFunction = (input, init) => fetch(input, init);

beforeEach(async () => {
  const clock = createManualClock();
  served = await serveSandbox({ now: clock.now, timing: SUITE_TIMING });
  current = {
    client: (login, password = `${login}-password`, options = {}) =>
      new RemoteClient({
        endpoint: served.url,
        login,
        password,
        ...(options.wrap === undefined ? {} : { fetch: options.wrap(globalFetch) }),
        retry: options.retry ?? false,
      }),
    advance: clock.advance,
    expireToken: (login) => served.sandbox.expireToken(login),
  };
});

afterEach(async () => {
  await served.close();
});

describe("RemoteClient ↔ sandbox over HTTP on 127.0.0.1", () => {
  clientSuite(() => current);
  clientSuiteMore(() => current);
});
