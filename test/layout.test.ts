/**
 * The house's architecture, checked: every import one way (the rules in .dependency-cruiser.mjs:
 * no circles, the core fetch-only, no package reaching into another's folder, each room's layer),
 * and each package built from its own folders.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { cruise, type IConfiguration, type ICruiseResult, type IViolation } from "dependency-cruiser";
import { describe, expect, it } from "vitest";
import { entries as rootEntries } from "../tsdown.config.js";

// The rules are plain JavaScript (depcruise's CLI reads the same file); a computed path keeps
// TypeScript from asking for a declaration of it.
const RULES_FILE = "../.dependency-cruiser.mjs";
const rules = ((await import(RULES_FILE)) as { default: IConfiguration }).default;

const ROOT_PACKAGE_FOLDERS = /^(src|node|console)\//;

async function cruiseRepository(): Promise<ICruiseResult> {
  const { output } = await cruise(["src", "node", "console", "mcp"], {
    ...rules.options,
    validate: true,
    ruleSet: { forbidden: rules.forbidden ?? [] },
  });
  if (typeof output === "string") throw new Error("dependency-cruiser returned text instead of its result");
  return output;
}

function describeViolation(violation: IViolation): string {
  const via = violation.cycle?.map((step) => step.name).join(" → ");
  return `${violation.rule.name}: ${violation.from} → ${via ?? violation.to}`;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.ts$/.test(file) && !file.endsWith(".d.ts") && !/(^|\/)(dist|node_modules)\//.test(file))
    .map((file) => join(folder, file));
}

describe("the direction of imports", () => {
  it("breaks no rule: no circle, no upward import, no package reaching into another", async () => {
    const result = await cruiseRepository();
    // Resolution really worked (a misconfigured resolver finds no edges and so no violations).
    expect(result.summary.totalCruised).toBeGreaterThan(150);
    expect(result.summary.totalDependenciesCruised).toBeGreaterThan(500);
    const edges = result.modules.flatMap((module) => module.dependencies.map((d) => `${module.source} → ${d.resolved}`));
    expect(edges.filter((edge) => /^mcp\/server\.ts → src\//.test(edge)).length).toBeGreaterThan(0);
    expect(edges.filter((edge) => /^console\/server\/.* → node\/serving\//.test(edge)).length).toBeGreaterThan(0);
    expect(result.summary.violations.map(describeViolation)).toEqual([]);
  });
});

describe("each package is built from its own folders", () => {
  it("the root package's entries and bins come from src/, node/ or console/", () => {
    const outside = Object.entries(rootEntries).filter(([, source]) => !ROOT_PACKAGE_FOLDERS.test(source));
    expect(outside).toEqual([]);
  });

  it("the root package's npm scripts run no file of the MCP package except through its workspace", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    const reaching = Object.entries(scripts).filter(([, command]) => /(^|\s)mcp\/\S+\.ts/.test(command));
    expect(reaching).toEqual([]);
  });
});

describe("files stay small enough to read", () => {
  it("no source file of the packages is over 400 lines", () => {
    const long = ["src", "node", "console", "mcp"]
      .flatMap(sourceFiles)
      .map((file) => ({ file, lines: readFileSync(file, "utf8").split("\n").length }))
      .filter(({ lines }) => lines > 400);
    expect(long).toEqual([]);
  });
});
