/** Pickle opcode bytes and their names (CPython's pickletools table, protocols 0 to 5). */
type OpName =
  | "MARK" | "STOP" | "POP" | "POP_MARK" | "DUP" | "FLOAT" | "INT" | "BININT" | "BININT1" | "LONG" | "BININT2"
  | "NONE" | "PERSID" | "BINPERSID" | "REDUCE" | "STRING" | "BINSTRING" | "SHORT_BINSTRING" | "UNICODE"
  | "BINUNICODE" | "APPEND" | "BUILD" | "GLOBAL" | "DICT" | "EMPTY_DICT" | "APPENDS" | "GET" | "BINGET" | "INST"
  | "LONG_BINGET" | "LIST" | "EMPTY_LIST" | "OBJ" | "PUT" | "BINPUT" | "LONG_BINPUT" | "SETITEM" | "TUPLE"
  | "EMPTY_TUPLE" | "SETITEMS" | "BINFLOAT" | "PROTO" | "NEWOBJ" | "EXT1" | "EXT2" | "EXT4" | "TUPLE1" | "TUPLE2"
  | "TUPLE3" | "NEWTRUE" | "NEWFALSE" | "LONG1" | "LONG4" | "BINBYTES" | "SHORT_BINBYTES" | "SHORT_BINUNICODE"
  | "BINUNICODE8" | "BINBYTES8" | "EMPTY_SET" | "ADDITEMS" | "FROZENSET" | "NEWOBJ_EX" | "STACK_GLOBAL" | "MEMOIZE"
  | "FRAME" | "BYTEARRAY8" | "NEXT_BUFFER" | "READONLY_BUFFER";

/** Opcode byte → name. */
const NAMES: string[] = [];
// protocols 0 and 1: each opcode is a printable ASCII byte; a token is that character, then the name
for (const token of (
  "(MARK )EMPTY_TUPLE .STOP 0POP 1POP_MARK 2DUP BBINBYTES CSHORT_BINBYTES FFLOAT GBINFLOAT IINT JBININT KBININT1 " +
  "LLONG MBININT2 NNONE PPERSID QBINPERSID RREDUCE SSTRING TBINSTRING USHORT_BINSTRING VUNICODE XBINUNICODE " +
  "]EMPTY_LIST aAPPEND bBUILD cGLOBAL dDICT eAPPENDS gGET hBINGET iINST jLONG_BINGET lLIST oOBJ pPUT qBINPUT " +
  "rLONG_BINPUT sSETITEM tTUPLE uSETITEMS }EMPTY_DICT"
).split(" ")) NAMES[token.charCodeAt(0)] = token.slice(1);
// protocols 2 to 5: consecutive bytes from 0x80 (PROTO)
(
  "PROTO NEWOBJ EXT1 EXT2 EXT4 TUPLE1 TUPLE2 TUPLE3 NEWTRUE NEWFALSE LONG1 LONG4 SHORT_BINUNICODE BINUNICODE8 " +
  "BINBYTES8 EMPTY_SET ADDITEMS FROZENSET NEWOBJ_EX STACK_GLOBAL MEMOIZE FRAME BYTEARRAY8 NEXT_BUFFER READONLY_BUFFER"
).split(" ").forEach((name, i) => (NAMES[0x80 + i] = name));

/** Opcode name → byte (e.g. OP.STACK_GLOBAL is 0x93). */
export const OP: { readonly [name in OpName]: number } = Object.fromEntries(
  NAMES.flatMap((name, code) => (name ? [[name, code]] : [])),
) as { [name in OpName]: number };

/** The opcode's name, or a hex label for bytes that are no opcode. */
export function opcodeName(code: number): string {
  return NAMES[code] ?? `unknown opcode 0x${code.toString(16).padStart(2, "0")}`;
}
