/**
 * Cross-check against CPython: python3 pickles assorted values with every protocol (0–5) and
 * computes their view with a small Python rendition of shared/pickle-view.md; our decoder must
 * agree. Skipped when python3 is not installed.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/read.js";
import { toView } from "../../src/pickle/view.js";
import { fromBase64 } from "./helpers.js";

const SCRIPT = String.raw`
import pickle, json, base64, math, datetime, decimal, uuid, collections
Point = collections.namedtuple("Point", "x y")
def view(v):
    if v is None or isinstance(v, (bool, str)): return v
    if isinstance(v, int): return v if abs(v) <= 2**53 - 1 else {"$int": str(v)}
    if isinstance(v, float):
        if math.isnan(v): return {"$float": "nan"}
        if math.isinf(v): return {"$float": "inf" if v > 0 else "-inf"}
        if v == 0 and math.copysign(1, v) < 0: return {"$float": "-0"}
        return v
    if isinstance(v, (bytes, bytearray)): return {"$bytes": base64.b64encode(bytes(v)).decode()}
    if isinstance(v, (list, tuple)): return [view(x) for x in v]  # namedtuples count as tuples
    if isinstance(v, dict):
        if all(isinstance(k, str) for k in v): return {k: view(x) for k, x in v.items()}
        return {"$dict": [[view(k), view(x)] for k, x in v.items()]}
    if isinstance(v, (set, frozenset)): return {"$set": [view(x) for x in v]}
    if isinstance(v, datetime.datetime): return {"$datetime": v.isoformat()}
    if isinstance(v, datetime.date): return {"$date": v.isoformat()}
    if isinstance(v, datetime.time): return {"$time": v.isoformat()}
    if isinstance(v, datetime.timedelta): return {"$timedelta": v.total_seconds()}
    if isinstance(v, decimal.Decimal): return {"$decimal": str(v)}
    if isinstance(v, uuid.UUID): return {"$uuid": str(v)}
    if isinstance(v, complex): return {"$complex": [view(v.real), view(v.imag)]}
    if isinstance(v, BaseException): return {"$exception": type(v).__module__ + "." + type(v).__qualname__, "args": [view(a) for a in v.args]}
    raise TypeError(type(v))
tz = datetime.timezone(datetime.timedelta(hours=-3, minutes=-30))
values = {
  "ints": [0, 255, 256, 65535, 65536, -1, 2**31 - 1, -2**31, 2**31, 2**53 - 1, 2**53, -2**63, 2**64, 10**40, -(10**40)],
  "floats": [0.1, -1e300, 5e-324, float("nan"), float("inf"), float("-inf"), -0.0, 1e22],
  "strings": ["", "ascii", "\x00\n\r\x1a\\", "caf\u00e9", "\u65e5\u672c", "\U0001F984", "a" * 300, "\\u0041 not an escape"],
  "bytes": [b"", b"\x00\xff", bytes(range(256)), bytearray(b"ba"), bytearray()],
  "containers": [[], (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), {}, set(), frozenset(), {1, 2}, frozenset({"x"}), list(range(2500)), {str(i): i for i in range(1200)}],
  "dicts": [{"a": {"b": [None, True, False]}}, {1: "x", (1, 2): None, None: 0, 2.5: b"k"}, collections.OrderedDict(z=1, a=2), collections.defaultdict(list, {"k": [1]})],
  "dates": [datetime.datetime(2024, 2, 29, 23, 59, 59, 999999), datetime.datetime(1, 1, 1), datetime.datetime(2024, 1, 1, 12, tzinfo=tz), datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc), datetime.date(999, 12, 31), datetime.time(0, 0), datetime.time(1, 2, 3, 4, tzinfo=tz), datetime.timedelta(days=-3, seconds=5, microseconds=7), datetime.timedelta(0)],
  "namedtuples": [Point(1, "two"), [Point(x=[3], y=None)]],
  "misc": [decimal.Decimal("-0.00"), decimal.Decimal("Infinity"), uuid.UUID(int=2**128 - 1), complex(1, -0.0), ValueError("x", 1), KeyError("k"), OSError(2, "nope"), OSError(13, "denied"), OSError("plain"), StopIteration(), ModuleNotFoundError("m")],
}
import sys
sys.modules["__main__"].Point = Point
out = []
for name, value in values.items():
    for proto in range(6):
        data = pickle.dumps(value, protocol=proto)
        back = pickle.loads(data)
        out.append({"name": name, "protocol": proto, "b64": base64.b64encode(data).decode(), "view": view(back)})
print(json.dumps(out))
`;

function python(): { name: string; protocol: number; b64: string; view: unknown }[] | undefined {
  try {
    return JSON.parse(execFileSync("python3", ["-c", SCRIPT], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
  } catch {
    return undefined;
  }
}

const cases = python();

describe.skipIf(cases === undefined)("python3 pickle.dumps → unpickle → toView", () => {
  it.each((cases ?? []).map((c) => [`${c.name} protocol ${c.protocol}`, c] as const))("%s", (_label, c) => {
    expect(toView(unpickle(fromBase64(c.b64)))).toEqual(c.view);
  });
});
