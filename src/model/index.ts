// The models: nodes and pools, experiments and deployments, environments, status, flags, UI extras.
export { Architecture, Node, ENVIRONMENTS_PROPERTY, type EnvironmentKind, type NodeProperty } from "./node.js";
export { Nodes, CountableNodePool, UncountableNodePool, type NodePoolItem } from "./nodes.js";
export { NodePoolExhaustedError } from "./errors.js";
export {
  RuntimeContext,
  BuildContext,
  DockerImage,
  ShellExecution,
  DEFAULT_PYTHON_VERSION,
  environmentDefinitionFromJSON,
  type EnvironmentDefinition,
  type EnvironmentDefinitionType,
  type RuntimeContextInit,
  type ShellExecutionInit,
  type DockerImageInit,
} from "./environment.js";
export type { DeployableGraph } from "./deployable.js";
export { Deployment, LIBRARY_INSTALL_COMMAND, type DeploymentInit, type DeploymentOptions } from "./deployment.js";
export { Experiment } from "./experiment.js";
export {
  ExperimentStatus,
  type ExperimentStatusName,
  experimentStatusName,
  experimentStatusPythonName,
  parseExperimentStatus,
  DeploymentExecutionResult,
  ExperimentExecutionInformation,
  experimentsFromJSON,
  experimentsToJSON,
} from "./status.js";
export { FlagValues, type FlagValuesInit } from "./flags.js";
export {
  type LockedNode,
  type RecentExperiment,
  type ActiveCompilation,
  lockedNodesFromJSON,
  lockedNodesToJSON,
  recentExperimentsFromJSON,
  recentExperimentsToJSON,
  activeCompilationsFromJSON,
  activeCompilationsToJSON,
} from "./extras.js";
export { parseServerJson, stringifyForServer, type JsonValue } from "../json.js";
export { encodeBase64, decodeBase64, isBase64 } from "../base64.js";
