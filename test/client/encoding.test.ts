// Names encoded exactly like Python's urllib.parse.quote_plus (vectors printed by CPython 3.11),
// and the server's words read from each of its four error-body shapes.
import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { quotePlus, UsageError } from "../../src/index.js";
import { serverMessageOf } from "../../src/client/error-body.js";
import { clientFor } from "./helpers.js";
import { netunicorn, send, startServer, type TestServer } from "./server.js";

const PYTHON_VECTORS: Array<[string, string]> = [
  ["my exp", "my+exp"],
  ["a/b", "a%2Fb"],
  ["a+b", "a%2Bb"],
  ["100%", "100%25"],
  ["café", "caf%C3%A9"],
  ["🦄 run", "%F0%9F%A6%84+run"],
  ["~_.-", "~_.-"],
  ["exp (1)!*'", "exp+%281%29%21%2A%27"],
  ["x&y=z?#", "x%26y%3Dz%3F%23"],
  ["Ünïcødé/名前", "%C3%9Cn%C3%AFc%C3%B8d%C3%A9%2F%E5%90%8D%E5%89%8D"],
  ["", ""],
  [" ", "+"],
];

describe("quotePlus", () => {
  it.each(PYTHON_VECTORS)("%j → %j", (name, encoded) => {
    expect(quotePlus(name)).toBe(encoded);
  });

  it("only letters, digits, _.-~ and %XX (uppercase) come out, and it decodes back", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (name) => {
        const encoded = quotePlus(name);
        expect(encoded).toMatch(/^(?:[A-Za-z0-9_.~+-]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(encoded.replace(/\+/g, " "))).toBe(name);
      }),
    );
  });

  it("refuses a lone surrogate, as Python's UTF-8 encoder does", () => {
    expect(() => quotePlus("bad\uD800")).toThrow(UsageError);
  });

  describe("on the wire", () => {
    let server: TestServer;
    afterEach(async () => server?.close());

    it("every vector reaches the server byte for byte, in experiment and flag names", async () => {
      server = await startServer(netunicorn((_q, res) => send(res, 200, "null")));
      const client = clientFor(server);
      for (const [name] of PYTHON_VECTORS.filter(([n]) => n !== "")) await client.setFlagValues(name, name, { intValue: 1 });
      expect(server.calls().map((r) => r.rawPath)).toEqual(
        PYTHON_VECTORS.filter(([n]) => n !== "").map(([, encoded]) => `/api/v1/experiment/${encoded}/flag/${encoded}`),
      );
    });
  });
});

describe("serverMessageOf", () => {
  it("reads the four shapes", () => {
    expect(serverMessageOf('"Experiment foo not found"', "application/json")).toBe("Experiment foo not found");
    expect(serverMessageOf('"\\"Executors [] not found\\""', "application/json")).toBe("Executors [] not found");
    expect(serverMessageOf('{"detail":"Not authenticated"}', "application/json")).toBe("Not authenticated");
    expect(
      serverMessageOf(
        '{"detail":[{"loc":["body","username"],"msg":"field required","type":"value_error.missing"},{"loc":["body","password"],"msg":"field required","type":"value_error.missing"}]}',
        "application/json",
      ),
    ).toBe("body.username: field required; body.password: field required");
    expect(serverMessageOf('{"detail":[{"loc":["query","days"],"msg":"value is not a valid integer"}]}', null)).toBe("query.days: value is not a valid integer");
    expect(serverMessageOf("Internal Server Error", null)).toBe("Internal Server Error");
  });

  it("keeps a string that merely starts with a quote", () => {
    expect(serverMessageOf(JSON.stringify('"quoted" then text'), null)).toBe('"quoted" then text');
  });

  it("HTML: the title, else the text without tags and entities decoded", () => {
    expect(serverMessageOf("<html><head><title>503 Service Unavailable</title></head><body>x</body></html>", "text/html")).toBe("503 Service Unavailable");
    expect(serverMessageOf("<html><body><h1>Bad &amp; gateway</h1>\n<p>nginx</p><script>var a=1</script></body></html>", null)).toBe("Bad & gateway nginx");
  });

  it("a Python traceback: its last line; long text cut", () => {
    const traceback = 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nConnectionRefusedError: [Errno 111] Connection refused\n';
    expect(serverMessageOf(traceback, null)).toBe("ConnectionRefusedError: [Errno 111] Connection refused");
    const long = serverMessageOf("x".repeat(5_000), null);
    expect(long.length).toBeLessThan(600);
    expect(long).toMatch(/\(5000 characters\)$/);
    expect(serverMessageOf("", null)).toBe("(empty body)");
    expect(serverMessageOf("[1, 2]", null)).toBe("[1,2]");
  });
});
