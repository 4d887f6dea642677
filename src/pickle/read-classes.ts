/**
 * Naming of classes met in a pickle: protocol 0–2 compatibility renames (Python 2 module names),
 * cloudpickle by-value "skeleton" classes, and which classes are exceptions. Nothing is resolved
 * or imported: these are string decisions on inert records.
 */
import { PyDict, PyGlobal, PyObject, PyTuple, type PyValue } from "./value.js";

// Mirrors CPython's _compat_pickle, which Unpickler.find_class applies when the protocol is < 3:
// "module.name" keys are NAME_MAPPING (whole renames), bare module keys are IMPORT_MAPPING.
const COMPAT = new Map(
  (
    "__builtin__=builtins copy_reg=copyreg Queue=queue SocketServer=socketserver " +
    "ConfigParser=configparser repr=reprlib _winreg=winreg thread=_thread dummy_thread=_dummy_thread " +
    "xmlrpclib=xmlrpc.client httplib=http.client htmlentitydefs=html.entities HTMLParser=html.parser " +
    "Cookie=http.cookies cookielib=http.cookiejar BaseHTTPServer=http.server commands=subprocess " +
    "urlparse=urllib.parse robotparser=urllib.robotparser urllib2=urllib.request anydbm=dbm " +
    "_abcoll=collections.abc cPickle=pickle UserDict=collections UserList=collections " +
    "UserString=collections whichdb=dbm StringIO=io cStringIO=io __builtin__.xrange=builtins.range " +
    "__builtin__.reduce=functools.reduce __builtin__.intern=sys.intern __builtin__.unichr=builtins.chr " +
    "__builtin__.unicode=builtins.str __builtin__.long=builtins.int __builtin__.basestring=builtins.str " +
    "itertools.izip=builtins.zip itertools.imap=builtins.map itertools.ifilter=builtins.filter " +
    "itertools.ifilterfalse=itertools.filterfalse itertools.izip_longest=itertools.zip_longest " +
    "UserDict.IterableUserDict=collections.UserDict UserDict.UserDict=collections.UserDict " +
    "UserList.UserList=collections.UserList UserString.UserString=collections.UserString " +
    "exceptions.StandardError=builtins.Exception socket._socketobject=socket.SocketType"
  ).split(" ").map((pair) => pair.split("=") as [string, string]),
);

/** The (module, name) a protocol < 3 pickle means, after Python 3's compatibility renames. */
export function compatName(module: string, name: string, protocol: number): [string, string] {
  if (protocol >= 3) return [module, name];
  // every renamed name's module is a single word: split at the first dot
  const mapped = COMPAT.get(`${module}.${name}`)?.split(/\.(.*)/);
  if (mapped) return [mapped[0]!, mapped[1]!];
  return [module === "exceptions" ? "builtins" : (COMPAT.get(module) ?? module), name];
}

/**
 * True for a class reference that names an exception type: a global whose name ends like
 * Python's exception classes (every builtins exception does; ExceptionGroup and StopIteration
 * are named outright), or a by-value class with such a base.
 */
export function isExceptionClass(cls: PyValue, depth = 0): boolean {
  if (cls instanceof PyGlobal) {
    return /(Error|Exception|Warning|Exit|Interrupt)$/.test(cls.name) ||
      (cls.module === "builtins" && /^(Base)?ExceptionGroup$|^Stop(Async)?Iteration$/.test(cls.name));
  }
  return depth < 21 && !!skeletonInfo(cls)?.bases.some((base) => isExceptionClass(base, depth + 1));
}

// OSError(errno, ...) is really a subclass chosen by errno (Linux numbers), as CPython's OSError.__new__ does.
const OSERROR_BY_ERRNO = new Map(
  (
    "1Permission 2FileNotFound 3ProcessLookup 4Interrupted 10ChildProcess 11BlockingIO 13Permission 17FileExists " +
    "20NotADirectory 21IsADirectory 32BrokenPipe 103ConnectionAborted 104ConnectionReset 108BrokenPipe 110Timeout " +
    "111ConnectionRefused 114BlockingIO 115BlockingIO"
  ).split(" ").map((t): [number, string] => [parseInt(t), t.replace(/\d+/, "")]),
);

/** The class path of an exception built from `cls(*args)`. */
export function exceptionClassName(cls: PyValue, args: PyValue[]): string {
  const path = classPath(cls) ?? "builtins.Exception";
  if (/^builtins\.(OS|IO|Environment|Windows)Error$/.test(path)) {
    return `builtins.${(args.length > 1 && OSERROR_BY_ERRNO.get(args[0] as number)) || "OS"}Error`;
  }
  return path;
}

export interface SkeletonInfo {
  module: string;
  qualname: string;
  bases: PyValue[];
}

/** The name of one of cloudpickle's own helper functions (module cloudpickle or cloudpickle.*), else undefined. */
export function cloudpickleHelper(v: PyValue): string | undefined {
  return v instanceof PyGlobal && /^cloudpickle(\.|$)/.test(v.module) ? v.name : undefined;
}

const str = (v: PyValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);

/** A string entry of a dict (or of the dict first in a (dict, slots) state tuple). */
function entry(d: PyValue | undefined, key: string): string | undefined {
  if (d instanceof PyTuple) d = d.items[0];
  return d instanceof PyDict ? str(d.get(key)) : undefined;
}

/** Facts about a class cloudpickle pickled by value (_make_skeleton_class / _make_skeleton_enum). */
export function skeletonInfo(v: PyValue): SkeletonInfo | undefined {
  if (!(v instanceof PyObject)) return undefined;
  const helper = cloudpickleHelper(v.callable);
  const a = v.args;
  // _make_skeleton_class(type_constructor, name, bases, type_kwargs, ...), its state set by _class_setstate
  // _make_skeleton_enum(bases, name, qualname, members, module, ...)
  const isClass = helper === "_make_skeleton_class";
  if (!isClass && helper !== "_make_skeleton_enum") return undefined;
  const [module, qualname, bases] = isClass
    ? [entry(v.state, "__module__") ?? entry(a[3], "__module__"), entry(v.state, "__qualname__") ?? str(a[1]), a[2]]
    : [str(a[4]), str(a[2]) ?? str(a[1]), a[0]];
  return { module: module ?? "__main__", qualname: qualname ?? "?", bases: bases instanceof PyTuple ? bases.items : [] };
}

/** "module.QualName" for a class reference (global or by-value skeleton), else undefined. */
export function classPath(cls: PyValue): string | undefined {
  if (cls instanceof PyGlobal) return cls.qualifiedName;
  // cloudpickle's _builtin_type("CodeType") stands for types.CodeType
  if (cls instanceof PyObject && cloudpickleHelper(cls.callable) === "_builtin_type" && typeof cls.args[0] === "string") {
    return `types.${cls.args[0]}`;
  }
  const info = skeletonInfo(cls);
  return info && `${info.module}.${info.qualname}`;
}
