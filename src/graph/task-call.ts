/**
 * Recognizes, in a decoded pickle, a task written the way this library writes tasks:
 * functools.partial(cls, **kwargs)(*args) — a REDUCE whose callable is a partial made with NEWOBJ
 * on (cls,) and BUILD with (cls, (), kwargs, None). The decoder never calls anything, so such a
 * task stays this record; this reads back the class, the name and the arguments from it.
 */
import { PyDict, PyGlobal, PyObject, PyTuple, type PyValue } from "../pickle/value.js";

export interface DecodedTaskCall {
  /** Import path of the task class, e.g. "netunicorn.library.tasks.basic.ShellCommand". */
  className: string;
  /** The `name` keyword argument (undefined when absent or not a string). */
  name: string | undefined;
  args: PyValue[];
  kwargs: PyDict;
}

/** The task call in `value`, or undefined when it is not a partial-call task. */
export function readTaskCall(value: PyValue): DecodedTaskCall | undefined {
  if (!(value instanceof PyObject) || value.viaNew || !(value.callable instanceof PyObject)) return undefined;
  const partial = value.callable;
  if (!(partial.callable instanceof PyGlobal) || partial.callable.qualifiedName !== "functools.partial") return undefined;
  const state = partial.state;
  if (!(state instanceof PyTuple) || state.items.length !== 4) return undefined;
  const [cls, partialArgs, kwargs] = state.items;
  if (!(cls instanceof PyGlobal) || !(partialArgs instanceof PyTuple)) return undefined;
  const keywords = kwargs instanceof PyDict ? kwargs : new PyDict();
  const name = keywords.get("name");
  return {
    className: cls.qualifiedName,
    name: typeof name === "string" ? name : undefined,
    args: [...partialArgs.items, ...value.args],
    kwargs: keywords,
  };
}
