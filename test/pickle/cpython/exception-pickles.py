"""
Writes, as JSON on stdout, CPython pickles (protocols 0-5) of exceptions and of classes that
pickle as cls(*args), each with the view our decoder must give (the rules of README's "The JSON
view of a Python value", written out here in Python). Run by test/pickle/exceptions.test.ts;
its output is committed as exception-pickles.json so the test also runs without python3:

    python3 test/pickle/cpython/exception-pickles.py > test/pickle/cpython/exception-pickles.json

Nothing here needs `returns` or a module on disk: `labtools` and `returns.result` are made in
memory. The stand-in Success/Failure have returns 0.23's pickle layout (a `_inner_value` slot,
`__getstate__` giving {"container_value": ...}); when ../shared/fixtures is beside the repo the
script checks that they pickle to the very bytes real returns gave there.
"""
import base64, json, os, pickle, sys, types

def module(name):
    m = types.ModuleType(name)
    sys.modules[name] = m
    return m

lab = module("labtools")
returns = module("returns")
result = module("returns.result")
returns.result = result

class Container:
    __slots__ = ("_inner_value",)
    def __init__(self, inner): self._inner_value = inner
    def __getstate__(self): return {"container_value": self._inner_value}
    def __setstate__(self, state): object.__setattr__(self, "_inner_value", state["container_value"])
    def __eq__(self, other): return type(self) is type(other) and self._inner_value == other._inner_value

class Success(Container): __slots__ = ()
class Failure(Container): __slots__ = ()

class LinkDown(Exception): pass          # an exception whose name does not say so
class ProbeError(RuntimeError): pass     # an exception whose name does

class Endpoint:                          # not an exception: pickles as Endpoint(host, port)
    def __init__(self, host, port): self.host, self.port = host, port
    def __reduce__(self): return (Endpoint, (self.host, self.port))

class Reading:                           # not an exception: Reading(value) then its state
    def __init__(self, value, unit=None): self.value, self.unit = value, unit
    def __reduce__(self): return (Reading, (self.value,), {"unit": self.unit})

for owner, classes in ((lab, (LinkDown, ProbeError, Endpoint, Reading)), (result, (Success, Failure))):
    for cls in classes:
        cls.__module__ = owner.__name__
        setattr(owner, cls.__name__, cls)

def with_attrs(exc, **attrs):
    for k, v in attrs.items(): setattr(exc, k, v)
    return exc

def exception_view(exc):
    view = {"$exception": type(exc).__module__ + "." + type(exc).__qualname__, "args": list(exc.args)}
    if exc.__dict__: view["state"] = dict(exc.__dict__)
    return view

def object_view(value):
    cls, args, *rest = value.__reduce_ex__(2)
    view = {"$object": cls.__module__ + "." + cls.__qualname__}
    if args: view["args"] = list(args)
    view["state"] = rest[0] if rest and rest[0] is not None else {}
    return view

def bare_view(exc):
    # by reference, only the name tells: Error/Exception/Warning/Exit/Interrupt endings are exceptions
    named = type(exc).__name__.endswith(("Error", "Exception", "Warning", "Exit", "Interrupt"))
    return exception_view(exc) if named else object_view(exc)

exceptions = {
    "LinkDown": lambda: LinkDown("eth0 lost carrier"),
    "LinkDown with attributes": lambda: with_attrs(LinkDown("eth0 lost carrier", 3), interface="eth0", retries=[1, 2]),
    "ProbeError": lambda: ProbeError("timeout", 3),
    "ProbeError with attributes": lambda: with_attrs(ProbeError("timeout"), host="10.0.0.1"),
    "LinkDown without arguments": lambda: LinkDown(),
}
cases = []
for name, make in exceptions.items():
    cases.append((name + " bare", make(), bare_view(make())))
    cases.append((name + " in a Failure", Failure(make()), {"$err": exception_view(make())}))
cases.append(("netunicorn-shaped Failure of task runs", Failure({"probe": [Failure(LinkDown("eth0 lost carrier"))]}),
              {"$err": {"probe": [{"$err": exception_view(LinkDown("eth0 lost carrier"))}]}}))
cases.append(("Endpoint bare", Endpoint("10.0.0.1", 22), object_view(Endpoint("10.0.0.1", 22))))
cases.append(("Reading bare", Reading(12.5, "ms"), object_view(Reading(12.5, "ms"))))
cases.append(("Endpoint in a Success", Success(Endpoint("h", 1)), {"$ok": object_view(Endpoint("h", 1))}))

def check_stand_in_against_real_returns():
    """The stand-in Success/Failure pickle to the bytes real returns gave in shared/fixtures."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "..", "..", "shared", "fixtures", "pickles", "returns_results.json")
    if not os.path.exists(path): return
    value = [Success(1), Failure("boom"), Success({"inner": [Failure(ValueError("x"))]})]
    for entry in json.load(open(path)):
        if pickle.dumps(value, protocol=entry["protocol"]) != base64.b64decode(entry["pickle_b64"]):
            sys.exit("the stand-in returns.result does not pickle like real returns (protocol %d)" % entry["protocol"])

check_stand_in_against_real_returns()
out = []
for name, value, view in cases:
    for proto in range(6):
        data = pickle.dumps(value, protocol=proto)
        pickle.loads(data)  # CPython can read it back
        out.append({"name": name, "protocol": proto, "pickle_b64": base64.b64encode(data).decode(), "view": view})

try:  # an exception class cloudpickle pickles by value (a class skeleton naming its bases)
    import cloudpickle
    ns = {}
    exec("class Unreachable(ConnectionError):\n    pass\n", ns)
    cls = ns["Unreachable"]
    cls.__module__ = "__main__"
    cls.__qualname__ = "Unreachable"
    for proto in range(2, 6):
        exc = cls("10.0.0.9")
        data = cloudpickle.dumps(exc, protocol=proto)
        out.append({"name": "by-value Unreachable(ConnectionError) bare", "protocol": proto, "pickle_b64": base64.b64encode(data).decode(),
                    "view": {"$exception": "__main__.Unreachable", "args": ["10.0.0.9"]}})
except ImportError:
    pass
print(json.dumps({"python": sys.version.split()[0], "cases": out}, indent=1))
