// Shared by the wire tests: run something that must throw a ValidationError, and answer the error.
import { ValidationError } from "../../src/errors.js";

/** The ValidationError `run` throws; any other error is rethrown, and no error at all fails the test. */
export function validationFailure(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}
