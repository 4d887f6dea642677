/**
 * Confirmation of destructive tools (issue 14, section 2): once the server has asked the user,
 * only the user's explicit yes proceeds; an error, a timeout or a malformed answer refuses, even
 * with the assistant's own `confirm: true`.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type FakeClient, fakeClient } from "./fake-client.js";
import { type Connected, call, connect } from "./helpers.js";

let open: Connected | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function withElicitation(
  answer: () => unknown,
  options = {},
): Promise<{ base: FakeClient; mcp: Connected; asked: string[] }> {
  const base = fakeClient();
  open = await connect(base, options, { elicitation: { form: {} } });
  const asked: string[] = [];
  open.client.setRequestHandler("elicitation/create", async (request) => {
    asked.push(String(request.params.message));
    return answer() as never;
  });
  return { base, mcp: open, asked };
}

describe("a confirmation the user did not give is a refusal (2025-era elicitation)", () => {
  it("refuses when the client answers the question with an error, despite confirm: true", async () => {
    const { base, mcp, asked } = await withElicitation(() => {
      throw new Error("the host could not show the dialog");
    });
    const answer = await call(mcp.client, "delete_experiment", { experiment_id: "e", confirm: true });
    expect(asked).toHaveLength(1);
    expect(answer.isError).toBe(true);
    // The SDK's legacy shim words this refusal (it asked on the tool's behalf): it names the cause.
    expect(answer.text).toMatch(/failed: the host could not show the dialog/);
    expect(base.calls).toEqual([]);
  });

  it("refuses a malformed answer (accept without a boolean yes), despite confirm: true", async () => {
    for (const content of [{ confirm: "yes" }, {}, { confirm: 1 }]) {
      const { base, mcp } = await withElicitation(() => ({ action: "accept", content }));
      const answer = await call(mcp.client, "cancel_experiment", { experiment_id: "e", confirm: true });
      expect(answer.isError, JSON.stringify(content)).toBe(true);
      expect(base.calls).toEqual([]);
      await open?.close();
      open = undefined;
    }
  });

  it("refuses when the user does not answer before the confirmation timeout, despite confirm: true", async () => {
    const { base, mcp } = await withElicitation(() => new Promise(() => undefined), { confirmTimeoutMs: 300 });
    const answer = await call(mcp.client, "delete_experiment", { experiment_id: "e", confirm: true });
    expect(answer.isError).toBe(true);
    expect(base.calls).toEqual([]);
  });

  it("proceeds on the user's explicit yes, without confirm: true", async () => {
    const { base, mcp, asked } = await withElicitation(() => ({ action: "accept", content: { confirm: true } }));
    const answer = await call(mcp.client, "delete_experiment", { experiment_id: "e" });
    expect(answer.isError, answer.text).toBe(false);
    expect(asked[0]).toContain('"e"');
    expect(base.calls.map((c) => c.method)).toEqual(["deleteExperiment"]);
  });
});

describe("set_flag_values overwrites a value running tasks read: destructive, confirmed, with a deadline", () => {
  it("is annotated destructive and not read-only, and says so in its description", async () => {
    open = await connect(fakeClient());
    const tool = (await open.client.listTools()).tools.find((t) => t.name === "set_flag_values")!;
    expect(tool.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false, idempotentHint: true });
    expect(tool.description).toMatch(/confirm/);
    expect(Object.keys(tool.inputSchema.properties ?? {})).toContain("confirm");
  });

  it("asks the user like the other destructive tools, and obeys the answer", async () => {
    let yes = false;
    const { base, mcp, asked } = await withElicitation(() => ({ action: "accept", content: { confirm: yes } }));
    const args = { experiment_id: "e", flag_name: "go", int_value: 1 };
    expect((await call(mcp.client, "set_flag_values", { ...args, confirm: true })).isError).toBe(true);
    expect(base.calls).toEqual([]);
    yes = true;
    expect((await call(mcp.client, "set_flag_values", args)).isError).toBe(false);
    expect(asked).toHaveLength(2);
    expect(asked[0]).toMatch(/go/);
    expect(base.calls.map((c) => c.method)).toEqual(["setFlagValues"]);
  });

  it("without elicitation, needs confirm: true", async () => {
    const base = fakeClient();
    open = await connect(base);
    const args = { experiment_id: "e", flag_name: "go", int_value: 1 };
    const refused = await call(open.client, "set_flag_values", args);
    expect(refused.text).toMatch(/confirm: true/);
    expect(base.calls).toEqual([]);
    expect((await call(open.client, "set_flag_values", { ...args, confirm: true })).isError).toBe(false);
  });

  it("answers within the per-call deadline when the netunicorn server hangs", async () => {
    const base = fakeClient();
    base.setFlagValues = () => new Promise(() => undefined);
    open = await connect(base, { callDeadlineMs: 300 });
    const answer = await call(open.client, "set_flag_values", { experiment_id: "e", flag_name: "go", int_value: 1, confirm: true });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/no answer within 0.3 s/);
  });
});
