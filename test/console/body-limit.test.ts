// A request body over the console's limit is answered 413 with a message the page can show, not
// with a connection reset: the rest of the upload is read and dropped before the socket closes.
// Both a declared length (content-length) and a streamed body (chunked) are tried.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningConsole, serveConsole } from "../../console/server/serve-console.js";
import { rawUpload } from "../node/helpers/raw-upload.js";

const LIMIT = 64 * 1024;
let server: RunningConsole;
let staticDir: string;

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), "console-static-"));
  writeFileSync(join(staticDir, "index.html"), "<!doctype html><title>console</title>");
  server = await serveConsole({ port: 0, staticDir, maxBodyBytes: LIMIT });
});

afterAll(async () => {
  await server?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

const target = (): string => `${server.url}api/v1/experiment/big/prepare`;

describe("a body over the console's limit", () => {
  it("the whole upload goes through, then 413 (no reset while the client still writes)", async () => {
    const { error, answer } = await rawUpload(server.port, 16 * 1024 * 1024, "/api/v1/experiment/big/prepare", ["content-type: application/json"]);
    expect(error).toBeUndefined();
    expect(answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(answer).toContain(`{"detail":"netunicorn console: the request body is larger than this console accepts (${LIMIT} bytes)"}`);
  });

  it("with a content-length: 413 and the limit in words", async () => {
    const response = await fetch(target(), { method: "POST", headers: { "content-type": "application/json" }, body: new Uint8Array(4 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ detail: `netunicorn console: the request body is larger than this console accepts (${LIMIT} bytes)` });
  });

  it("streamed (chunked, no length): 413 once the limit is passed", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * 1024 * 1024) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const response = await fetch(target(), { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/larger than this console accepts/);
  });

  it("a body within the limit still reaches the server", async () => {
    const response = await fetch(`${server.url}api/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=demo&password=demo-password" });
    expect(response.status).toBe(200);
  });
});
