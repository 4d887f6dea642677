// vitest's happy-dom environment, with modules transformed as for Node ("ssr") instead of as for
// a browser page ("client"). The globals are the point (fetch, Request, Response, Headers, URL,
// AbortController/AbortSignal... are happy-dom's); the client transform would also rewrite
// `new URL("../fixtures/x.json", import.meta.url)` into a URL on happy-dom's page origin
// (http://localhost:3000/...), so the suites could no longer read their fixtures from disk.
import { builtinEnvironments, type Environment } from "vitest/runtime";

const happyDom = builtinEnvironments["happy-dom"];

const environment: Environment = { ...happyDom, name: "happy-dom-ssr", viteEnvironment: "ssr" };
export default environment;
