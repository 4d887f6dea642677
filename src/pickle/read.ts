/**
 * The safe pickle decoder: runs the pickle virtual machine over bytes without ever importing or
 * calling anything. Global references become PyGlobal records; REDUCE/NEWOBJ/BUILD become
 * PyObject records unless the type is a known safe one (see read-known.ts).
 */
import { PickleError } from "../errors.js";
import { resolveLimits, type PickleLimits } from "./limits.js";
import { opcodeName } from "./opcodes.js";
import { DecodeFailure } from "./read-input.js";
import { Machine } from "./read-machine.js";
import { DATA_HANDLERS, type Handler } from "./read-ops-data.js";
import { STRUCT_HANDLERS } from "./read-ops-struct.js";
import type { PyValue } from "./value.js";

const HANDLERS: (Handler | undefined)[] = new Array<Handler | undefined>(256).fill(undefined);
for (const [code, handler] of [...DATA_HANDLERS, ...STRUCT_HANDLERS]) HANDLERS[code] = handler;

/** Decodes a pickle (protocols 0–5) into inert data. Every failure is a PickleError. */
export function unpickle(bytes: Uint8Array, limits?: Partial<PickleLimits>): PyValue {
  const lim = resolveLimits(limits);
  if (!(bytes instanceof Uint8Array)) throw new PickleError("unpickle: input is not a Uint8Array", { offset: 0 });
  if (bytes.length > lim.maxInputBytes) {
    throw new PickleError(`unpickle: input of ${bytes.length} bytes exceeds the maxInputBytes limit (${lim.maxInputBytes})`, { offset: 0 });
  }
  const m = new Machine(bytes, lim);
  let opStart = 0;
  try {
    const input = m.input;
    while (!m.stopped) {
      opStart = input.pos;
      if (opStart >= bytes.length) throw new DecodeFailure("pickle ended before STOP (truncated)");
      const code = bytes[input.pos++]!;
      const handler = HANDLERS[code];
      if (handler === undefined) throw new DecodeFailure(`unknown opcode byte 0x${code.toString(16).padStart(2, "0")}`);
      handler(m);
    }
  } catch (err) {
    throw toPickleError(err, bytes, opStart);
  }
  return m.result;
}

function toPickleError(err: unknown, bytes: Uint8Array, offset: number): PickleError {
  if (err instanceof PickleError) return err;
  const code = bytes[offset];
  const opcode = code === undefined ? undefined : opcodeName(code);
  const what = err instanceof DecodeFailure ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
  const where = opcode === undefined ? `at offset ${offset}` : `at offset ${offset} (${opcode})`;
  return new PickleError(`unpickle: ${what} ${where}`, { offset, ...(opcode === undefined ? {} : { opcode }), cause: err });
}
