/**
 * The opcodes the writer and the graph builder emit, as plain constants (the same bytes as `OP`
 * in opcodes.ts, which test/pickle/write.test.ts checks): a bundler inlines them as numbers, so
 * writing code costs no property lookups and no table in the bundle. One constant per line.
 */
export const MARK = 0x28;
export const STOP = 0x2e;
export const POP = 0x30;
export const POP_MARK = 0x31;
export const BININT = 0x4a;
export const BININT1 = 0x4b;
export const BININT2 = 0x4d;
export const NONE = 0x4e;
export const REDUCE = 0x52;
export const BINUNICODE = 0x58;
export const APPEND = 0x61;
export const BUILD = 0x62;
export const EMPTY_DICT = 0x7d;
export const APPENDS = 0x65;
export const BINGET = 0x68;
export const LONG_BINGET = 0x6a;
export const EMPTY_LIST = 0x5d;
export const SETITEM = 0x73;
export const TUPLE = 0x74;
export const EMPTY_TUPLE = 0x29;
export const SETITEMS = 0x75;
export const BINFLOAT = 0x47;
export const PROTO = 0x80;
export const NEWOBJ = 0x81;
export const TUPLE1 = 0x85;
export const TUPLE2 = 0x86;
export const TUPLE3 = 0x87;
export const NEWTRUE = 0x88;
export const NEWFALSE = 0x89;
export const LONG1 = 0x8a;
export const LONG4 = 0x8b;
export const BINBYTES = 0x42;
export const SHORT_BINBYTES = 0x43;
export const SHORT_BINUNICODE = 0x8c;
export const BINUNICODE8 = 0x8d;
export const BINBYTES8 = 0x8e;
export const EMPTY_SET = 0x8f;
export const ADDITEMS = 0x90;
export const FROZENSET = 0x91;
export const NEWOBJ_EX = 0x92;
export const STACK_GLOBAL = 0x93;
export const MEMOIZE = 0x94;
export const FRAME = 0x95;
export const BYTEARRAY8 = 0x96;
