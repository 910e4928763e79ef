// Builds the CLI and the dashboard once before any test spawns them (`npm test` builds too; this
// covers `npx vitest`). One build here instead of one per test file: parallel builds writing dist/
// at once race with the CLIs those files spawn.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const run = (args: string[]) => {
    // vitest sets NODE_ENV=test, which would make vite bundle React's development build.
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
    if (r.status !== 0) process.stderr.write(`${args.join(" ")} reported problems:\n${(r.stdout + r.stderr).slice(0, 4000)}\n`);
  };
  run(["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"]);
  run(["node_modules/vite/bin/vite.js", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
}
