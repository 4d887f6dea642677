// A vitest reporter that makes skipped tests loud: it lists every skipped test after the run,
// and with CI set (as .ci/run does) a skipped test fails the run — a check that silently does
// not run (missing tool, missing file, `skipIf`) must not look like a passing one in CI.
import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

export default class SkipReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests("skipped")) {
        skipped.push(`[${test.project.name}] ${relative(process.cwd(), module.moduleId)} > ${test.fullName}`);
      }
    }
    if (skipped.length === 0) return;
    const strict = /^(1|true|yes)$/i.test(process.env.CI ?? "");
    const list = skipped.map((s) => `  - ${s}`).join("\n");
    console.log(`\n${skipped.length} test(s) SKIPPED${strict ? " (CI is set: this fails the run)" : ""}:\n${list}\n`);
    if (strict) process.exitCode = 1;
  }
}
