// Runs in the core-happy-dom project only: proves that what the core suites see there as the
// web platform are happy-dom's implementations, not Node's, so passing them means the core needs
// nothing of Node's own fetch/Request/Response/Headers/URL/AbortController.
import * as happyDom from "happy-dom";
import { describe, expect, it } from "vitest";

describe("the core-happy-dom project's globals", () => {
  it("are happy-dom's web platform classes", () => {
    expect(typeof (globalThis as { happyDOM?: unknown }).happyDOM).toBe("object");
    expect(new Response("x")).toBeInstanceOf(happyDom.Response);
    expect(new Request("http://127.0.0.1/")).toBeInstanceOf(happyDom.Request);
    expect(new Headers()).toBeInstanceOf(happyDom.Headers);
    expect(new AbortController()).toBeInstanceOf(happyDom.AbortController);
    expect(new AbortController().signal).toBeInstanceOf(happyDom.AbortSignal);
    expect(new URL("http://127.0.0.1/")).toBeInstanceOf(happyDom.URL);
    expect(new FormData()).toBeInstanceOf(happyDom.FormData);
  });

  it("include happy-dom's fetch, which reaches 127.0.0.1 across origins here", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((_, res) => res.writeHead(200, { "content-type": "text/plain" }).end("pong"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/ping`);
      expect(response).toBeInstanceOf(happyDom.Response);
      expect(await response.text()).toBe("pong");
    } finally {
      server.close();
    }
  });
});
