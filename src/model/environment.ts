/**
 * Environment definitions (netunicorn.base.environment_definitions): how a node prepares the
 * environment an execution graph runs in, a Docker image or plain shell commands.
 */
import { ValidationError } from "../errors.js";
import {
  BuildContextSchema,
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
import { fields, fieldsOf, initFields, wireOf } from "./fields.js";

export type { EnvironmentDefinitionType } from "../wire/environment.js";

/** Python version announced by default in a BuildContext (the server builds from python:<major.minor>-slim). */
export const DEFAULT_PYTHON_VERSION = "3.11.9";

export interface RuntimeContextInit {
  portsMapping?: Record<string, number>;
  environmentVariables?: Record<string, string>;
  network?: string | null;
  additionalArguments?: string[];
}

const RUNTIME_CONTEXT = fields(RuntimeContextSchema);
const BUILD_CONTEXT = fields(BuildContextSchema);
const SHELL_EXECUTION = fields(ShellExecutionSchema);
const DOCKER_IMAGE = fields(DockerImageSchema);

/** How the environment is started: ports, environment variables, network, extra arguments. */
export class RuntimeContext {
  /** Host port → container port (keys are port numbers as text, as in JSON). */
  declare portsMapping: Record<string, number>;
  /** Environment variables (netunicorn refuses values with spaces). */
  declare environmentVariables: Record<string, string>;
  declare additionalArguments: string[];
  declare network: string | null;

  constructor(init: RuntimeContextInit = {}) {
    initFields(this, init, { portsMapping: {}, environmentVariables: {}, additionalArguments: [], network: null });
  }

  static fromJSON(body: unknown): RuntimeContext {
    return RuntimeContext.fromWire(validateBody(RuntimeContextSchema, body, "RuntimeContext.fromJSON"));
  }

  /** @internal Builds the context from an already validated (fresh) body, taking its dictionaries. */
  static fromWire(wire: RuntimeContextWire): RuntimeContext {
    return new RuntimeContext(fieldsOf(wire, RUNTIME_CONTEXT));
  }

  clone(): RuntimeContext {
    return RuntimeContext.fromWire(this.toJSON());
  }

  toJSON(): RuntimeContextWire {
    return wireOf(this, RUNTIME_CONTEXT);
  }
}

/** What the server needs to build an image itself (DockerImage without `image`). */
export class BuildContext {
  /** A full version such as "3.11.9"; the server checks the format. */
  declare readonly pythonVersion: string;
  /** cloudpickle version to pin in the image (`cloudpickle==<v>`), or null for the latest. */
  declare readonly cloudpickleVersion: string | null;

  constructor(init: { pythonVersion?: string; cloudpickleVersion?: string | null } = {}) {
    initFields(this, init, { pythonVersion: DEFAULT_PYTHON_VERSION, cloudpickleVersion: null });
  }

  /** @internal */
  static fromWire(wire: BuildContextWire): BuildContext {
    return new BuildContext(fieldsOf(wire, BUILD_CONTEXT));
  }

  toJSON(): BuildContextWire {
    return wireOf(this, BUILD_CONTEXT);
  }
}

export interface ShellExecutionInit {
  commands?: string[];
  runtimeContext?: RuntimeContext;
}

/** An environment made by running shell commands on the node itself. */
export class ShellExecution {
  /** Shell commands run while preparing (task requirements are appended here per deployment). */
  declare commands: string[];
  declare runtimeContext: RuntimeContext;

  constructor(init: ShellExecutionInit = {}) {
    initFields(this, init, { commands: [], runtimeContext: init.runtimeContext ?? new RuntimeContext() });
  }

  /** "ShellExecution" (a getter, so that it is not a field of the wire shape). */
  get type(): "ShellExecution" {
    return "ShellExecution";
  }

  static fromJSON(body: unknown): ShellExecution {
    return ShellExecution.fromWire(validateBody(ShellExecutionSchema, body, "ShellExecution.fromJSON"));
  }

  /** @internal */
  static fromWire(wire: ShellExecutionWire): ShellExecution {
    return new ShellExecution({ commands: wire.commands, runtimeContext: RuntimeContext.fromWire(wire.runtime_context) });
  }

  /** A deep copy (netunicorn deep-copies the definition for every deployment). */
  clone(): ShellExecution {
    return ShellExecution.fromWire(this.toJSON());
  }

  toJSON(): ShellExecutionWire {
    return wireOf(this, SHELL_EXECUTION);
  }
}

export interface DockerImageInit extends ShellExecutionInit {
  /** An existing image to run, or null to have the server build one. */
  image?: string | null;
  buildContext?: BuildContext;
}

/** An environment made from a Docker image, given or built by the server from `commands`. */
export class DockerImage {
  declare image: string | null;
  declare commands: string[];
  declare runtimeContext: RuntimeContext;
  declare buildContext: BuildContext;

  constructor(init: DockerImageInit = {}) {
    initFields(this, init, {
      image: null,
      commands: [],
      runtimeContext: init.runtimeContext ?? new RuntimeContext(),
      buildContext: init.buildContext ?? new BuildContext(),
    });
  }

  /** "DockerImage" (a getter, so that it is not a field of the wire shape). */
  get type(): "DockerImage" {
    return "DockerImage";
  }

  static fromJSON(body: unknown): DockerImage {
    return DockerImage.fromWire(validateBody(DockerImageSchema, body, "DockerImage.fromJSON"));
  }

  /** @internal */
  static fromWire(wire: DockerImageWire): DockerImage {
    return new DockerImage({
      image: wire.image,
      commands: wire.commands,
      runtimeContext: RuntimeContext.fromWire(wire.runtime_context),
      buildContext: BuildContext.fromWire(wire.build_context),
    });
  }

  /** A deep copy (netunicorn deep-copies the definition for every deployment). */
  clone(): DockerImage {
    return DockerImage.fromWire(this.toJSON());
  }

  toJSON(): DockerImageWire {
    return wireOf(this, DOCKER_IMAGE);
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
