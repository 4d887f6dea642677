/**
 * 200 concurrent mixed operations from four users through RemoteClient over real HTTP: prepares
 * (each name twice), starts (each READY experiment twice), deletes, flag sets, reads. Afterwards
 * every accepted change is visible, every refusal is the server's, and nothing is shared.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSandbox, type ServedSandbox } from "../../node/sandbox/serve-sandbox.js";
import { RemoteClient } from "../../src/client/index.js";
import { HttpError } from "../../src/errors.js";
import { Experiment, ExperimentStatus } from "../../src/model/index.js";
import { createManualClock } from "../../src/sandbox/index.js";
import { shellExperiment } from "./helpers.js";

const USERS = ["u0", "u1", "u2", "u3"];
let served: ServedSandbox;
const clock = createManualClock();

beforeAll(async () => {
  served = await serveSandbox({ now: clock.now, users: Object.fromEntries(USERS.map((u) => [u, { password: "p" }])), timing: { preparationMs: 100, executionMs: 10_000, rowDelayMs: 0 } });
});

afterAll(async () => {
  await served.close();
});

interface Outcome {
  user: number;
  kind: "prepare" | "start" | "delete" | "flag" | "status" | "list";
  name: string;
  ok: boolean;
  message: string;
}

describe("200 concurrent operations over HTTP", () => {
  it("leaves a state where every accepted change is visible and no experiment belongs to two users", async () => {
    const clients = USERS.map((login) => new RemoteClient({ endpoint: served.url, login, password: "p", retry: false }));
    const experiment = (user: number, name: string) => Experiment.fromJSON(shellExperiment([`node-${user}-${name}`]));
    // Set-up, one by one: experiments to start and to delete, READY.
    for (const [user, client] of clients.entries()) {
      for (let i = 0; i < 5; i++) {
        await client.prepareExperiment(experiment(user, `run-${i}`), `run-${i}`);
        await client.prepareExperiment(experiment(user, `gone-${i}`), `gone-${i}`);
      }
    }
    clock.advance(200);

    const operations: Array<Promise<Outcome>> = [];
    const track = (user: number, kind: Outcome["kind"], name: string, run: () => Promise<unknown>) =>
      operations.push(
        run().then(
          () => ({ user, kind, name, ok: true, message: "" }),
          (error: unknown) => {
            const message = error instanceof HttpError ? error.serverMessage : `unexpected: ${String(error)}`;
            return { user, kind, name, ok: false, message };
          },
        ),
      );
    for (const [user, client] of clients.entries()) {
      for (let i = 0; i < 10; i++) {
        track(user, "prepare", `keep-${i}`, () => client.prepareExperiment(experiment(user, `keep-${i}`), `keep-${i}`));
        track(user, "prepare", `keep-${i}`, () => client.prepareExperiment(experiment(user, `keep-${i}`), `keep-${i}`));
        track(user, "flag", `keep-${i}`, () => client.setFlagValues(`keep-${i}`, "f", { textValue: USERS[user]!, intValue: i }));
      }
      for (let i = 0; i < 5; i++) {
        track(user, "start", `run-${i}`, () => client.startExecution(`run-${i}`));
        track(user, "start", `run-${i}`, () => client.startExecution(`run-${i}`));
        track(user, "delete", `gone-${i}`, () => client.deleteExperiment(`gone-${i}`));
        if (i % 2 === 0) track(user, "status", `run-${i}`, () => client.getExperimentStatus(`run-${i}`));
        else track(user, "list", "", () => client.getExperiments());
      }
    }
    expect(operations).toHaveLength(200);
    const outcomes = await Promise.all(operations);
    expect(outcomes.filter((o) => o.message.startsWith("unexpected"))).toEqual([]);

    const ids = served.sandbox.experiments().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [user, client] of clients.entries()) {
      const mine = outcomes.filter((o) => o.user === user);
      const listed = await client.getExperiments();
      // Every deployment of a user's experiment is on that user's nodes: nothing crossed over.
      for (const info of listed.values()) {
        for (const deployment of info.experiment?.deploymentMap ?? []) expect(deployment.node.name.startsWith(`node-${user}-`)).toBe(true);
      }
      for (let i = 0; i < 10; i++) {
        const prepares = mine.filter((o) => o.kind === "prepare" && o.name === `keep-${i}`);
        expect(prepares.every((o) => o.ok)).toBe(true); // prepare is idempotent by name
        expect(listed.has(`keep-${i}`)).toBe(true);
        const flag = mine.find((o) => o.kind === "flag" && o.name === `keep-${i}`)!;
        if (flag.ok) expect((await client.getFlagValues(`keep-${i}`, "f")).toJSON()).toEqual({ text_value: USERS[user], int_value: i });
        else expect(flag.message).toBe(`Experiment keep-${i} not found`);
      }
      for (let i = 0; i < 5; i++) {
        const starts = mine.filter((o) => o.kind === "start" && o.name === `run-${i}`);
        expect(starts.filter((o) => o.ok)).toHaveLength(1);
        expect(starts.find((o) => !o.ok)?.message).toMatch(new RegExp(`^Experiment run-${i} is not ready to start\\. Current status: ExperimentStatus\\.RUNNING$`));
        expect(listed.get(`run-${i}`)?.status).toBe(ExperimentStatus.RUNNING);
        expect(mine.find((o) => o.kind === "delete" && o.name === `gone-${i}`)?.ok).toBe(true);
        expect(listed.has(`gone-${i}`)).toBe(false);
      }
      expect(mine.filter((o) => o.kind === "status" || o.kind === "list").every((o) => o.ok)).toBe(true);
      expect(listed.size).toBe(15);
    }
  });
});
