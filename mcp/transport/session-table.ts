/**
 * 2025-era sessions of the HTTP server: created on initialize, closed when idle, and never a way
 * to lock others out. A session serving a request (a POST being answered) is busy and is never
 * dropped; an open `GET /mcp` event stream alone does not make it busy: such a session is idle
 * for expiry (its stream is closed with it) and may be evicted, after the sessions with no stream.
 * Each client (remote address and credentials) holds at most its share of the table: at its share,
 * a new session of that client replaces the client's own least recently used one.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";

export interface Session {
  transport: NodeStreamableHTTPServerTransport;
  /** Who opened it (clientKey). */
  client: string;
  /** Last request other than a GET stream (epoch ms): what idleness is measured from. */
  lastUsed: number;
  /** POST/DELETE requests being answered: a session with any is never dropped. */
  requests: number;
  /** Open GET event streams. */
  streams: number;
}

export interface SessionLimits {
  /** Most sessions at once. */
  max: number;
  /** Most sessions of one client at once. */
  perClient: number;
  /** A session with no request for this long is closed (its open stream, if any, with it). */
  idleMs: number;
}

/** Why no session could be made: every candidate is serving a request. */
export interface NoRoom {
  message: string;
  /** Seconds after which a retry may find room (Retry-After). */
  retryAfterSeconds: number;
}

/** A client, for its share of the table: the remote address and a digest of its credentials. */
export function clientKey(req: IncomingMessage): string {
  const credentials = createHash("sha256").update(req.headers.authorization ?? "").digest("base64url").slice(0, 16);
  return `${req.socket.remoteAddress ?? "?"} ${credentials}`;
}

export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly limits: SessionLimits) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(50, Math.min(limits.idleMs / 3, 30_000)));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /**
   * Room for one more session of `client`: at the client's share, its own least recently used
   * session not serving a request goes; with the table full, anyone's. Undefined when there is
   * room, else why not (every candidate is serving a request).
   */
  makeRoom(client: string): NoRoom | undefined {
    const own = [...this.sessions].filter(([, s]) => s.client === client);
    if (own.length >= this.limits.perClient) {
      const victim = this.evictable(own);
      if (victim === undefined) return this.noRoom(`this client's ${own.length} sessions (its share of the table) are all serving requests`);
      this.drop(victim);
    }
    if (this.sessions.size < this.limits.max) return undefined;
    const victim = this.evictable([...this.sessions]);
    if (victim === undefined) return this.noRoom(`all ${this.sessions.size} sessions are serving requests`);
    this.drop(victim);
    return undefined;
  }

  add(id: string, transport: NodeStreamableHTTPServerTransport, client: string): void {
    this.sessions.set(id, { transport, client, lastUsed: Date.now(), requests: 0, streams: 0 });
  }

  drop(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    void session.transport.close().catch(() => undefined);
  }

  /** Counts `res` against the session while it is answered: a GET as a stream, anything else as a request. */
  use(session: Session, req: IncomingMessage, res: ServerResponse): void {
    const stream = req.method === "GET";
    // Opening a stream is not use: a session that only holds a stream open goes idle.
    if (stream) session.streams++;
    else {
      session.requests++;
      session.lastUsed = Date.now();
    }
    res.once("close", () => {
      if (stream) session.streams--;
      else {
        session.requests--;
        session.lastUsed = Date.now();
      }
    });
  }

  /** The least recently used session not serving a request: those without a stream first. */
  private evictable(entries: [string, Session][]): string | undefined {
    const free = entries.filter(([, s]) => s.requests === 0);
    const order = (a: [string, Session], b: [string, Session]) => a[1].streams - b[1].streams || a[1].lastUsed - b[1].lastUsed;
    return free.sort(order)[0]?.[0];
  }

  private noRoom(why: string): NoRoom {
    // A request is answered within the server's call deadline (50 s by default); most far sooner.
    return { message: `Too many sessions: ${why}. Retry after 5 s, or use protocol 2026-07-28 (no session needed)`, retryAfterSeconds: 5 };
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) if (session.requests === 0 && now - session.lastUsed > this.limits.idleMs) this.drop(id);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.drop(id)));
  }
}
