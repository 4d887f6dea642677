// node/serving/close-server.ts on real sockets: an open keep-alive connection does not hold the
// server (nor its port) open, and closing twice is no error.
import { createServer } from "node:http";
import { connect } from "node:net";
import { expect, it } from "vitest";
import { closeServer } from "../../node/serving/close-server.js";
import { listen } from "../../node/serving/listen.js";

it("ends open connections, frees the port, and a second close resolves too", async () => {
  const server = createServer((_req, res) => res.end("ok"));
  const { port } = await listen(server, 0, "127.0.0.1");
  // A keep-alive client that answered one request and stays connected.
  const socket = connect(port, "127.0.0.1");
  const socketClosed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const answered = new Promise<string>((resolve) => socket.once("data", (d: Buffer) => resolve(d.toString("latin1"))));
  socket.write(`GET / HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: keep-alive\r\n\r\n`);
  expect(await answered).toMatch(/^HTTP\/1\.1 200 OK\r\n/);

  await closeServer(server);
  await socketClosed;
  expect(server.listening).toBe(false);
  await expect(closeServer(server)).resolves.toBeUndefined();

  // The port is free again.
  const again = createServer();
  expect((await listen(again, port, "127.0.0.1")).port).toBe(port);
  await closeServer(again);
});
