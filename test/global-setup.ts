// Builds the CLI once before any test spawns it (`npm test` builds too; this covers `npx vitest`).
// One build here instead of one per test file: parallel builds writing dist/ at once race with the
// CLIs those files spawn.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const r = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) process.stderr.write(`tsc reported problems (the build still emits):\n${r.stdout.slice(0, 4000)}\n`);
}
