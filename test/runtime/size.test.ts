// The size budget (scripts/size.ts): what a browser page pays for the core, bundled, minified
// and gzipped, next to ky, ofetch and @octokit/core measured the same way in the same run.
import { describe, expect, it } from "vitest";
import { KB, measureAll, table } from "../../scripts/size.js";
import { requireBuilt } from "./helpers.js";

describe("size budget", () => {
  it("keeps RemoteClient alone ≤ 8 kB and the whole core ≤ 25 kB gzipped", async () => {
    requireBuilt();
    const { ours, references, missing } = await measureAll();
    console.log(`${table([...ours, ...references])}\n`);
    const [client, core] = ours;
    expect(client?.budget).toBe(8 * KB);
    expect(core?.budget).toBe(25 * KB);
    // The two cases must measure something real: the core is more than the client alone.
    expect(client!.gzipped).toBeGreaterThan(1 * KB);
    expect(core!.gzipped).toBeGreaterThan(client!.gzipped);
    expect(client!.gzipped).toBeLessThanOrEqual(8 * KB);
    expect(core!.gzipped).toBeLessThanOrEqual(25 * KB);
    // The comparison libraries are dev dependencies: all three are measured.
    expect(missing).toEqual([]);
    expect(references.map((r) => r.gzipped > 1 * KB)).toEqual([true, true, true]);
  });
});
