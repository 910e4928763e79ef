// Prints "N passed, N failed" from vitest's JSON report (CI reads this line, not vitest's summary).
// A test file that fails to load has no test results of its own: it counts as one failure.
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2];
if (!existsSync(file)) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, "utf8"));
const brokenFiles = (r.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
const failed = r.numFailedTests + brokenFiles;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || r.success === false ? 1 : 0);
