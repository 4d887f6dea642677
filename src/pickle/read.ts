/**
 * The safe pickle decoder: runs the pickle virtual machine over bytes without ever importing or
 * calling anything. Global references become PyGlobal records; REDUCE/NEWOBJ/BUILD become
 * PyObject records unless the type is a known safe one (see read-known.ts).
 *
 * One function holds the whole machine (stack, MARK positions, memo, counters) and dispatches on
 * the opcode byte with one switch: cases that produce a value `break` to the common push (which
 * counts objects against maxObjects), the others `continue`. Every failure inside is a
 * DecodeFailure that gets the offset and opcode name added as a PickleError.
 */
import { PickleError } from "../errors.js";
import { DEFAULT_PICKLE_LIMITS, type PickleLimits } from "./limits.js";
import { opcodeName } from "./opcodes.js";
import { compatName } from "./read-classes.js";
import { encodeTail, latin1FromRawUnicodeEscape, latin1FromUtf8, lazy, type Lazy } from "./read-bytes.js";
import { buildValue, newObjectValue, reduceValue } from "./read-known.js";
import { appendMany, appendOne, emptyList, listMark, listPut, listsDone, listShared, pushAll } from "./read-lists.js";
import {
  bigDecimal, DecodeFailure, decodeUtf8, fail, latin1Range, parseDecimalInt, parseFloatText, pythonString, rawUnicodeEscape, signedRange, smallSigned, textReader,
} from "./read-text.js";
import { PyByteArray, PyDict, PyGlobal, PyObject, PySet, PyTuple, type PyValue } from "./value.js";

/** Decodes a pickle (protocols 0–5) into inert data. Every failure is a PickleError. */
export function unpickle(bytes: Uint8Array, limits?: Partial<PickleLimits>): PyValue {
  const lim: PickleLimits = { ...DEFAULT_PICKLE_LIMITS, ...limits };
  if (!(bytes instanceof Uint8Array)) throw new PickleError("unpickle: input is not a Uint8Array", { offset: 0 });
  const len = bytes.length;
  if (len > lim.maxInputBytes) {
    throw new PickleError(`unpickle: input of ${len} bytes exceeds the maxInputBytes limit (${lim.maxInputBytes})`, { offset: 0 });
  }
  const data = new DataView(bytes.buffer, bytes.byteOffset, len);
  const stack: PyValue[] = [];
  /** Stack index of each open MARK. */
  const marks: number[] = [];
  /** A function stands for a value made when a GET first reads it (the text and tuple of bytes read by encodeCall). */
  const memo: (PyValue | Lazy)[] = [];
  /** Memo entries stored far past the dense end (hostile or unusual PUT indices). */
  const sparse = new Map<number, PyValue | Lazy>();
  /** Memo slots holding a PyObject that BUILD may replace by a rebuilt value (UUID, Success...). */
  const slots = new Map<PyObject, number[]>();
  let pos = 0;
  let opStart = 0;
  let protocol = 0;
  let objects = 0;
  /** Stack index of the MARK the last target() popped. */
  let at = 0;
  /** The offset of the next backslash (UNICODE's escapes) at or after the last one looked for. */
  let backslash = -1;

  // --- reading arguments (bounds-checked before anything is allocated) ---
  const need = (n: number): void => {
    if (n > len - pos) fail(`needs ${n} bytes, only ${len - pos} left (truncated or corrupt)`);
  };
  /** A w-byte little-endian unsigned integer; 8-byte lengths past 2^53 are refused. */
  const uint = (w: number): number => {
    need(w);
    let v = 0;
    for (let i = w; i--; ) v = v * 256 + bytes[pos + i]!;
    pos += w;
    if (v > Number.MAX_SAFE_INTEGER) fail(`8-byte length ${v} is over 2^53`);
    return v;
  };
  const u8 = (): number => (pos < len ? bytes[pos++]! : (need(1), 0));
  const u32 = (): number => (need(4), data.getUint32((pos += 4) - 4, true));
  /** n bytes as a view into the input (no copy). */
  const take = (n: number): Uint8Array => {
    if (n < 0) fail(`negative length ${n}`);
    need(n);
    return bytes.subarray(pos, (pos += n));
  };
  /** A copy of the next n bytes (one allocation: no view first). */
  const copy = (n: number): Uint8Array => {
    need(n);
    return bytes.slice(pos, (pos += n));
  };
  /** UTF-8 text of n bytes (short strings decoded in place). */
  const textAt = textReader(bytes);
  const latin1At = (start: number, end: number): string => textAt(start, end, true);
  /** Latin-1 text of n bytes. */
  const latin1Text = (n: number): string => {
    if (n < 0) fail(`negative length ${n}`);
    need(n);
    return latin1At(pos, (pos += n));
  };
  /** The index of the next newline, which ends the argument starting at pos. */
  const lineEnd = (): number => {
    const end = bytes.indexOf(0x0a, pos);
    return end < 0 ? fail("no terminating newline (truncated)") : end;
  };
  /** Bytes up to (not including) the next newline, which is consumed. */
  const line = (): Uint8Array => {
    const end = lineEnd();
    return bytes.subarray(pos, (pos = end + 1) - 1);
  };
  /** A decimal integer line (INT, LONG, GET, PUT); LONG's trailing L is dropped first. */
  const textInt = (dropL?: 1): number | bigint => {
    const start = pos;
    // the usual line read in one pass: up to 30 plain digits after an optional minus, [L,] newline; else parseDecimalInt
    const negative = bytes[pos] === 0x2d;
    const first = negative ? pos + 1 : pos;
    let i = first;
    let v = 0;
    for (let d; i < len && (d = bytes[i]! - 0x30) >= 0 && d <= 9 && i - first < 31; i++) v = v * 10 + d;
    const digits = i - first;
    if (dropL && bytes[i] === 0x4c) i++;
    if (bytes[i] === 0x0a && digits > 0 && digits <= 30 && digits <= lim.maxBigIntDigits) {
      pos = i + 1;
      return v > 9007199254740991 ? bigDecimal(bytes, first, first + digits, negative) : negative ? 0 - v : v;
    }
    let end = lineEnd();
    pos = end + 1;
    if (dropL && end > start && bytes[end - 1] === 0x4c) end--;
    return parseDecimalInt(latin1Range(bytes, start, end), lim.maxBigIntDigits);
  };
  const refuse = (what: string): never => fail(`${what} are not supported: refusing to decode`);
  const global = (module: string, name: string): PyGlobal => new PyGlobal(...compatName(module, name, protocol));

  // --- the stack ---
  const base = (): number => (marks.length ? marks[marks.length - 1]! : 0);
  /** Fails unless n values sit above the last MARK. */
  const above = (n: number): void => {
    if (stack.length - n < base()) fail("stack underflow (no value above the last MARK)");
  };
  /** Pops the top value above the last MARK (or only reads it, with keep). */
  const pop = (keep?: 1): PyValue => (above(1), keep ? stack[stack.length - 1]! : stack.pop()!);
  /** Pops the last MARK and returns the stack index it stood at (the caller consumes and truncates). */
  const popMark = (): number => marks.pop() ?? fail("no MARK on the stack");
  /** Pops the last MARK into `at` and returns the container just below it (APPENDS, SETITEMS, ADDITEMS). */
  const target = (): PyValue => {
    at = popMark();
    if (at <= base()) fail("stack underflow (nothing below the MARK)");
    return stack[at - 1]!;
  };
  /** Appends stack[from..] to a list (or set, or list-like record), then drops them. */
  const append = (t: PyValue, from: number): void => {
    const items = t instanceof PyObject ? (t.listItems ??= []) : t;
    const n = stack.length;
    if (Array.isArray(items)) pushAll(items, stack, from, n);
    else if (items instanceof PySet) for (let i = from; i < n; i++) items.add(stack[i]!);
    else fail("target is not a list");
    while (stack.length > from) stack.pop();
  };
  /** Sets the key/value pairs stack[from..] into a dict (or dict-like record), then drops them. */
  const setItems = (t: PyValue, from: number): void => {
    if ((stack.length - from) % 2) fail("odd number of items");
    const n = stack.length;
    if (t instanceof PyDict) for (let i = from; i < n; i += 2) t.set(stack[i]!, stack[i + 1]!);
    else if (t instanceof PyObject) for (let i = from, d = (t.dictItems ??= []); i < n; i += 2) d.push([stack[i]!, stack[i + 1]!]);
    else fail("target is not a dict");
    while (stack.length > from) stack.pop();
  };

  // --- the memo ---
  const store = (index: number, v: PyValue | Lazy): void => {
    if (index < memo.length) memo[index] = v;
    else if (index === memo.length) memo.push(v);
    else sparse.set(index, v);
  };
  const put = (index: number): void => {
    const v = pop(1);
    if (Array.isArray(v)) listPut(v, index);
    if (!Number.isInteger(index) || index < 0 || index > lim.maxMemo) fail(`memo index ${index} outside 0..${lim.maxMemo} (maxMemo limit)`);
    store(index, v);
    if (v instanceof PyObject) slots.get(v)?.push(index) ?? slots.set(v, [index]);
  };
  const memoAt = (index: number): PyValue | Lazy | undefined => (index >= 0 && index < memo.length ? memo[index] : sparse.get(index));
  const get = (index: number): PyValue => {
    const v = memoAt(index);
    if (Array.isArray(v) && !v.length) listShared(v, marks.length);
    return v === undefined ? fail(`memo index ${index} was never stored`) : typeof v === "function" ? v() : v;
  };

  // --- bytes in protocols 0-2: _codecs.encode(text, "latin1") read in one step (read-bytes.ts) ---
  /** 1: `_codecs.encode` is on top of the stack (the args end with TUPLE2), 2: it is under the MARK just set (TUPLE); else 0. */
  const encodeCallee = (): number => {
    const n = stack.length;
    const top = stack[n - 1];
    if (!(top instanceof PyGlobal) || top.qualifiedName !== "_codecs.encode") return 0;
    // under a MARK, REDUCE pops the callable after TUPLE: it must be above the MARK before
    return marks[marks.length - 1] !== n ? 1 : (marks[marks.length - 2] ?? 0) < n ? 2 : 0;
  };
  /** The text of protocol-0 UNICODE bytes[start, end) whose first backslash is at `escape` (-1: none). */
  const unicodeText = (start: number, end: number, escape: number): string =>
    escape < 0 ? latin1At(start, end) : rawUnicodeEscape(bytes, start, end, latin1At, escape);
  /**
   * The bytes of `_codecs.encode(text, "latin1")` when the ops after the text bytes[start, end)
   * make that call and every character is latin-1, with the effects of those ops applied up to
   * REDUCE (the memoized text and tuple made only if a GET reads them); else undefined, nothing
   * changed. `escape`: undefined for UTF-8, else UNICODE's first backslash (-1: none).
   */
  const encodeCall = (start: number, end: number, callee: number, escape?: number): Uint8Array | undefined => {
    const tail = encodeTail(bytes, escape === undefined ? end : end + 1, callee === 2);
    if (!tail || objects + 4 > lim.maxObjects || Math.max(tail[0]!, tail[2]!, tail[3]!) > lim.maxMemo) return undefined;
    const [put1, get1, put2, put3, after] = tail as [number, number, number, number, number];
    // the encoding read from the memo must be "latin1" (and not the slot the text was just put in)
    if (get1 >= 0 && (get1 === put1 || memoAt(get1) !== "latin1")) return undefined;
    const out = escape === undefined ? latin1FromUtf8(bytes, start, end) : escape < 0 ? bytes.slice(start, end) : latin1FromRawUnicodeEscape(bytes, start, end, escape);
    if (!out) return undefined;
    const text = lazy(() => (escape === undefined ? textAt(start, end) : unicodeText(start, end, escape)));
    if (put1 >= 0) store(put1, text);
    if (put2 >= 0) store(put2, "latin1");
    if (put3 >= 0) store(put3, lazy(() => new PyTuple([text(), "latin1"])));
    objects += 3; // the text, the encoding and the tuple; the bytes are counted as any value
    stack.pop();
    if (callee === 2) marks.pop();
    pos = after;
    return out;
  };

  try {
    for (;;) {
      opStart = pos;
      if (pos >= len) fail("pickle ended before STOP (truncated)");
      const code = bytes[pos++]!;
      let v: PyValue;
      switch (code) {
        case 0x4e: v = null; break; // NONE
        case 0x88: v = true; break; // NEWTRUE
        case 0x89: v = false; break; // NEWFALSE
        case 0x4b: v = u8(); break; // BININT1
        case 0x4d: need(2); v = bytes[pos]! | (bytes[pos + 1]! << 8); pos += 2; break; // BININT2
        case 0x4a: v = u32() | 0; break; // BININT
        case 0x47: // BINFLOAT
          need(8);
          v = data.getFloat64((pos += 8) - 8);
          break;
        case 0x49: { // INT; protocol 0 writes booleans as I01 / I00
          const start = pos;
          v = textInt();
          if (pos - start === 3 && bytes[start] === 0x30 && (bytes[start + 1]! | 1) === 0x31) v = v === 1;
          break;
        }
        case 0x4c: v = textInt(1); break; // LONG
        case 0x8a: case 0x8b: { // LONG1, LONG4
          const n = code === 0x8a ? u8() : u32() | 0;
          // 8 bits per byte ≈ 2.408 decimal digits: refuse before converting anything
          if (n * 2.408 > lim.maxBigIntDigits + 3) fail(`integer of ${n} bytes exceeds ${lim.maxBigIntDigits} digits (maxBigIntDigits limit)`);
          if (n < 0) fail(`negative length ${n}`);
          need(n);
          v = n < 7 ? smallSigned(bytes, pos, n) : signedRange(bytes, pos, n);
          pos += n;
          break;
        }
        case 0x46: { // FLOAT
          const start = pos;
          pos = lineEnd() + 1;
          v = parseFloatText(latin1Range(bytes, start, pos - 1));
          break;
        }
        case 0x53: v = pythonString(line()); break; // STRING
        case 0x54: v = latin1Text(u32() | 0); break; // BINSTRING
        case 0x55: v = latin1Text(u8()); break; // SHORT_BINSTRING
        case 0x56: { // UNICODE: escapes start at its first backslash
          const start = pos;
          const end = lineEnd();
          // the next backslash is searched once for all strings before it (linear in the whole pickle)
          if (backslash < start) backslash = bytes.indexOf(0x5c, start) >>> 0; // none: past every string
          const escape = backslash < end ? backslash : -1;
          pos = end + 1;
          const callee = encodeCallee();
          v = (callee && encodeCall(start, end, callee, escape)) || unicodeText(start, end, escape);
          break;
        }
        case 0x58: case 0x8c: { // BINUNICODE, SHORT_BINUNICODE
          const n = code === 0x58 ? u32() : u8();
          need(n);
          const callee = encodeCallee();
          v = (callee && encodeCall(pos, pos + n, callee)) || textAt(pos, (pos += n));
          // the MEMOIZE after nearly every string of protocols 4-5, done here as put(memo.length) would
          if (bytes[pos] === 0x94 && memo.length <= lim.maxMemo) pos++, memo.push(v);
          break;
        }
        case 0x8d: v = decodeUtf8(take(uint(8))); break; // BINUNICODE8
        case 0x42: v = copy(u32()); break; // BINBYTES
        case 0x43: v = copy(u8()); break; // SHORT_BINBYTES
        case 0x8e: v = copy(uint(8)); break; // BINBYTES8
        case 0x96: v = new PyByteArray(copy(uint(8))); break; // BYTEARRAY8
        case 0x67: v = get(Number(textInt())); break; // GET
        case 0x68: v = get(u8()); break; // BINGET
        case 0x6a: v = get(u32()); break; // LONG_BINGET
        case 0x70: put(Number(textInt())); continue; // PUT
        case 0x71: put(u8()); continue; // BINPUT
        case 0x72: put(u32()); continue; // LONG_BINPUT
        case 0x94: put(memo.length); continue; // MEMOIZE
        case 0x28: // MARK
          if (marks.length >= lim.maxDepth) fail(`MARK nesting deeper than ${lim.maxDepth} (maxDepth limit)`);
          listMark(marks.length); // lists filled right after their EMPTY_LIST get their exact size (read-lists.ts)
          marks.push(stack.length);
          continue;
        case 0x2e: listsDone(); return pop(); // STOP (read-lists.ts keeps no part of the result: a try/finally costs ~10%)
        case 0x30: // POP (of a value, or of a MARK with nothing above it)
          if (marks.length && base() === stack.length) marks.pop();
          else pop();
          continue;
        case 0x31: stack.length = popMark(); continue; // POP_MARK
        case 0x32: v = pop(1); if (Array.isArray(v)) listShared(v, marks.length); break; // DUP
        case 0x5d: v = emptyList(); break; // EMPTY_LIST
        case 0x7d: v = new PyDict(); break; // EMPTY_DICT
        case 0x29: v = new PyTuple([]); break; // EMPTY_TUPLE
        case 0x8f: v = new PySet(); break; // EMPTY_SET
        case 0x6c: v = stack.splice(popMark()); break; // LIST
        case 0x74: v = new PyTuple(stack.splice(popMark())); break; // TUPLE
        case 0x91: v = new PySet(stack.splice(popMark()), true); break; // FROZENSET
        // TUPLE1, TUPLE2, TUPLE3: array literals (exactly sized, and cheaper than a splice)
        case 0x85: above(1); v = new PyTuple([stack.pop()!]); break;
        case 0x86: above(2); v = stack.pop()!; v = new PyTuple([stack.pop()!, v]); break;
        case 0x87: { above(3); const c = stack.pop()!, b = stack.pop()!; v = new PyTuple([stack.pop()!, b, c]); break; }
        case 0x64: setItems((v = new PyDict()), popMark()); break; // DICT
        case 0x61: { // APPEND (to a list here: protocol 0 appends every item this way)
          above(2);
          const n = stack.length;
          const t = stack[n - 2]!;
          // only a list's first APPEND may make it exact (protocol 0 appends every item this way)
          if (Array.isArray(t)) (!t.length && appendOne(stack, t, n, memoAt, store)) || t.push(stack.pop()!);
          else append(t, n - 1);
          continue;
        }
        case 0x65: { // APPENDS (to a list whose EMPTY_LIST is right below the MARK: an exact copy of the items)
          const t = target();
          if (!appendMany(stack, t, at, marks.length, memoAt, store)) append(t, at);
          continue;
        }
        case 0x90: // ADDITEMS
          if (!(target() instanceof PySet)) fail("target is not a set");
          append(stack[at - 1]!, at);
          continue;
        case 0x73: { // SETITEM (a dict's pair set here: protocol 0 sets every item this way)
          above(3);
          const n = stack.length;
          const t = stack[n - 3]!;
          if (t instanceof PyDict) {
            const value = stack.pop()!;
            t.set(stack.pop()!, value);
          } else setItems(t, n - 2);
          continue;
        }
        case 0x75: setItems(target(), at); continue; // SETITEMS
        case 0x63: case 0x69: { // GLOBAL, INST
          const module = decodeUtf8(line());
          v = global(module, decodeUtf8(line()));
          if (code === 0x69) v = reduceValue(v, stack.splice(popMark()));
          break;
        }
        case 0x93: { // STACK_GLOBAL
          const name = pop();
          const module = pop();
          if (typeof module !== "string" || typeof name !== "string") fail("needs two strings");
          v = global(module, name);
          break;
        }
        case 0x52: case 0x81: case 0x92: { // REDUCE, NEWOBJ, NEWOBJ_EX
          const kwargs = code === 0x92 ? pop() : undefined;
          const a = pop();
          const args = a instanceof PyTuple ? a.items : Array.isArray(a) ? a : fail("arguments are not a tuple");
          v = code === 0x52 ? reduceValue(pop(), args) : newObjectValue(pop(), args, kwargs);
          break;
        }
        case 0x6f: { // OBJ
          const items = stack.splice(popMark());
          if (!items.length) fail("no class after the MARK");
          v = reduceValue(items[0]!, items.slice(1));
          break;
        }
        case 0x62: { // BUILD
          const state = pop();
          const obj = pop();
          const built = buildValue(obj, state);
          // BUILD replaced a memoized record by a rebuilt value: later GETs must see the new one
          if (built !== obj) {
            for (const i of slots.get(obj as PyObject) ?? []) i < memo.length ? (memo[i] = built) : sparse.set(i, built);
            slots.delete(obj as PyObject);
          }
          stack.push(built);
          continue;
        }
        case 0x80: // PROTO
          protocol = u8();
          if (protocol > 5) fail(`unsupported pickle protocol ${protocol}`);
          continue;
        case 0x95: need(uint(8)); continue; // FRAME
        case 0x50: case 0x51: refuse("persistent ids (the pickler's external objects)");
        case 0x97: case 0x98: refuse("out-of-band buffers");
        case 0x82: case 0x83: case 0x84: refuse("copyreg extension registry codes");
        default: fail(`unknown opcode byte 0x${code.toString(16).padStart(2, "0")}`);
      }
      if (++objects > lim.maxObjects) fail(`more than ${lim.maxObjects} objects (maxObjects limit)`);
      stack.push(v);
    }
  } catch (err) {
    listsDone();
    if (err instanceof PickleError) throw err;
    const code = bytes[opStart];
    const opcode = code === undefined ? undefined : opcodeName(code);
    const what = err instanceof DecodeFailure ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
    throw new PickleError(`unpickle: ${what} at offset ${opStart}${opcode ? ` (${opcode})` : ""}`, { offset: opStart, opcode, cause: err });
  }
}
