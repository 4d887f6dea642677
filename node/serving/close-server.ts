/**
 * Closing, shared by every server: stop accepting, end every open connection (idle keep-alive
 * sockets and open streams alike, so that nothing holds the port), and resolve once closed.
 */
import type { Server } from "node:http";

/** Closes `server` and all its connections; resolves once it is closed (at once when it already was). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error?: NodeJS.ErrnoException) => {
      if (error === undefined || error.code === "ERR_SERVER_NOT_RUNNING") resolve();
      else reject(error);
    });
    server.closeAllConnections();
  });
}
