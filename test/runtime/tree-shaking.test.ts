// What a browser bundler makes of the BUILT package (dist/): a page that imports only the client
// and models does not carry the pickle decoder (the models have no decode() method that would
// pull it in or fail without it); a page that imports decodeDeploymentResult gets it, and it works.
// Bundled by esbuild as scripts/size.ts does (browser, ESM, tree-shaken), then run here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { requireBuilt, root } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "netunicorn-tree-shaking-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Fixture {
  body: unknown;
  expected_results: Array<{ node: string; error: string | null; result: unknown; logs: string[] | null }>;
}
const fixture = JSON.parse(readFileSync(join(root, "test", "fixtures", "status", "finished_with_failures.json"), "utf8")) as Fixture;

/** Bundles `code` (importing "netunicorn" = dist/index.js) for the browser and imports the result. */
async function bundleAndLoad(name: string, code: string): Promise<{ text: string; module: Record<string, (body: unknown) => unknown> }> {
  const out = await build({
    stdin: { contents: code, resolveDir: root, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    treeShaking: true,
    write: false,
    logLevel: "silent",
    alias: { netunicorn: join(root, "dist", "index.js") },
  });
  const text = out.outputFiles[0]!.text;
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, text);
  return { text, module: (await import(pathToFileURL(file).href)) as Record<string, (body: unknown) => unknown> };
}

/** The decoder's entry point (esbuild keeps names when not minifying). */
const DECODER_MARK = /\bunpickle\b/;

describe("tree-shaking the built package", () => {
  it("leaves the decoder out of a client-and-models bundle, whose results offer no decode() trap", async () => {
    requireBuilt();
    const { text, module } = await bundleAndLoad(
      "client-only",
      `import { RemoteClient, ExperimentExecutionInformation } from "netunicorn";
       export const client = () => new RemoteClient({ endpoint: "http://127.0.0.1:9", token: "t" }).endpoint;
       export const firstResult = (body) => {
         const first = ExperimentExecutionInformation.fromJSON(body).executionResult[0];
         return { node: first.node.name, bytes: first.result.length, decode: typeof first.decode };
       };`,
    );
    expect(text).not.toMatch(DECODER_MARK);
    expect(module.client!(null)).toBe("http://127.0.0.1:9");
    expect(module.firstResult!(fixture.body)).toEqual({ node: fixture.expected_results[0]!.node, bytes: expect.any(Number) as number, decode: "undefined" });
  });

  it("keeps the decoder when the page imports decodeDeploymentResult, and it decodes in that bundle", async () => {
    requireBuilt();
    const { text, module } = await bundleAndLoad(
      "with-decoder",
      `import { ExperimentExecutionInformation, decodeDeploymentResult } from "netunicorn";
       export const direct = (body) => ExperimentExecutionInformation.fromJSON(body).executionResult.map((r) => decodeDeploymentResult(r).view());`,
    );
    expect(text).toMatch(DECODER_MARK);
    const expected = JSON.parse(JSON.stringify(fixture.expected_results)) as unknown;
    expect(JSON.parse(JSON.stringify(module.direct!(fixture.body)))).toEqual(expected);
  });
});
