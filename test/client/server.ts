// A scriptable netunicorn stand-in on 127.0.0.1 (node:http, port 0): records every request as it
// arrived (method, raw path, query, headers, body) and answers whatever the test scripts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Recorded {
  method: string;
  /** The request target exactly as sent, percent-encoding included. */
  rawPath: string;
  /** rawPath without the query. */
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type Handler = (request: Recorded, response: ServerResponse, socket: Socket) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: Recorded[];
  /** Requests other than the login. */
  calls(): Recorded[];
  logins(): Recorded[];
  close(): Promise<void>;
}

export const TOKEN = "tok-AbCdEf123456";
export const PASSWORD = "s3cret-pässword";

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: Recorded[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((message: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => {
      const rawPath = message.url ?? "";
      const q = rawPath.indexOf("?");
      const recorded: Recorded = {
        method: message.method ?? "",
        rawPath,
        path: q < 0 ? rawPath : rawPath.slice(0, q),
        query: q < 0 ? "" : rawPath.slice(q + 1),
        headers: { ...message.headers },
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, response, message.socket)).catch((error: unknown) => {
        if (!response.headersSent) send(response, 599, String(error), "text/plain");
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: () => requests.filter((r) => r.path !== "/api/v1/token"),
    logins: () => requests.filter((r) => r.path === "/api/v1/token"),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function send(response: ServerResponse, status: number, body: string, contentType: string | null = "application/json", headers: Record<string, string> = {}): void {
  const all: Record<string, string> = { ...headers, "content-length": String(Buffer.byteLength(body)) };
  if (contentType !== null) all["content-type"] = contentType;
  response.writeHead(status, all);
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(response, status, JSON.stringify(value), "application/json", headers);
}

/** Answers the login like netunicorn (form body checked); everything else goes to `rest`. */
export function netunicorn(rest: Handler, options: { token?: () => string; password?: string } = {}): Handler {
  return (request, response, socket) => {
    if (request.method === "POST" && request.path === "/api/v1/token") {
      const form = new URLSearchParams(request.body);
      if (form.get("password") !== (options.password ?? PASSWORD)) {
        return sendJson(response, 401, { detail: "Incorrect username or token" }, { "www-authenticate": "Bearer" });
      }
      return sendJson(response, 200, { access_token: options.token?.() ?? TOKEN, token_type: "bearer" });
    }
    return rest(request, response, socket);
  };
}
