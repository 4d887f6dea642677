/** The error of a library TaskDispatcher on a node it has no implementation for (netunicorn/library only). */
import { type NetunicornErrorOptions, UsageError } from "../errors.js";

export interface DispatchErrorOptions extends NetunicornErrorOptions {
  /** The node the task could not be dispatched for. */
  node: string;
  /** The node's architecture ("win/amd64", ...). */
  architecture: string;
  /** The exception class Python's dispatch raises ("NotImplementedError", "Exception"). */
  pythonException: string;
  /** Python's exception message, word for word. */
  pythonMessage: string;
}

/**
 * A task dispatcher (e.g. netunicorn-library's Ping) has no implementation for a node's
 * architecture: Python's dispatch() raises `pythonException(pythonMessage)` there. No request was sent.
 */
export class DispatchError extends UsageError {
  override name = "DispatchError";
  declare readonly node: string;
  declare readonly architecture: string;
  declare readonly pythonException: string;
  declare readonly pythonMessage: string;

  constructor(message: string, options: DispatchErrorOptions) {
    super(message, options);
  }
}
