/**
 * Naming of classes met in a pickle: protocol 0–2 compatibility renames (Python 2 module names),
 * cloudpickle by-value "skeleton" classes, and which classes are exceptions. Nothing is resolved
 * or imported: these are string decisions on inert records.
 */
import { PyDict, PyGlobal, PyObject, PyTuple, type PyValue } from "./value.js";

// Mirrors CPython's _compat_pickle: Unpickler.find_class renames these when the protocol is < 3.
const IMPORT_MAPPING: Record<string, string> = {
  __builtin__: "builtins", copy_reg: "copyreg", Queue: "queue", SocketServer: "socketserver",
  ConfigParser: "configparser", repr: "reprlib", _winreg: "winreg", thread: "_thread",
  dummy_thread: "_dummy_thread", xmlrpclib: "xmlrpc.client", httplib: "http.client",
  htmlentitydefs: "html.entities", HTMLParser: "html.parser", Cookie: "http.cookies",
  cookielib: "http.cookiejar", BaseHTTPServer: "http.server", commands: "subprocess",
  urlparse: "urllib.parse", robotparser: "urllib.robotparser", urllib2: "urllib.request",
  anydbm: "dbm", _abcoll: "collections.abc", cPickle: "pickle", UserDict: "collections",
  UserList: "collections", UserString: "collections", whichdb: "dbm", StringIO: "io", cStringIO: "io",
};

const NAME_MAPPING: Record<string, string> = {
  "__builtin__.xrange": "builtins.range", "__builtin__.reduce": "functools.reduce",
  "__builtin__.intern": "sys.intern", "__builtin__.unichr": "builtins.chr",
  "__builtin__.unicode": "builtins.str", "__builtin__.long": "builtins.int",
  "__builtin__.basestring": "builtins.str", "itertools.izip": "builtins.zip",
  "itertools.imap": "builtins.map", "itertools.ifilter": "builtins.filter",
  "itertools.ifilterfalse": "itertools.filterfalse", "itertools.izip_longest": "itertools.zip_longest",
  "UserDict.IterableUserDict": "collections.UserDict", "UserDict.UserDict": "collections.UserDict",
  "UserList.UserList": "collections.UserList", "UserString.UserString": "collections.UserString",
  "exceptions.StandardError": "builtins.Exception", "socket._socketobject": "socket.SocketType",
};

/** The (module, name) a protocol < 3 pickle means, after Python 3's compatibility renames. */
export function compatName(module: string, name: string, protocol: number): [string, string] {
  if (protocol >= 3) return [module, name];
  const key = `${module}.${name}`;
  const mapped = Object.hasOwn(NAME_MAPPING, key) ? NAME_MAPPING[key] : undefined;
  if (mapped !== undefined) {
    const dot = mapped.indexOf(".");
    return [mapped.slice(0, dot), mapped.slice(dot + 1)];
  }
  if (module === "exceptions") return ["builtins", name];
  return [Object.hasOwn(IMPORT_MAPPING, module) ? IMPORT_MAPPING[module]! : module, name];
}

const BUILTIN_EXCEPTIONS = new Set(
  ("BaseException BaseExceptionGroup Exception ExceptionGroup ArithmeticError AssertionError AttributeError " +
    "BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError " +
    "ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError EncodingWarning " +
    "EnvironmentError FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError " +
    "ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError " +
    "KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError NotADirectoryError " +
    "NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError " +
    "RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration " +
    "StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError TypeError " +
    "UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError " +
    "UnicodeWarning UserWarning ValueError Warning ZeroDivisionError WindowsError").split(" "),
);

/** True for a class reference that names an exception type. */
export function isExceptionClass(cls: PyValue, depth = 0): boolean {
  if (cls instanceof PyGlobal) {
    if (cls.module === "builtins") return BUILTIN_EXCEPTIONS.has(cls.name);
    return /(Error|Exception|Warning|Exit|Interrupt)$/.test(cls.name);
  }
  const skeleton = skeletonInfo(cls);
  if (skeleton === undefined || depth > 20) return false;
  return skeleton.bases.some((base) => isExceptionClass(base, depth + 1));
}

// OSError(errno, ...) is really a subclass chosen by errno (Linux numbers), as CPython's OSError.__new__ does.
const OSERROR_BY_ERRNO: Record<number, string> = {
  1: "PermissionError", 2: "FileNotFoundError", 3: "ProcessLookupError", 4: "InterruptedError",
  10: "ChildProcessError", 11: "BlockingIOError", 13: "PermissionError", 17: "FileExistsError",
  20: "NotADirectoryError", 21: "IsADirectoryError", 32: "BrokenPipeError", 103: "ConnectionAbortedError",
  104: "ConnectionResetError", 108: "BrokenPipeError", 110: "TimeoutError", 111: "ConnectionRefusedError",
  114: "BlockingIOError", 115: "BlockingIOError",
};

/** The class path of an exception built from `cls(*args)`. */
export function exceptionClassName(cls: PyValue, args: PyValue[]): string {
  const path = classPath(cls) ?? "builtins.Exception";
  if (["builtins.OSError", "builtins.IOError", "builtins.EnvironmentError", "builtins.WindowsError"].includes(path)) {
    const errno = args.length >= 2 && typeof args[0] === "number" ? OSERROR_BY_ERRNO[args[0]] : undefined;
    return `builtins.${errno ?? "OSError"}`;
  }
  return path;
}

export interface SkeletonInfo {
  module: string;
  qualname: string;
  bases: PyValue[];
}

/** True for cloudpickle's own helper functions (cloudpickle.cloudpickle, cloudpickle.cloudpickle_fast). */
export function isCloudpickleHelper(v: PyValue, name: string): boolean {
  return v instanceof PyGlobal && v.name === name && (v.module === "cloudpickle" || v.module.startsWith("cloudpickle."));
}

/** Facts about a class cloudpickle pickled by value (_make_skeleton_class / _make_skeleton_enum). */
export function skeletonInfo(v: PyValue): SkeletonInfo | undefined {
  if (!(v instanceof PyObject)) return undefined;
  const state = classState(v.state);
  if (isCloudpickleHelper(v.callable, "_make_skeleton_class")) {
    const [, name, bases, typeKwargs] = v.args;
    const module = dictString(state, "__module__") ?? dictString(typeKwargs, "__module__") ?? "__main__";
    const qualname = dictString(state, "__qualname__") ?? (typeof name === "string" ? name : "?");
    return { module, qualname, bases: bases instanceof PyTuple ? bases.items : [] };
  }
  if (isCloudpickleHelper(v.callable, "_make_skeleton_enum")) {
    const [bases, name, qualname, , module] = v.args;
    return {
      module: typeof module === "string" ? module : "__main__",
      qualname: typeof qualname === "string" ? qualname : typeof name === "string" ? name : "?",
      bases: bases instanceof PyTuple ? bases.items : [],
    };
  }
  return undefined;
}

/** "module.QualName" for a class reference (global or by-value skeleton), else undefined. */
export function classPath(cls: PyValue): string | undefined {
  if (cls instanceof PyGlobal) return cls.qualifiedName;
  // cloudpickle's _builtin_type("CodeType") stands for types.CodeType
  if (cls instanceof PyObject && isCloudpickleHelper(cls.callable, "_builtin_type") && typeof cls.args[0] === "string") {
    return `types.${cls.args[0]}`;
  }
  const info = skeletonInfo(cls);
  return info === undefined ? undefined : `${info.module}.${info.qualname}`;
}

/** _class_setstate receives (state_dict, slotstate); we keep it on the skeleton's record. */
function classState(state: PyValue | undefined): PyDict | undefined {
  if (state instanceof PyDict) return state;
  if (state instanceof PyTuple && state.items[0] instanceof PyDict) return state.items[0];
  return undefined;
}

function dictString(d: PyValue | undefined, key: string): string | undefined {
  if (!(d instanceof PyDict)) return undefined;
  const v = d.get(key);
  return typeof v === "string" ? v : undefined;
}
