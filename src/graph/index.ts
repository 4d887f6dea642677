export {};
export {
  summarizeExecutionGraph, type ExecutionGraphSummary, type GraphSummaryEdge, type GraphSummaryNode,
} from "./summary.js";
export { ExecutionGraph, type ExecutionGraphOptions } from "./execution-graph.js";
export { Pipeline, CyclePipeline, type Stage, type CycleEdgeParams } from "./pipeline.js";
export {
  TaskReference, task, shellCommand, sleep, dummy, type TaskArgument, type TaskOptions, type TaskShortcutOptions,
} from "./task.js";
export {
  DiGraph, type GraphNode, type EdgeAttributes, type EdgeType, type TraverseOn, type Edge,
} from "./digraph.js";
export { TaskDispatcher } from "./dispatcher.js";
export { readTaskCall, type DecodedTaskCall } from "./task-call.js";
