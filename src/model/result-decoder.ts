/**
 * How `DeploymentExecutionResult#decode()` reaches the pickle decoder without importing it.
 * The decoder is most of the core's weight, and a class method is never tree-shaken: a static
 * import here would put the decoder into every bundle that uses RemoteClient, decoding or not.
 * So the decoder module (src/pickle/results.ts) registers itself when it loads. Loading the
 * package root unbundled (Node, Deno, JSR, a dev server) always loads it; a tree-shaken browser
 * bundle keeps it when the app uses decodeDeploymentResult (or anything of the root namespace).
 */
import { UsageError } from "../errors.js";
import type { PickleLimits } from "../pickle/limits.js";
import type { DecodedDeploymentResult, DeploymentResultInput } from "../pickle/results.js";

type ResultDecoder = (result: DeploymentResultInput, limits?: Partial<PickleLimits>) => DecodedDeploymentResult;

let registered: ResultDecoder | undefined;

/** @internal Called by the decoder module when it loads. */
export function registerResultDecoder(decoder: ResultDecoder): void {
  registered = decoder;
}

/** @internal The registered decoder, or a UsageError saying how to bring it into the bundle. */
export function resultDecoder(): ResultDecoder {
  if (registered !== undefined) return registered;
  throw new UsageError(
    "DeploymentExecutionResult.decode: the pickle decoder is not in this bundle (tree-shaken away, nothing uses it); " +
      'call decodeDeploymentResult(result) from "netunicorn" instead, which also brings it in for decode()',
  );
}
