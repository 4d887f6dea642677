// A long-running command in miniature for close-on-stop.test.ts: a server on a free port that
// closeOnStop closes on SIGTERM; with "fail" its close rejects instead.
import { createServer } from "node:http";
import { closeServer } from "../../../node/serving/close-server.js";
import { listen } from "../../../node/serving/listen.js";
import { closeOnStop } from "../../../node/serving/stop-with-parent.js";

const server = createServer((_req, res) => res.end("ok"));
const { port } = await listen(server, 0, "127.0.0.1");
const fail = process.argv[2] === "fail";
closeOnStop("tiny-server", () => (fail ? Promise.reject(new Error("the store would not flush")) : closeServer(server)));
process.stdout.write(`listening on ${port}\n`);
