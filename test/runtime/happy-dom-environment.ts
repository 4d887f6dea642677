// vitest's happy-dom environment, with modules transformed as for Node ("ssr") instead of as for
// a browser page ("client"). The globals are the point (fetch, Request, Response, Headers, URL,
// AbortController/AbortSignal... are happy-dom's); the client transform would also rewrite
// `new URL("../fixtures/x.json", import.meta.url)` into a URL on happy-dom's page origin
// (http://localhost:3000/...), so the suites could no longer read their fixtures from disk.
import { builtinEnvironments, type Environment } from "vitest/runtime";

const happyDom = builtinEnvironments["happy-dom"];

const environment: Environment = {
  ...happyDom,
  name: "happy-dom-ssr",
  viteEnvironment: "ssr",
  // happy-dom's page console reports every non-2xx fetch ("GET … 401 (Unauthorized)") and every
  // network error with its stack, as a browser's devtools would: noise from tests that provoke
  // those answers on purpose. vitest hands it the test's console when there is one; without one
  // happy-dom keeps its own (silent) virtual console. The tests' own console is restored at once.
  async setup(global: typeof globalThis, options) {
    const testConsole = global.console;
    (global as { console: Console | undefined }).console = undefined;
    try {
      return await happyDom.setup(global, options);
    } finally {
      global.console = testConsole;
    }
  },
};
export default environment;
