/**
 * 200 concurrent mixed requests from several users: every accepted change is visible afterwards,
 * duplicates are idempotent, and no experiment ever belongs to two users.
 */
import { describe, expect, it } from "vitest";
import { shellExperiment, testServer } from "./helpers.js";

const USERS = ["u0", "u1", "u2", "u3"];

describe("concurrency", () => {
  it("keeps a consistent state under 200 interleaved requests", async () => {
    const s = testServer({ users: Object.fromEntries(USERS.map((u) => [u, { password: "p" }])), timing: { preparationMs: 0 } });
    const tokens = await Promise.all(USERS.map((u) => s.login(u, "p")));
    const requests: Promise<{ user: number; kind: string; name: string; status: number; json: unknown }>[] = [];
    for (let i = 0; i < 200; i++) {
      const user = i % USERS.length;
      const token = tokens[user] as string;
      const name = `exp-${i % 10}`; // the same names for every user, each prepared several times
      const kind = ["prepare", "prepare", "flag", "status", "list"][i % 5] as string;
      const run = async () => {
        if (kind === "prepare") return s.call("POST", `/api/v1/experiment/${name}/prepare`, { token, body: shellExperiment([`node-${user}-${i}`]) });
        if (kind === "flag") return s.call("POST", `/api/v1/experiment/${name}/flag/f${i}`, { token, body: { int_value: i, text_value: USERS[user] } });
        if (kind === "status") return s.call("GET", `/api/v1/experiment/${name}`, { token });
        return s.call("GET", "/api/v1/experiment", { token });
      };
      requests.push(run().then((a) => ({ user, kind, name, status: a.status, json: a.json })));
    }
    const answers = await Promise.all(requests);
    expect(answers.every((a) => [200, 400].includes(a.status))).toBe(true);

    const summaries = s.sandbox.experiments();
    // ids are unique: no record shared between users
    expect(new Set(summaries.map((e) => e.id)).size).toBe(summaries.length);
    for (const [user, login] of USERS.entries()) {
      const accepted = new Set(answers.filter((a) => a.user === user && a.kind === "prepare" && a.status === 200).map((a) => a.name));
      const mine = summaries.filter((e) => e.owner === login);
      expect(new Set(mine.map((e) => e.name))).toEqual(accepted);
      const listed = (await s.call("GET", "/api/v1/experiment", { token: tokens[user] })).json as Record<string, { experiment: { deployment_map: { node: { name: string } }[] } }>;
      expect(new Set(Object.keys(listed))).toEqual(accepted);
      // idempotent prepare: each experiment kept exactly one deployment, on a node of its own user
      for (const info of Object.values(listed)) {
        expect(info.experiment.deployment_map).toHaveLength(1);
        expect(info.experiment.deployment_map[0]?.node.name.startsWith(`node-${user}-`)).toBe(true);
      }
      for (const a of answers.filter((x) => x.user === user && x.kind === "flag" && x.status === 200)) {
        const flagName = `f${answers.indexOf(a)}`;
        const value = await s.call("GET", `/api/v1/experiment/${a.name}/flag/${flagName}`, { token: tokens[user] });
        expect(value.json).toEqual({ text_value: login, int_value: answers.indexOf(a) });
      }
      for (const a of answers.filter((x) => x.user === user && x.kind === "flag" && x.status === 400)) {
        expect(a.json).toBe(`Experiment ${a.name} not found`);
      }
    }
  });
});
