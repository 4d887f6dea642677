/** Opcode handlers for containers, memo, stack manipulation, globals and object construction. */
import { OP } from "./opcodes.js";
import { compatName } from "./read-classes.js";
import { DecodeFailure } from "./read-input.js";
import { buildValue, newObjectValue, reduceValue } from "./read-known.js";
import type { Machine } from "./read-machine.js";
import type { Handler } from "./read-ops-data.js";
import { decodeUtf8 } from "./read-text.js";
import { PyDict, PyGlobal, PyObject, PySet, PyTuple, type PyValue } from "./value.js";

function appendTo(target: PyValue, items: PyValue[]): void {
  if (Array.isArray(target)) {
    for (const it of items) target.push(it);
  } else if (target instanceof PySet) {
    for (const it of items) target.add(it);
  } else if (target instanceof PyObject) {
    (target.listItems ??= []).push(...items);
  } else throw new DecodeFailure("APPEND(S) target is not a list");
}

/** Sets flat[from], flat[from+1], ... pairs (up to the end of flat) into a dict. */
function setItems(target: PyValue, flat: PyValue[], from = 0): void {
  if ((flat.length - from) % 2 !== 0) throw new DecodeFailure("SETITEMS has an odd number of items");
  if (target instanceof PyDict) {
    for (let i = from; i < flat.length; i += 2) target.set(flat[i]!, flat[i + 1]!);
  } else if (target instanceof PyObject) {
    const items = (target.dictItems ??= []);
    for (let i = from; i < flat.length; i += 2) items.push([flat[i]!, flat[i + 1]!]);
  } else throw new DecodeFailure("SETITEM(S) target is not a dict");
}

/** SETITEMS without copying: the pairs are read in place above the MARK, then dropped. */
function setItemsFromMark(m: Machine): void {
  const at = m.popMarkIndex();
  if (at <= m.markBase()) throw new DecodeFailure("SETITEMS has no dict below its MARK");
  setItems(m.stack[at - 1]!, m.stack, at);
  m.stack.length = at;
}

/** APPENDS without copying into a list target. */
function appendsFromMark(m: Machine): void {
  const at = m.popMarkIndex();
  if (at <= m.markBase()) throw new DecodeFailure("APPENDS has no list below its MARK");
  const target = m.stack[at - 1]!;
  if (Array.isArray(target)) {
    for (let i = at; i < m.stack.length; i++) target.push(m.stack[i]!);
    m.stack.length = at;
  } else appendTo(target, m.stack.splice(at));
}

function globalRef(m: Machine, module: string, name: string): PyGlobal {
  const [mod, nm] = compatName(module, name, m.protocol);
  return new PyGlobal(mod, nm);
}

function argsOf(v: PyValue, what: string): PyValue[] {
  if (v instanceof PyTuple) return v.items;
  if (Array.isArray(v)) return v;
  throw new DecodeFailure(`${what} arguments are not a tuple`);
}

function build(m: Machine): void {
  const state = m.pop();
  const obj = m.pop();
  const built = buildValue(obj, state);
  if (built !== obj && obj instanceof PyObject) m.replaceInMemo(obj, built);
  m.stack.push(built);
}

function refused(what: string): Handler {
  return () => {
    throw new DecodeFailure(`${what} is not supported: refusing to decode`);
  };
}

export const STRUCT_HANDLERS: [number, Handler][] = [
  [OP.MARK, (m) => m.mark()],
  [OP.POP, (m) => { if (m.marks.length && m.marks[m.marks.length - 1] === m.stack.length) m.marks.pop(); else m.pop(); }],
  [OP.POP_MARK, (m) => { m.popMark(); }],
  [OP.DUP, (m) => m.push(m.top())],
  [OP.EMPTY_LIST, (m) => m.push([])],
  [OP.EMPTY_DICT, (m) => m.push(new PyDict())],
  [OP.EMPTY_TUPLE, (m) => m.push(new PyTuple([]))],
  [OP.EMPTY_SET, (m) => m.push(new PySet())],
  [OP.LIST, (m) => m.push(m.popMark())],
  [OP.TUPLE, (m) => m.push(new PyTuple(m.popMark()))],
  [OP.TUPLE1, (m) => { const a = m.pop(); m.push(new PyTuple([a])); }],
  [OP.TUPLE2, (m) => { const b = m.pop(); const a = m.pop(); m.push(new PyTuple([a, b])); }],
  [OP.TUPLE3, (m) => { const c = m.pop(); const b = m.pop(); const a = m.pop(); m.push(new PyTuple([a, b, c])); }],
  [OP.DICT, (m) => { const d = new PyDict(); setItems(d, m.popMark()); m.push(d); }],
  [OP.FROZENSET, (m) => m.push(new PySet(m.popMark(), true))],
  [OP.APPEND, (m) => { const v = m.pop(); appendTo(m.top(), [v]); }],
  [OP.APPENDS, appendsFromMark],
  [OP.ADDITEMS, (m) => {
    const items = m.popMark();
    const target = m.top();
    if (!(target instanceof PySet)) throw new DecodeFailure("ADDITEMS target is not a set");
    for (const it of items) target.add(it);
  }],
  [OP.SETITEM, (m) => { const v = m.pop(); const k = m.pop(); setItems(m.top(), [k, v]); }],
  [OP.SETITEMS, setItemsFromMark],
  [OP.BINGET, (m) => m.push(m.memoGet(m.input.u8()))],
  [OP.LONG_BINGET, (m) => m.push(m.memoGet(m.input.u32()))],
  [OP.BINPUT, (m) => m.memoPut(m.input.u8(), m.top())],
  [OP.LONG_BINPUT, (m) => m.memoPut(m.input.u32(), m.top())],
  [OP.MEMOIZE, (m) => m.memoPut(m.memo.length, m.top())],
  [OP.GLOBAL, (m) => {
    const module = decodeUtf8(m.input.line("GLOBAL module"));
    m.push(globalRef(m, module, decodeUtf8(m.input.line("GLOBAL name"))));
  }],
  [OP.STACK_GLOBAL, (m) => {
    const name = m.pop();
    const module = m.pop();
    if (typeof module !== "string" || typeof name !== "string") throw new DecodeFailure("STACK_GLOBAL needs two strings");
    m.push(globalRef(m, module, name));
  }],
  [OP.REDUCE, (m) => { const args = argsOf(m.pop(), "REDUCE"); m.push(reduceValue(m.pop(), args)); }],
  [OP.NEWOBJ, (m) => { const args = argsOf(m.pop(), "NEWOBJ"); m.push(newObjectValue(m.pop(), args)); }],
  [OP.NEWOBJ_EX, (m) => {
    const kwargs = m.pop();
    const args = argsOf(m.pop(), "NEWOBJ_EX");
    m.push(newObjectValue(m.pop(), args, kwargs));
  }],
  [OP.BUILD, build],
  [OP.INST, (m) => {
    const module = decodeUtf8(m.input.line("INST module"));
    const cls = globalRef(m, module, decodeUtf8(m.input.line("INST name")));
    m.push(reduceValue(cls, m.popMark()));
  }],
  [OP.OBJ, (m) => {
    const items = m.popMark();
    if (items.length === 0) throw new DecodeFailure("OBJ needs a class after the MARK");
    m.push(reduceValue(items[0]!, items.slice(1)));
  }],
  [OP.PROTO, (m) => {
    const p = m.input.u8();
    if (p > 5) throw new DecodeFailure(`unsupported pickle protocol ${p}`);
    m.protocol = p;
  }],
  [OP.FRAME, (m) => {
    const n = m.input.u64();
    if (n > m.input.remaining) throw new DecodeFailure(`FRAME of ${n} bytes but only ${m.input.remaining} remain (truncated)`);
  }],
  [OP.STOP, (m) => { m.result = m.pop(); m.stopped = true; }],
  [OP.PERSID, refused("PERSID (persistent id: needs the pickler's external object store)")],
  [OP.BINPERSID, refused("BINPERSID (persistent id: needs the pickler's external object store)")],
  [OP.NEXT_BUFFER, refused("NEXT_BUFFER (out-of-band buffer)")],
  [OP.READONLY_BUFFER, refused("READONLY_BUFFER (out-of-band buffer)")],
  [OP.EXT1, refused("EXT1 (copyreg extension registry code)")],
  [OP.EXT2, refused("EXT2 (copyreg extension registry code)")],
  [OP.EXT4, refused("EXT4 (copyreg extension registry code)")],
];
