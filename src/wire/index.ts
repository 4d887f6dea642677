// Wire schemas (valibot) of every body the netunicorn server sends; snake_case lives only here.
export * from "./validate.js";
export * from "./nodes.js";
export * from "./environment.js";
export * from "./experiment.js";
export * from "./status.js";
export * from "./flags.js";
export * from "./auth.js";
export * from "./extras.js";
export * from "./record.js";
