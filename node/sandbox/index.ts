/**
 * `netunicorn/sandbox` under the "node" export condition (Node, Deno's and Bun's npm support):
 * everything of the fetch-only sandbox (src/sandbox) plus `serveSandbox`, which serves it on a
 * real port with node:http. Browsers and other runtimes get src/sandbox alone (no node:*), and
 * serve `sandbox.fetch` with their own server (`Deno.serve(sandbox.fetch)`, a service worker...).
 */
export * from "../../src/sandbox/index.js";
export * from "./serve-sandbox.js";
