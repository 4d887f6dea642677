// The package root: the fetch-only core. Each line re-exports one area's barrel.
export * from "./errors.js";
export type * from "./base-client.js";
export * from "./model/index.js";
export * from "./client/index.js";
export * from "./pickle/index.js";
export * from "./graph/index.js";
