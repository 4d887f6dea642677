/**
 * The one place where the MCP layer reaches into the core beyond BaseClient and the models:
 * the safe pickle decoder (results) and the graph summary.
 */
export { decodeDeploymentResult } from "../src/pickle/index.js";
import { summarizeExecutionGraph } from "../src/graph/index.js";

/** The summary of a pickled execution graph (class, name, flags, nodes, edges). */
export function summarizeGraph(bytes: Uint8Array): unknown {
  return summarizeExecutionGraph(bytes);
}
