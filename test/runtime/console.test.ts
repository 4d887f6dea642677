// The console in a real browser: headless Chromium drives the BUILT page (dist/console) served by
// the console server, which forwards /api/v1/… to an in-process sandbox. A wrong password shows
// the server's words; then log in, see and filter nodes, launch an experiment from the launcher's
// tasks, watch it reach FINISHED without a reload, open its results and expand a value, set a
// flag, delete it; log in again with an access token. Every screen is photographed, at 1280×800
// and at 390 px wide, into docs/screenshots/ (the README shows them) with UPDATE_SCREENSHOTS=1,
// else into a temporary folder (console-chromium.ts: screenshotFolder).
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningConsole, serveConsole } from "../../console/server/serve-console.js";
import { launchChromium, openWatchedPage, screenshotFolder, unlabelled } from "./console-chromium.js";
import { requireBuilt } from "./helpers.js";

const SHOTS = screenshotFolder();
const EXPERIMENT = "console-e2e";

let browser: Browser;
let server: RunningConsole;
let page: Page;
let problems: string[] = [];

beforeAll(async () => {
  requireBuilt();
  server = await serveConsole({ port: 0, sandbox: { timing: { rowDelayMs: 0, preparationMs: 400, executionMs: 1200, executorsStartMs: 50 } } });
  browser = await launchChromium();
  ({ page, problems } = await openWatchedPage(browser));
});

afterAll(async () => {
  await browser?.close();
  SHOTS.remove();
  await server?.close();
});

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS.dir, `${name}.png`), fullPage: false });

async function narrow<T>(name: string, then: () => Promise<T>): Promise<T> {
  await page.setViewportSize({ width: 390, height: 844 });
  // Nothing wider than the screen but the scrollable tables.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} at 390 px`).toBeLessThanOrEqual(0);
  await shot(`${name}-narrow`);
  await page.setViewportSize({ width: 1280, height: 800 });
  return then();
}

describe("the console in headless Chromium", () => {
  it("logs in, shows nodes, launches, follows and reads an experiment, sets a flag and deletes it", async () => {
    await page.goto(server.url);
    await expect.poll(() => page.getByRole("heading", { name: "netunicorn console" }).count()).toBe(1);
    await shot("login");

    // A wrong password, in plain words (not the login call's jargon).
    await page.getByLabel("Login", { exact: true }).fill("demo");
    await page.getByLabel("Password", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("Incorrect username or password");
    await shot("login-error");
    // The browser's own note about that 401 is expected once; nothing else may be logged.
    expect(problems.splice(0).filter((p) => !/status of 401/.test(p))).toEqual([]);

    await page.getByLabel("Password", { exact: true }).fill("demo-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Nodes" }).waitFor();
    await page.getByRole("row", { name: /node-a/ }).waitFor();
    expect(page.url()).not.toMatch(/token|password/i);
    const stored = await page.evaluate(() => Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)]));
    expect(JSON.stringify(stored)).not.toContain("demo-password");
    expect(await page.evaluate(() => JSON.stringify(localStorage))).toBe("{}");
    // A marker that a reload would wipe: the whole session runs in this one document.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await expect.poll(() => page.getByRole("row", { name: /rpi-arm64-01/ }).textContent()).toMatch(/linux\/arm64.*DockerImage|linux\/arm64.*ShellExecution/);
    await expect.poll(() => unlabelled(page)).toEqual([]);
    await shot("nodes");
    await narrow("nodes", async () => undefined);
    await page.getByLabel("Architecture").selectOption("linux/arm64");
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
    await page.getByLabel("Architecture").selectOption("");
    await page.getByLabel("Property").fill("connector=local");
    await expect.poll(() => page.locator("tbody tr").count()).toBe(3);

    // Launch from the launcher's tasks on two chosen nodes.
    await page.getByRole("link", { name: "Launch" }).click();
    await page.getByLabel("Experiment name").fill(EXPERIMENT);
    await page.getByLabel(/node-a/).check();
    await page.getByLabel(/node-b/).check();
    await page.getByLabel(/flaky-01/).check();
    await page.getByLabel("Task to add").selectOption({ label: "Shell command (library ShellCommand)" });
    await page.getByRole("button", { name: "Add task" }).click();
    await expect.poll(() => unlabelled(page)).toEqual([]);
    await shot("launch");
    await page.getByRole("button", { name: "Launch", exact: true }).click();

    // Followed live to FINISHED, no reload.
    await page.waitForURL(/#experiment\/console-e2e$/, { timeout: 30_000 });
    await page.getByRole("status").filter({ hasText: /^FINISHED$/ }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await page.getByRole("row", { name: /node-a.*prepared/ }).waitFor();

    // Results: open node-a, expand the value of a task run.
    const nodeA = page.locator("details.node-result", { hasText: "node-a" });
    await nodeA.locator("summary").first().click();
    await expect.poll(() => nodeA.getByRole("heading", { name: "sleep-2" }).count()).toBe(1);
    // The whole result as a tree: Success → {task: [runs]} → the Ping run's PingResult.
    const whole = nodeA.locator(".whole > details.tree-node");
    await whole.locator("summary").first().click();
    await whole.locator("summary", { hasText: /^value: \{…\} \(3 keys\)$/ }).click();
    // Ping is a dispatcher: as in Python, its implementation runs under its own (random) name.
    await whole.locator("summary", { hasText: /^[0-9a-f-]{36}: list \(1\)$/ }).click();
    await whole.locator("summary", { hasText: /^0: Success$/ }).click();
    await whole.locator("summary", { hasText: /PingResult/ }).first().click();
    await whole.locator("summary", { hasText: /^state: / }).first().click();
    // A details element reports "toggle" a moment after it opens: its children come then.
    await expect.poll(() => whole.innerText(), { timeout: 30_000 }).toMatch(/packet_loss/);
    await expect.poll(() => nodeA.locator("section.task", { hasText: "sleep-2" }).textContent()).toMatch(/Success/);
    await nodeA.getByText(/Logs \(\d+ lines\)/).click();
    await nodeA.getByLabel("Search the logs of node-a").fill("sandbox");
    await expect.poll(() => nodeA.locator("ol.logs li").count()).toBeGreaterThan(0);
    await expect.poll(() => unlabelled(page)).toEqual([]);
    await nodeA.scrollIntoViewIfNeeded();
    await shot("results");

    // A failed task: its failure's text, as the executor reported it.
    const flaky = page.locator("details.node-result", { hasText: "flaky-01" });
    await expect.poll(() => flaky.locator("summary").first().textContent()).toMatch(/Failure/);
    await flaky.locator("summary").first().click();
    await expect.poll(() => flaky.locator("pre.traceback").first().textContent()).toMatch(/Simulated task failure on node flaky-01/);
    await flaky.locator("pre.traceback").first().scrollIntoViewIfNeeded();
    await shot("results-failure");
    await narrow("results", async () => undefined);

    // Flags: set, then read back.
    await page.getByLabel("Flag name").fill("stop");
    await page.getByLabel("Text value").fill("please");
    await page.getByLabel("Integer value").fill("3");
    await page.getByRole("button", { name: "Set flag" }).click();
    await expect.poll(() => page.locator(".flag-out").textContent()).toMatch(/Saved\. flag stop: text "please", int 3/);
    await page.getByRole("heading", { name: "Flags" }).scrollIntoViewIfNeeded();
    await shot("flags");

    // The list shows it (live), then delete it with a confirmation step.
    await page.getByRole("link", { name: "Experiments" }).click();
    await page.getByRole("row", { name: /console-e2e.*FINISHED.*2 succeeded, 1 failed/ }).waitFor();
    await shot("experiments");
    await page.getByRole("link", { name: EXPERIMENT }).click();
    await page.getByRole("button", { name: "Delete experiment" }).click();
    await shot("delete-confirm");
    await page.getByRole("button", { name: "Keep it" }).click();
    await expect.poll(() => page.getByRole("alertdialog").count()).toBe(0);
    await page.getByRole("button", { name: "Delete experiment" }).click();
    await page.getByRole("button", { name: "Yes, delete it" }).click();
    await page.waitForURL(/#experiments$/);
    await page.getByText(/\d+ experiments? · refreshes/).waitFor();
    await expect.poll(() => page.getByRole("row", { name: /console-e2e/ }).count()).toBe(0);

    expect(problems).toEqual([]);
  });

  it("logs out, and logs in with an access token obtained elsewhere", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("button", { name: "Use token" }).waitFor();
    await expect.poll(() => page.evaluate(() => sessionStorage.length)).toBe(0);
    const answer = await fetch(`${server.url}api/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=demo&password=demo-password" });
    const { access_token: token } = (await answer.json()) as { access_token: string };
    await page.getByRole("textbox", { name: "Access token" }).fill(token);
    await page.getByRole("button", { name: "Use token" }).click();
    await page.getByRole("row", { name: /node-a/ }).waitFor();
    expect(page.url()).not.toContain(token);
    expect(problems).toEqual([]);

    // A token the server refuses (expired, revoked) ends the session: back to the login form.
    await page.evaluate(() => sessionStorage.setItem("netunicorn-console-token", "revoked-token"));
    await page.getByRole("link", { name: "Experiments" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/no longer accepts this session's token/);
    await expect.poll(() => page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(problems.splice(0).filter((p) => !/status of 401/.test(p))).toEqual([]);
  });
});
