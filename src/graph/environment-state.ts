/**
 * The environment definition as the graph pickle needs it (Python attribute values), read from
 * the model's DockerImage / ShellExecution by `environmentState`.
 */
import { UsageError } from "../errors.js";
import type { EnvironmentDefinition } from "../model/environment.js";

export interface RuntimeContextState {
  /** Host port → container port (Python int keys). */
  portsMapping: [number, number][];
  environmentVariables: Record<string, string>;
  network: string | null;
  additionalArguments: string[];
}

export interface BuildContextState {
  /** A full "3.x.y" version. */
  pythonVersion: string;
  cloudpickleVersion: string | null;
}

export type EnvironmentState =
  | { type: "ShellExecution"; commands: string[]; runtimeContext: RuntimeContextState }
  | {
      type: "DockerImage";
      commands: string[];
      runtimeContext: RuntimeContextState;
      image: string | null;
      buildContext: BuildContextState;
    };

/** Reads the pickle-relevant state from a model environment definition. */
export function environmentState(env: EnvironmentDefinition): EnvironmentState {
  const rc = env.runtimeContext;
  const runtimeContext: RuntimeContextState = {
    portsMapping: Object.entries(rc.portsMapping).map(([host, container]) => {
      const port = Number(host);
      if (!Number.isSafeInteger(port) || !Number.isSafeInteger(container)) {
        throw new UsageError(`environment definition: ports mapping ${host} → ${String(container)} must map integers`);
      }
      return [port, container];
    }),
    environmentVariables: { ...rc.environmentVariables },
    network: rc.network,
    additionalArguments: [...rc.additionalArguments],
  };
  if (env.type === "ShellExecution") return { type: "ShellExecution", commands: [...env.commands], runtimeContext };
  return {
    type: "DockerImage",
    commands: [...env.commands],
    runtimeContext,
    image: env.image,
    buildContext: {
      pythonVersion: env.buildContext.pythonVersion,
      cloudpickleVersion: env.buildContext.cloudpickleVersion,
    },
  };
}
