/**
 * The one place where the MCP layer reaches into the core beyond BaseClient and the models:
 * the safe pickle decoder (results), the graph summary and base64 (pickles travel as base64).
 */
export { decodeBase64 } from "../../src/base64.js";
export { decodeDeploymentResult } from "../../src/pickle/index.js";
import { summarizeExecutionGraph } from "../../src/graph/index.js";

/** The summary of a pickled execution graph (class, name, flags, nodes, edges). */
export function summarizeGraph(bytes: Uint8Array): unknown {
  return summarizeExecutionGraph(bytes);
}
