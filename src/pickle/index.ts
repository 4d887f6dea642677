export {};
export * from "./value.js";
export { unpickle } from "./read.js";
export { DEFAULT_PICKLE_LIMITS, type PickleLimits } from "./limits.js";
export { toView, DEFAULT_VIEW_LIMITS, type ViewLimits } from "./view.js";
export {
  decodeDeploymentResult, type DecodedDeploymentResult, type DecodedTaskRun, type DeploymentResultInput,
  type DeploymentResultView,
} from "./results.js";
export { pickle, PickleWriter, type PickleOptions, type Picklable, type PicklableObject } from "./write.js";
