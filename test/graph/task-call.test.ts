// readTaskCall reads back class, name and arguments of the tasks our graph pickles hold.
import { describe, expect, it } from "vitest";
import { ExecutionGraph, readTaskCall, task } from "../../src/graph/index.js";
import { unpickle } from "../../src/pickle/read.js";
import { PyDict, PyGlobal, PyObject } from "../../src/pickle/value.js";

describe("readTaskCall", () => {
  it("recovers each task of a decoded graph pickle", () => {
    const probe = task("labtasks.Probe", { name: "probe", args: [1, "x"], kwargs: { host: "h", big: 2n ** 70n } });
    const graph = new ExecutionGraph().addEdge("root", probe);
    const nx = ((unpickle(graph.toPickle()) as PyObject).state as PyDict).get("graph") as PyObject;
    const nodes = [...((nx.state as PyDict).get("_node") as PyDict).keys()];
    expect(readTaskCall(nodes[0]!)).toBeUndefined(); // "root"
    expect(readTaskCall(nodes[1]!)).toEqual({
      className: "labtasks.Probe",
      name: "probe",
      args: [1, "x"],
      kwargs: new PyDict([["host", "h"], ["big", 2n ** 70n], ["name", "probe"]]),
    });
  });

  it("ignores other objects", () => {
    expect(readTaskCall(new PyObject(new PyGlobal("labtasks", "Probe"), [], true))).toBeUndefined();
    expect(readTaskCall(new PyObject(new PyObject(new PyGlobal("functools", "partial"), [], true), []))).toBeUndefined();
    expect(readTaskCall("probe")).toBeUndefined();
  });
});
