/**
 * netunicorn-library tasks by name, built from the catalog: plain tasks carry their catalog
 * requirements; dispatchers (Ping, StartCapture, the speed tests, the uploads...) become, per node,
 * the implementation Python's dispatch() returns, built with the arguments the dispatcher passes.
 * The catalog facts travel on the task object, so Experiment.append/map need nothing else.
 */
import { UsageError } from "../errors.js";
import { DispatchError } from "./errors.js";
import { TaskDispatcher } from "../graph/dispatcher.js";
import { uuid4 } from "../graph/ids.js";
import { type TaskArgument, TaskReference } from "../graph/task.js";
import type { Node } from "../model/node.js";
import { type BoundArguments, bindArguments } from "./arguments.js";
import { architectureMember, shortName } from "./names.js";
import type { ArgumentSource, CatalogClass, DispatchFacts } from "./catalog-types.js";

export interface LibraryTaskOptions {
  /** The task name (results are keyed by it); default a random UUID, as Python's str(uuid.uuid4()). */
  name?: string;
  /** Extra requirements for this instance (Python's add_requirement), after the catalog's. Plain tasks only. */
  requirements?: readonly string[];
}

const NDT7 = "netunicorn.library.tasks.measurements.ndt.NDT7SpeedTest";

/** A plain library task: its class, checked arguments and the requirements an instance has. */
export class LibraryTask extends TaskReference {
  /** The catalog facts of the class. */
  readonly catalog: CatalogClass;
  /** Every parameter's value, defaults included (what the constructor receives). */
  readonly parameters: ReadonlyMap<string, TaskArgument>;

  constructor(entry: CatalogClass, bound: BoundArguments, options: LibraryTaskOptions = {}) {
    // Task.__init__ deep-copies the class requirements into the instance; add_requirement appends to that copy.
    super(entry.path, { args: bound.args, kwargs: bound.kwargs, name: options.name ?? uuid4(), requirements: [...(entry.requirements ?? []), ...(options.requirements ?? [])] });
    this.catalog = entry;
    this.parameters = bound.values;
  }
}

/** A library TaskDispatcher: replaced per node by the implementation for the node's architecture. */
export class LibraryDispatcher extends TaskDispatcher {
  readonly catalog: CatalogClass;
  readonly parameters: ReadonlyMap<string, TaskArgument>;
  readonly #explicitName: boolean;
  /** Implementations made once, as the dispatcher's __init__ makes them (so every node gets the same object). */
  readonly #made = new Map<DispatchFacts, TaskReference>();

  constructor(entry: CatalogClass, bound: BoundArguments, options: LibraryTaskOptions = {}) {
    if (options.requirements !== undefined && options.requirements.length > 0) {
      throw new UsageError(`${shortName(entry)}: a TaskDispatcher has no requirements of its own (its implementation's come from the catalog); add commands to the environment instead`);
    }
    super(entry.path, { args: bound.args, kwargs: bound.kwargs, name: options.name ?? uuid4() });
    this.catalog = entry;
    this.parameters = bound.values;
    this.#explicitName = options.name !== undefined;
    for (const facts of entry.dispatch ?? []) if (!facts.perDispatch) this.#made.set(facts, this.#implementation(facts));
  }

  /** The implementation for `node`'s architecture; DispatchError (Python's exception and message) when there is none. */
  dispatch(node: Node): TaskReference {
    const facts = this.catalog.dispatch?.find((d) => d.architectures.includes(node.architecture));
    if (facts === undefined) throw this.#unsupported(node);
    return this.#made.get(facts) ?? this.#implementation(facts);
  }

  #value(source: ArgumentSource): TaskArgument {
    if (typeof source !== "string") {
      // RandomSleepTask draws random.randint(seconds_min, seconds_max) in every dispatch call.
      const [low, high] = source.randint.map((p) => Number(this.parameters.get(p)));
      if (!(low! <= high!)) throw new UsageError(`${shortName(this.catalog)} "${this.name}": empty range for randint(${low}, ${high}) (Python raises ValueError)`);
      return low! + Math.floor(Math.random() * (high! - low! + 1));
    }
    return source === "name" ? this.name : (this.parameters.get(source) ?? null);
  }

  #implementation(facts: DispatchFacts): TaskReference {
    const args = facts.args.map((s) => this.#value(s));
    const kwargs: Record<string, TaskArgument> = {};
    let name: string | undefined;
    for (const [param, source] of facts.kwargs) {
      if (param === "name") name = String(this.#value(source));
      else kwargs[param] = this.#value(source);
    }
    // **kwargs forwards name= only when the caller gave one; otherwise the implementation's
    // Task.__init__ draws its own uuid4 (so does every implementation not given a name).
    if (name === undefined && facts.forwardsKwargs && this.#explicitName) name = this.name;
    if (this.catalog.path === NDT7) mirrorSharedFlags(kwargs);
    return new TaskReference(facts.implementation, { args, kwargs, name: name ?? uuid4(), requirements: facts.requirements });
  }

  #unsupported(node: Node): DispatchError {
    const known = this.catalog.unsupported ?? [];
    const entry = known.find(([arch]) => arch === node.architecture) ?? known.find(([arch]) => arch === "unknown");
    const exception = entry?.[1] ?? "NotImplementedError";
    const pythonMessage = entry?.[2] ?? `${shortName(this.catalog)} is not implemented for architecture: Architecture.${architectureMember(node.architecture)}`;
    return new DispatchError(
      `${shortName(this.catalog)} "${this.name}" cannot be dispatched for node ${node.name} (${node.architecture}): Python raises ${exception}: ${pythonMessage}`,
      { node: node.name, architecture: node.architecture, pythonException: exception, pythonMessage },
    );
  }
}

/**
 * NDT7SpeedTest builds both implementations in __init__ with the caller's `flags` list; each
 * appends "-source <ip>" / "-service-url <url>" to that same list (flags or [...] keeps a
 * non-empty list), so both end with the additions twice. Each implementation's own __init__
 * adds them once on the node, so it is given the list with one copy already in: mirrored.
 */
function mirrorSharedFlags(kwargs: Record<string, TaskArgument>): void {
  const flags = kwargs.flags;
  if (!Array.isArray(flags) || flags.length === 0) return;
  const extra: string[] = [];
  if (kwargs.source_ip) extra.push("-source", String(kwargs.source_ip));
  if (kwargs.service_url) extra.push("-service-url", String(kwargs.service_url));
  kwargs.flags = [...(flags as TaskArgument[]), ...extra];
}

/** A library task or dispatcher for a catalog entry, its arguments checked first. */
export function createLibraryTask(entry: CatalogClass, args: readonly TaskArgument[], kwargs: Readonly<Record<string, TaskArgument | undefined>>, options: LibraryTaskOptions, who: string): LibraryTask | LibraryDispatcher {
  if (options === null || typeof options !== "object") throw new UsageError(`${who}: options must be an object`);
  const bound = bindArguments(entry, args, kwargs, who);
  return entry.kind === "dispatcher" ? new LibraryDispatcher(entry, bound, options) : new LibraryTask(entry, bound, options);
}
