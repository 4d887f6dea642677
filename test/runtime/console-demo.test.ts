// The console tells the truth about what it talks to and checks a launch before sending it, in a
// real (headless) Chromium on the BUILT page: a simulation banner and the demo users only when the
// backend is a sandbox (in-process, or a served `netunicorn-sandbox`), never for a real server; a
// wrong password in plain words; the launcher's environment choice, its checks in plain words
// (gone once fixed), taken names refused before any prepare is sent (also one prepared moments
// ago that the server does not list yet), and flag integers outside int64 refused. New states are
// photographed (login-sandbox, launch-validation, launch-environment): into docs/screenshots/
// with UPDATE_SCREENSHOTS=1, else into a temporary folder (console-chromium.ts: screenshotFolder).
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningConsole, serveConsole } from "../../console/server/serve-console.js";
import { serveSandbox } from "../../node/sandbox/serve-sandbox.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { launchChromium, openWatchedPage, screenshotFolder } from "./console-chromium.js";
import { requireBuilt } from "./helpers.js";

const SHOTS = screenshotFolder();
const FAST = { rowDelayMs: 0, preparationMs: 200, executionMs: 400, executorsStartMs: 50 };

let browser: Browser;
const closers: (() => Promise<void>)[] = [];
let page: Page;
/** Prepare requests the page sent: a refused name must send none. */
let prepares: string[] = [];

beforeAll(async () => {
  requireBuilt("dist/console/index.html");
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  SHOTS.remove();
});

afterEach(async () => {
  await page?.close();
  for (const close of closers.splice(0)) await close();
});

async function open(server: RunningConsole): Promise<Page> {
  ({ page } = await openWatchedPage(browser));
  prepares = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && /\/prepare$/.test(r.url())) prepares.push(decodeURIComponent((r.url().split("/experiment/")[1] ?? "").replace(/\/prepare$/, "")));
  });
  await page.goto(server.url);
  await page.getByRole("heading", { name: "netunicorn console" }).waitFor();
  return page;
}

async function console_(options: Parameters<typeof serveConsole>[0]): Promise<RunningConsole> {
  const server = await serveConsole({ port: 0, ...options });
  closers.push(() => server.close());
  return server;
}

async function logIn(p: Page): Promise<void> {
  await p.getByLabel("Login", { exact: true }).fill("demo");
  await p.getByLabel("Password", { exact: true }).fill("demo-password");
  await p.getByRole("button", { name: "Log in" }).click();
  await p.getByRole("row", { name: /node-a/ }).waitFor();
}

/** Waits on a condition, with room for a loaded machine (never on time alone). */
const until = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

/** Nothing wider than a 390 px screen. */
async function fitsNarrow(p: Page, what: string): Promise<void> {
  await p.setViewportSize({ width: 390, height: 844 });
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what} at 390 px`).toBeLessThanOrEqual(0);
  await p.setViewportSize({ width: 1280, height: 800 });
}

const banner = (p: Page) => p.getByRole("note", { name: "Simulation" });
const alertText = (p: Page) => p.getByRole("alert").first().textContent();

describe("the console says whether it is a simulation", () => {
  it("the sandbox: a banner on every screen, the demo users at login, a wrong password in plain words", async () => {
    const p = await open(await console_({ sandbox: { timing: FAST } }));
    await banner(p).waitFor();
    expect(await banner(p).textContent()).toMatch(/Simulation: .*no task runs on any real node/);
    const demo = p.getByRole("region", { name: "Demo users of this simulation" });
    expect(await demo.textContent()).toMatch(/demo \/ demo-password.*other \/ other-password.*admin \/ admin-password \(administrator\)/);
    await p.screenshot({ path: join(SHOTS.dir, "login-sandbox.png") });
    await fitsNarrow(p, "the login page with the banner");

    await p.getByLabel("Login", { exact: true }).fill("demo");
    await p.getByLabel("Password", { exact: true }).fill("not-the-password");
    await p.getByRole("button", { name: "Log in" }).click();
    await until(() => alertText(p)).toBe("Incorrect username or password");

    await p.getByRole("button", { name: "Use demo" }).click();
    expect(await p.getByLabel("Password", { exact: true }).inputValue()).toBe("demo-password");
    await p.getByRole("button", { name: "Log in" }).click();
    await p.getByRole("row", { name: /node-a/ }).waitFor();
    expect(await banner(p).count()).toBe(1);
  });

  it("a served netunicorn-sandbox behind NETUNICORN_ENDPOINT: the same banner", async () => {
    const served = await serveSandbox({ port: 0, timing: FAST });
    closers.push(() => served.close());
    const p = await open(await console_({ endpoint: served.url }));
    await banner(p).waitFor();
    expect(await p.getByRole("region", { name: "Demo users of this simulation" }).count()).toBe(1);
  });

  it("a real server: no banner and no demo users", async () => {
    const real = createSandbox({ timing: FAST });
    // Its answers without the sandbox's marker header: what a real netunicorn sends.
    const p = await open(await console_({ endpoint: "http://netunicorn.example.test/", fetch: (request) => real.fetch(request) }));
    await logIn(p);
    expect(await banner(p).count()).toBe(0);
    await p.getByRole("button", { name: "Log out" }).click();
    await p.getByRole("button", { name: "Log in" }).waitFor();
    expect(await p.getByText(/Demo users/).count()).toBe(0);
    expect(await p.getByText(/demo-password/).count()).toBe(0);
  });
});

describe("the launcher checks before it sends", () => {
  it("plain-words checks that go once fixed; environments per node", async () => {
    const p = await open(await console_({ sandbox: { timing: FAST } }));
    await logIn(p);
    await p.getByRole("link", { name: "Launch" }).click();
    const name = p.getByLabel("Experiment name");
    await name.waitFor();
    const launch = p.getByRole("button", { name: "Launch", exact: true });

    // Environments: shell-only-01 cannot run Docker (the default): disabled, saying so.
    const shellOnly = p.getByRole("checkbox", { name: /shell-only-01/ });
    expect(await shellOnly.isDisabled()).toBe(true);
    expect(await p.getByText(/shell-only-01/).textContent()).toMatch(/linux\/amd64 · Shell.*cannot run Docker \(DockerImage\)/);
    expect(await p.locator("label", { hasText: "node-a" }).textContent()).toMatch(/Docker, Shell/);
    await p.getByLabel("Environment").selectOption("ShellExecution");
    expect(await shellOnly.isDisabled()).toBe(false);
    await shellOnly.check();
    await p.screenshot({ path: join(SHOTS.dir, "launch-environment.png"), fullPage: true });
    await p.getByLabel("Environment").selectOption("DockerImage");
    expect(await shellOnly.isChecked()).toBe(false);
    await until(() => p.locator("p.sr-only[role=status]").textContent()).toBe("Unchecked shell-only-01: it cannot run Docker.");

    // No node chosen.
    await launch.click();
    await until(() => alertText(p)).toBe("Choose at least one node that can run Docker.");
    await p.getByRole("checkbox", { name: /node-a/ }).check();
    await until(() => p.getByRole("alert").count()).toBe(0);

    // Names: empty, a space, a slash; each message replaced by the next, then gone.
    await name.fill("");
    await launch.click();
    await until(() => alertText(p)).toBe("Give the experiment a name.");
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    await name.fill("my run");
    await until(() => alertText(p)).toBe("The experiment name may not contain spaces: use letters, digits, - or _ instead.");
    await name.fill("lab/run");
    await until(() => alertText(p)).toBe("The experiment name may not contain “/”: use letters, digits, - or _ instead.");
    await name.fill("lab-run");
    await until(() => p.getByRole("alert").count()).toBe(0);
    expect(await name.getAttribute("aria-invalid")).toBeNull();

    // Task parameters: an empty address, a count of 0.
    const address = p.getByLabel("Address (task 1: Ping (library))");
    const count = p.getByLabel("Count (task 1: Ping (library))");
    await address.fill("");
    await launch.click();
    await until(() => alertText(p)).toBe("Task 1 (Ping (library)): Address is empty.");
    await p.screenshot({ path: join(SHOTS.dir, "launch-validation.png"), fullPage: true });
    await fitsNarrow(p, "the launcher");
    await address.fill("127.0.0.1");
    await until(() => p.getByRole("alert").count()).toBe(0);
    await count.fill("0");
    await launch.click();
    await until(() => alertText(p)).toBe("Task 1 (Ping (library)): Count must be a whole number of at least 1, not 0.");
    await count.fill("2");
    await until(() => p.getByRole("alert").count()).toBe(0);
    expect(prepares).toEqual([]);
  });

  it("refuses a taken name before sending: one on the server, one just launched here; flags outside int64", async () => {
    const server = await console_({ sandbox: { timing: FAST } });
    const p = await open(server);
    await logIn(p);
    const launchAs = async (experiment: string): Promise<void> => {
      await p.getByRole("link", { name: "Launch" }).click();
      await p.getByLabel("Experiment name").fill(experiment);
      await p.getByRole("checkbox", { name: /node-a/ }).check();
      await p.getByRole("button", { name: "Launch", exact: true }).click();
    };
    await launchAs("dup-1");
    await p.waitForURL(/#experiment\/dup-1$/);
    expect(prepares).toEqual(["dup-1"]);

    await launchAs("dup-1");
    await until(() => alertText(p)).toBe("An experiment named “dup-1” already exists: choose another name (or delete that experiment first).");
    expect(prepares).toEqual(["dup-1"]);
    await p.getByLabel("Experiment name").fill("dup-2");
    await until(() => p.getByRole("alert").count()).toBe(0);

    // Flags: a number outside the server's int64 is refused; the message goes once fixed.
    await p.goto(`${server.url}#experiment/dup-1`);
    const integer = p.getByLabel("Integer value");
    await integer.fill("99999999999999999999");
    await p.getByRole("button", { name: "Set flag" }).click();
    await until(() => alertText(p)).toBe("The integer value 99999999999999999999 is outside what netunicorn stores (a 64-bit integer, -9223372036854775808 to 9223372036854775807).");
    await integer.fill("12");
    await until(() => p.locator(".flag-out").textContent()).toBe("");
    await p.getByRole("button", { name: "Set flag" }).click();
    await until(() => p.locator(".flag-out").textContent()).toMatch(/Saved\. flag stop: text null, int 12/);
  });

  it("a name prepared moments ago, which the server does not list yet, is refused too", async () => {
    // The sandbox hides a new experiment for a long while: only the page's memory knows it.
    const server = await console_({ sandbox: { timing: { ...FAST, rowDelayMs: 120_000 } } });
    const p = await open(server);
    await logIn(p);
    await p.getByRole("link", { name: "Launch" }).click();
    await p.getByLabel("Experiment name").fill("fresh-1");
    await p.getByRole("checkbox", { name: /node-a/ }).check();
    await p.getByRole("button", { name: "Launch", exact: true }).click();
    await until(() => prepares).toEqual(["fresh-1"]);
    await p.getByRole("link", { name: "Nodes" }).click();
    await p.getByRole("link", { name: "Launch" }).click();
    await p.getByLabel("Experiment name").fill("fresh-1");
    await p.getByRole("checkbox", { name: /node-a/ }).check();
    await p.getByRole("button", { name: "Launch", exact: true }).click();
    await until(() => alertText(p)).toBe("“fresh-1” was just prepared from this page: choose another name.");
    expect(prepares).toEqual(["fresh-1"]);
  });
});
