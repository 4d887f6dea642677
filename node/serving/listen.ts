/**
 * Listening, shared by every server (the sandbox, the console, the MCP endpoint): a promise around
 * `server.listen` that reports the real port (0 asks for any free one) and turns a taken port
 * into PortInUseError, whose words each bin prints instead of a bare "listen EADDRINUSE".
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The port asked for is taken (EADDRINUSE): `port N is already in use`. */
export class PortInUseError extends Error {
  /** Node's code, kept so that callers checking `code === "EADDRINUSE"` still recognise it. */
  readonly code = "EADDRINUSE";
  constructor(
    readonly port: number,
    readonly host: string,
    options?: { cause?: unknown },
  ) {
    super(`port ${port} is already in use`, options);
    this.name = "PortInUseError";
  }
}

/** What a bin with a `--port` option prints for a taken port: the port, an optional why, and how to pick another. */
export function portInUseMessage(error: PortInUseError, why = ""): string {
  return `${error.message}${why}.\nUse another: --port 0 picks a free one, or --port <n>.`;
}

/** Where a server listens once `listen` resolved. */
export interface Listening {
  /** The real port (never 0). */
  port: number;
  /** The bound address as Node reports it, e.g. "127.0.0.1" or "::1". */
  address: string;
  /** That address as a URL's host part (IPv6 in brackets), e.g. "[::1]". */
  urlHost: string;
}

/** A host name or address as it goes into a URL: an IPv6 address in brackets. */
export function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** Starts `server` on host:port; resolves once it listens, rejects with PortInUseError when the port is taken. */
export function listen(server: Server, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      reject(error.code === "EADDRINUSE" ? new PortInUseError(port, host, { cause: error }) : error);
    };
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      const { port: real, address } = server.address() as AddressInfo;
      resolve({ port: real, address, urlHost: urlHost(address) });
    });
  });
}
