/**
 * Reading a request body with a byte limit, shared by the servers that read bodies themselves
 * (the console's forward, the MCP endpoint). Past the limit the body is refused with BodyTooLarge
 * at once (a declared content-length says so before a byte is read); the server answers 413 and
 * calls drainThenClose, so that the rest of the upload is read and dropped: closing a socket the
 * client is still writing to resets the connection before the client can read the 413 that says why.
 */
import type { IncomingMessage } from "node:http";

/** The request body is over `limit` bytes; each server words its own 413 from `limit`. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the request body is over ${limit} bytes`);
    this.name = "BodyTooLarge";
  }
}

/** The whole request body, or a BodyTooLarge past `limit` bytes (nothing past the limit is kept). */
export function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    req.once("error", reject);
    // Declared too large: refused before a byte is read (drainThenClose reads the rest).
    if (Number(req.headers["content-length"] ?? 0) > limit) return reject(new BodyTooLarge(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > limit) return; // refused already: the rest flows on and is dropped
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      chunks.length = 0;
      reject(new BodyTooLarge(limit));
    });
    req.once("end", () => {
      if (size > limit) return;
      const body = new Uint8Array(size);
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.length;
      }
      resolve(body);
    });
  });
}

export interface DrainLimits {
  /** The rest is read and dropped for at most this long, then the socket goes (default 10 s). */
  maxMs?: number;
  /** More than this many further bytes is not a mistake but a flood: the socket goes at once (default: no cap). */
  maxBytes?: number;
}

/** After a 413 the rest of the body is read and dropped for at most this long, then the socket goes. */
export const DRAIN_MS = 10_000;

/** Lets an over-limit upload finish (so that its 413 can be read), within `limits`. */
export function drainThenClose(req: IncomingMessage, limits: DrainLimits = {}): void {
  if (req.complete) return;
  const { maxMs = DRAIN_MS, maxBytes = Number.POSITIVE_INFINITY } = limits;
  let drained = 0;
  const timer = setTimeout(() => req.destroy(), maxMs);
  timer.unref();
  const stop = (): void => {
    clearTimeout(timer);
    req.off("data", count);
  };
  const count = (chunk: Buffer): void => {
    drained += chunk.length;
    if (drained > maxBytes) {
      stop();
      req.destroy();
    }
  };
  req.on("data", count);
  req.once("end", stop);
  req.once("close", stop);
  req.resume();
}
