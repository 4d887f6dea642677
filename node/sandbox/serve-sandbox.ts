/**
 * Serves a sandbox over real HTTP with node:http (Node-only; the sandbox itself is fetch-only).
 * Each IncomingMessage becomes a fetch Request whose body is streamed to the sandbox (which stops
 * reading past its size limit); each Response is written back with a content-length, as uvicorn.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { closeServer } from "../serving/close-server.js";
import { listen } from "../serving/listen.js";
import { SANDBOX_HEADER, SANDBOX_HEADER_VALUE } from "../serving/sandbox-probe.js";

export interface ServeSandboxOptions extends SandboxOptions {
  /** Interface to listen on (default 127.0.0.1). */
  hostname?: string;
  /** Port (default 0: any free port). */
  port?: number;
}

export interface ServedSandbox {
  /** Base URL, e.g. http://127.0.0.1:26511 */
  url: string;
  /** The sandbox behind the server (admin helpers, clock). */
  sandbox: Sandbox;
  close(): Promise<void>;
}

/** The request's URL; a Host header that is no host name falls back to the listening address. */
function requestUrl(req: IncomingMessage, base: string, fallback: string): URL | null {
  for (const origin of [base, fallback]) {
    try {
      return new URL(req.url ?? "/", origin);
    } catch {
      // try the next origin
    }
  }
  return null;
}

function toRequest(req: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  const method = (req.method ?? "GET").toUpperCase();
  const hasBody = method !== "GET" && method !== "HEAD";
  const init: RequestInit & { duplex?: "half" } = { method, headers };
  if (hasBody) {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = "half";
  }
  return new Request(url, init);
}

async function writeResponse(response: Response, res: ServerResponse, head: boolean): Promise<void> {
  // Says "simulation" on every answer, so that npm start and the console can tell (sandbox-probe.ts).
  const headers: Record<string, string | string[]> = { [SANDBOX_HEADER]: SANDBOX_HEADER_VALUE };
  response.headers.forEach((value, key) => {
    headers[key] = key in headers ? ([] as string[]).concat(headers[key] as string, value) : value;
  });
  // buffered, so that every answer carries a content-length as uvicorn's do (the bodies are small)
  const body = response.body === null ? null : new Uint8Array(await response.arrayBuffer());
  headers["content-length"] = String(body?.byteLength ?? 0);
  res.writeHead(response.status, headers);
  res.end(head || body === null ? undefined : body);
}

/** Starts an HTTP server answering with a new sandbox; resolves once it listens (PortInUseError when the port is taken). */
export async function serveSandbox(options: ServeSandboxOptions = {}): Promise<ServedSandbox> {
  const { hostname = "127.0.0.1", port = 0, ...sandboxOptions } = options;
  const sandbox = createSandbox(sandboxOptions);
  /** The origin the server listens on (its real port, not the asked-for 0); set once it listens, before any request. */
  let listening = "";
  const server = createServer((req, res) => {
    const url = requestUrl(req, req.headers.host === undefined ? listening : `http://${req.headers.host}`, listening);
    void (async () => {
      let response: Response;
      try {
        // a request target no URL can hold: uvicorn's own answer to an unreadable request
        response = url === null ? new Response("Invalid HTTP request received.", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } }) : await sandbox.fetch(toRequest(req, url));
      } catch (error) {
        response = new Response(`netunicorn sandbox: ${error instanceof Error ? error.message : String(error)}`, { status: 500 });
      }
      await writeResponse(response, res, req.method === "HEAD");
    })().catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5_000;
  const { port: realPort, urlHost } = await listen(server, port, hostname);
  listening = `http://${urlHost}:${realPort}`;
  return { url: listening, sandbox, close: () => closeServer(server) };
}
