/**
 * Environment definitions (netunicorn.base.environment_definitions): how a node prepares the
 * environment an execution graph runs in, a Docker image or plain shell commands.
 */
import { ValidationError } from "../errors.js";
import {
  type BuildContextWire,
  DockerImageSchema,
  type DockerImageWire,
  type EnvironmentDefinitionType,
  RuntimeContextSchema,
  type RuntimeContextWire,
  ShellExecutionSchema,
  type ShellExecutionWire,
} from "../wire/environment.js";
import { validateBody } from "../wire/validate.js";

export type { EnvironmentDefinitionType } from "../wire/environment.js";

/** Python version announced by default in a BuildContext (the server builds from python:<major.minor>-slim). */
export const DEFAULT_PYTHON_VERSION = "3.11.9";

export interface RuntimeContextInit {
  portsMapping?: Record<string, number>;
  environmentVariables?: Record<string, string>;
  network?: string | null;
  additionalArguments?: string[];
}

/** How the environment is started: ports, environment variables, network, extra arguments. */
export class RuntimeContext {
  /** Host port → container port (keys are port numbers as text, as in JSON). */
  portsMapping: Record<string, number>;
  /** Environment variables (netunicorn refuses values with spaces). */
  environmentVariables: Record<string, string>;
  network: string | null;
  additionalArguments: string[];

  constructor(init: RuntimeContextInit = {}) {
    this.portsMapping = init.portsMapping ?? {};
    this.environmentVariables = init.environmentVariables ?? {};
    this.network = init.network ?? null;
    this.additionalArguments = init.additionalArguments ?? [];
  }

  static fromJSON(body: unknown): RuntimeContext {
    return RuntimeContext.fromWire(validateBody(RuntimeContextSchema, body, "RuntimeContext.fromJSON"));
  }

  /** @internal */
  static fromWire(wire: RuntimeContextWire): RuntimeContext {
    return new RuntimeContext({
      portsMapping: { ...wire.ports_mapping },
      environmentVariables: { ...wire.environment_variables },
      network: wire.network,
      additionalArguments: [...wire.additional_arguments],
    });
  }

  clone(): RuntimeContext {
    return RuntimeContext.fromWire(this.toJSON());
  }

  toJSON(): RuntimeContextWire {
    return {
      ports_mapping: { ...this.portsMapping },
      environment_variables: { ...this.environmentVariables },
      additional_arguments: [...this.additionalArguments],
      network: this.network,
    };
  }
}

/** What the server needs to build an image itself (DockerImage without `image`). */
export class BuildContext {
  /** A full version such as "3.11.9"; the server checks the format. */
  readonly pythonVersion: string;
  /** cloudpickle version to pin in the image (`cloudpickle==<v>`), or null for the latest. */
  readonly cloudpickleVersion: string | null;

  constructor(init: { pythonVersion?: string; cloudpickleVersion?: string | null } = {}) {
    this.pythonVersion = init.pythonVersion ?? DEFAULT_PYTHON_VERSION;
    this.cloudpickleVersion = init.cloudpickleVersion ?? null;
  }

  /** @internal */
  static fromWire(wire: BuildContextWire): BuildContext {
    return new BuildContext({ pythonVersion: wire.python_version, cloudpickleVersion: wire.cloudpickle_version });
  }

  toJSON(): BuildContextWire {
    return { python_version: this.pythonVersion, cloudpickle_version: this.cloudpickleVersion };
  }
}

export interface ShellExecutionInit {
  commands?: string[];
  runtimeContext?: RuntimeContext;
}

/** An environment made by running shell commands on the node itself. */
export class ShellExecution {
  readonly type = "ShellExecution" as const;
  /** Shell commands run while preparing (task requirements are appended here per deployment). */
  commands: string[];
  runtimeContext: RuntimeContext;

  constructor(init: ShellExecutionInit = {}) {
    this.commands = init.commands ?? [];
    this.runtimeContext = init.runtimeContext ?? new RuntimeContext();
  }

  static fromJSON(body: unknown): ShellExecution {
    return ShellExecution.fromWire(validateBody(ShellExecutionSchema, body, "ShellExecution.fromJSON"));
  }

  /** @internal */
  static fromWire(wire: ShellExecutionWire): ShellExecution {
    return new ShellExecution({ commands: [...wire.commands], runtimeContext: RuntimeContext.fromWire(wire.runtime_context) });
  }

  /** A deep copy (netunicorn deep-copies the definition for every deployment). */
  clone(): ShellExecution {
    return ShellExecution.fromWire(this.toJSON());
  }

  toJSON(): ShellExecutionWire {
    return { commands: [...this.commands], runtime_context: this.runtimeContext.toJSON() };
  }
}

export interface DockerImageInit extends ShellExecutionInit {
  /** An existing image to run, or null to have the server build one. */
  image?: string | null;
  buildContext?: BuildContext;
}

/** An environment made from a Docker image, given or built by the server from `commands`. */
export class DockerImage {
  readonly type = "DockerImage" as const;
  image: string | null;
  commands: string[];
  runtimeContext: RuntimeContext;
  buildContext: BuildContext;

  constructor(init: DockerImageInit = {}) {
    this.image = init.image ?? null;
    this.commands = init.commands ?? [];
    this.runtimeContext = init.runtimeContext ?? new RuntimeContext();
    this.buildContext = init.buildContext ?? new BuildContext();
  }

  static fromJSON(body: unknown): DockerImage {
    return DockerImage.fromWire(validateBody(DockerImageSchema, body, "DockerImage.fromJSON"));
  }

  /** @internal */
  static fromWire(wire: DockerImageWire): DockerImage {
    return new DockerImage({
      image: wire.image,
      commands: [...wire.commands],
      runtimeContext: RuntimeContext.fromWire(wire.runtime_context),
      buildContext: BuildContext.fromWire(wire.build_context),
    });
  }

  /** A deep copy (netunicorn deep-copies the definition for every deployment). */
  clone(): DockerImage {
    return DockerImage.fromWire(this.toJSON());
  }

  toJSON(): DockerImageWire {
    return {
      image: this.image,
      build_context: this.buildContext.toJSON(),
      runtime_context: this.runtimeContext.toJSON(),
      commands: [...this.commands],
    };
  }
}

export type EnvironmentDefinition = DockerImage | ShellExecution;

/** Builds the environment definition named by `type` (a deployment's environment_definition_type). */
export function environmentDefinitionFromJSON(type: EnvironmentDefinitionType | string, body: unknown): EnvironmentDefinition {
  if (type === "DockerImage") return DockerImage.fromJSON(body);
  if (type === "ShellExecution") return ShellExecution.fromJSON(body);
  throw new ValidationError(`environmentDefinitionFromJSON: unknown environment definition type ${JSON.stringify(type)}`, {
    path: "environment_definition_type",
  });
}
