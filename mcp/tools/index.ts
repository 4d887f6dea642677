/** Every tool of the server, in the order assistants see them. */
import type { ToolDefinition } from "./tool.js";
import { compareExperimentsTool } from "./compare.js";
import { cancelExecutors, cancelExperiment, deleteExperiment, startExecution } from "./control.js";
import { describeExperiment } from "./describe.js";
import { getExperimentStatus, getExperiments } from "./experiments.js";
import { getLockedNodes, getRecentExperiments } from "./extras.js";
import { getFlagValues, setFlagValues } from "./flags.js";
import { findLibraryTasks } from "./library.js";
import { getNodes } from "./nodes.js";
import { prepareExperiment } from "./prepare.js";
import { getExperimentResults } from "./results.js";
import { healthcheck } from "./system.js";
import { waitForExperiment } from "./wait.js";

export const ALL_TOOLS: readonly ToolDefinition[] = [
  healthcheck,
  getNodes,
  getExperiments,
  getExperimentStatus,
  describeExperiment,
  findLibraryTasks,
  prepareExperiment,
  startExecution,
  waitForExperiment,
  getExperimentResults,
  compareExperimentsTool,
  cancelExperiment,
  cancelExecutors,
  deleteExperiment,
  getFlagValues,
  setFlagValues,
  getLockedNodes,
  getRecentExperiments,
];

/** Tools that exist only when the client has the matching extra method. */
export const EXTRA_TOOL_METHODS: Readonly<Record<string, string>> = {
  get_locked_nodes: "getLockedNodes",
  get_recent_experiments: "getRecentExperiments",
};
