/**
 * The stdio side of `netunicorn-mcp`: both protocol eras through the SDK's serveStdio, behind a
 * line guard. A message over STDIO_MAX_MESSAGE_BYTES is dropped and answered with an error (the
 * SDK's transport would end the session silently), the same checks as over HTTP run first (see
 * guard.ts), and the process exits when its input ends or its output breaks.
 */
import { Transform, type TransformCallback } from "node:stream";
import type { Server } from "@modelcontextprotocol/server";
import { StdioServerTransport, serveStdio } from "@modelcontextprotocol/server/stdio";
import { refuseMessage } from "./guard.js";

/** Largest JSON-RPC message (one line) accepted over stdio: 10 MiB, as the SDK's own default. */
export const STDIO_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

const NEWLINE = 0x0a;

/**
 * Passes stdin on line by line: complete lines only, each at most `limit` bytes. A longer line is
 * dropped whole and reported; a line `check` answers itself is not passed on.
 */
export class LineGuard extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private dropping = false;
  private droppedBytes = 0;

  constructor(
    private readonly limit: number,
    private readonly onOversize: (bytes: number) => void,
    private readonly check: (line: Buffer) => boolean,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      this.addToLine(chunk.subarray(start, end));
      if (newline === -1) break;
      this.endLine();
      start = newline + 1;
    }
    done();
  }

  private addToLine(piece: Buffer): void {
    if (this.dropping || this.pendingBytes + piece.length > this.limit) {
      if (!this.dropping) this.droppedBytes = this.pendingBytes;
      this.dropping = true;
      this.droppedBytes += piece.length;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(piece);
    this.pendingBytes += piece.length;
  }

  private endLine(): void {
    if (this.dropping) {
      this.dropping = false;
      this.onOversize(this.droppedBytes);
    } else {
      const line = Buffer.concat(this.pending);
      if (this.check(line)) this.push(Buffer.concat([line, Buffer.of(NEWLINE)]));
    }
    this.pending = [];
    this.pendingBytes = 0;
  }
}

function writeMessage(message: unknown): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Lets a line through unless the guard answers it (bad arguments, empty batch). */
function checkLine(line: Buffer): boolean {
  if (line.length === 0) return true;
  let message: unknown;
  try {
    message = JSON.parse(line.toString("utf8"));
  } catch {
    return true; // the SDK answers parse errors
  }
  const refused = refuseMessage(message);
  if (refused) writeMessage(refused);
  return refused === undefined;
}

export interface StdioOptions {
  makeServer: () => Server;
  log: (line: string) => void;
  maxMessageBytes?: number;
}

/** Serves stdin/stdout until stdin ends (exit 0) or stdout breaks (exit 1). */
export function serveOverStdio(options: StdioOptions): void {
  const limit = options.maxMessageBytes ?? STDIO_MAX_MESSAGE_BYTES;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const guard = new LineGuard(
    limit,
    (bytes) => {
      options.log(`a message of ${mib(bytes)} was dropped: over the ${mib(limit)} limit of a stdio message`);
      writeMessage({
        jsonrpc: "2.0",
        id: null,
        error: { code: -32600, message: `Request too large: over the ${mib(limit)} limit of a stdio message; it was dropped (send smaller arguments)` },
      });
    },
    checkLine,
  );
  process.stdout.once("error", (error) => {
    options.log(`stdout broke (${error.message}): exiting`);
    process.exit(1);
  });
  process.stdin.once("end", () => process.exit(0));
  process.stdin.once("error", () => process.exit(1));
  process.stdin.pipe(guard);
  // The guard already bounds each line; the transport's own bound only needs to stay above it.
  const transport = new StdioServerTransport(guard, process.stdout, { maxBufferSize: limit + 1024 * 1024 });
  serveStdio(() => options.makeServer(), { transport, onerror: (error) => options.log(`stdio: ${error.message}`) });
}
