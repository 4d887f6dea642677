// The order `npm test` starts its files in, with several at a time (vitest.config.ts: maxWorkers).
// vitest's own order runs the projects one after another by name (core-happy-dom, node, runtime):
// the heaviest files (runtime: npm install of a clone, Deno, Chromium) came LAST, so the run ended
// with one 2-minute file alone while the other workers sat idle. Here every project is mixed and
// the longest file starts first, so the long ones run beside the many short ones.
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Expected durations (ms) when vitest's cache has none for a file (a fresh clone, `.ci/run`'s
 * clean `npm ci`): the three slowest files as measured on a 2-core machine, then a guess per
 * project (the runtime files drive processes and take seconds; the rest mostly under one).
 */
const SLOW_FILES: Record<string, number> = {
  "test/runtime/install.test.ts": 100_000,
  "test/runtime/deno.test.ts": 45_000,
  "test/readme.test.ts": 40_000,
};
const PROJECT_GUESS: Record<string, number> = { runtime: 10_000 };
const DEFAULT_GUESS = 1_000;

export default class LongestFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const expected = new Map(files.map((spec) => [spec, this.expectedMs(spec)]));
    const size = (spec: TestSpecification): number => this.ctx.cache.getFileStats(this.key(spec))?.size ?? 0;
    return Promise.resolve(
      [...files].sort((a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder
        // A file that failed last time first (as vitest does), then the longest, then the largest.
        || Number(this.failed(b)) - Number(this.failed(a))
        || expected.get(b)! - expected.get(a)!
        || size(b) - size(a)),
    );
  }

  private key(spec: TestSpecification): string {
    return `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
  }

  private failed(spec: TestSpecification): boolean {
    return this.ctx.cache.getFileTestResults(this.key(spec))?.failed ?? false;
  }

  private expectedMs(spec: TestSpecification): number {
    const cached = this.ctx.cache.getFileTestResults(this.key(spec))?.duration;
    if (cached !== undefined && cached > 0) return cached;
    const file = relative(this.ctx.config.root, spec.moduleId).split("\\").join("/");
    return SLOW_FILES[file] ?? PROJECT_GUESS[spec.project.name] ?? DEFAULT_GUESS;
  }
}
