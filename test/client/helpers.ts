// Shared set-up for the client tests: fixtures as the server would send them, a client per server.
import { RemoteClient, type RemoteClientOptions } from "../../src/client/index.js";
import { readFixture } from "../model/fixtures.js";
import { PASSWORD, type TestServer } from "./server.js";

/** A fixture by its path under test/fixtures/, e.g. "nodes/basic.json". */
export function fixture(path: string): { body?: unknown; body_text?: string; experiment_name?: string } {
  const slash = path.lastIndexOf("/");
  return readFixture(path.slice(0, Math.max(0, slash)), path.slice(slash + 1));
}

/** The body text the server sends for a fixture: its recorded text when there is one. */
export function fixtureText(path: string): string {
  const data = fixture(path);
  return data.body_text ?? JSON.stringify(data.body);
}

export function clientFor(server: TestServer, options: Partial<RemoteClientOptions> = {}): RemoteClient {
  return new RemoteClient({ endpoint: `${server.url}/`, login: "demo", password: PASSWORD, retry: false, ...options } as RemoteClientOptions);
}

/** Runs `promise`, expecting it to reject; answers the error. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection, got a value");
}
