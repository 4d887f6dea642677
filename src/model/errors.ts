/** Errors specific to the models (subclasses of the library's hierarchy). */
import { UsageError } from "../errors.js";

/**
 * An uncountable node pool ran out of nodes while taking from it: its soft limit was reached, or
 * it has no template. Mirrors the StopIteration that netunicorn's UncountableNodePool.take lets escape.
 */
export class NodePoolExhaustedError extends UsageError {
  override name = "NodePoolExhaustedError";
}
