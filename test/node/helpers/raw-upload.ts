// An upload as a browser or Python's requests sends it: a declared length, then the body as fast
// as the socket takes it, without waiting for an answer. Shared by the body-limit tests of the
// console and of node/serving, which check that a 413 can be read instead of a reset.
import { connect } from "node:net";

export interface UploadOutcome {
  /** The error a write met (EPIPE, ECONNRESET: the server hung up mid-upload), or undefined. */
  error: string | undefined;
  /** Everything the server sent back, as latin-1 text. */
  answer: string;
}

/** POSTs `total` bytes to 127.0.0.1:`port` at `path` with `headers` (lines "name: value") and reads the answer. */
export function rawUpload(port: number, total: number, path = "/", headers: string[] = []): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    let error: string | undefined;
    socket.on("data", (d: Buffer) => (answer += d.toString("latin1")));
    socket.on("error", (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on("close", () => resolve({ error, answer }));
    const head = [`POST ${path} HTTP/1.1`, `host: 127.0.0.1:${port}`, ...headers, `content-length: ${total}`];
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = (): void => {
      while (sent < total && error === undefined && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
      // All sent: the server may close once it has answered.
      socket.end();
    };
    pump();
  });
}
