// Writes a run's files to out/<run-id>/: report.html, plan.csv, simulation.csv, stress.csv,
// waferline-<run-id>.xlsx and result.json. They are written into a hidden folder first and renamed at
// the end, so a killed run never leaves a half-written folder under its id; a hidden folder left by a
// killed run is removed by the next run (cleanStalePartials).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import type { Network, Scenario } from "../model/index.js";
import { getRuntime } from "../plan/highs.js";
import { renderReport } from "../report/html.js";
import { processAlive, processStart } from "../store/owner.js";
import { tablesToWorkbook } from "../xlsx/index.js";
import { reportInput, runTables, tableToCsv } from "./present.js";
import type { RunResult } from "./run.js";

/** Versions for the report's reproduce block: the solver's as the loaded HiGHS runtime reports it. */
export async function versions(): Promise<Record<string, string>> {
  const own = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return { waferline: own.version, HiGHS: await highsVersion(), node: process.version };
}

/** "1.15.1 (npm highs 1.15.3)": the solver compiled into the WebAssembly build, and the package that ships it. */
async function highsVersion(): Promise<string> {
  let solver = "unknown";
  try {
    solver = (await getRuntime()).version.string;
  } catch {
    // The report still renders; the package version below says which build it would have been.
  }
  let pkg = "";
  try {
    // The package's exports do not include package.json: walk up from its entry point.
    let dir = dirname(createRequire(import.meta.url).resolve("highs"));
    while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
    pkg = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    pkg = "";
  }
  return pkg ? `${solver} (npm highs ${pkg})` : solver;
}

export interface WrittenRun {
  dir: string;
  files: string[];
}

/** The hidden folder a run's files are written into before they are renamed into place. */
export const partialFolder = (outRoot: string, runId: string) => join(outRoot, `.${runId}.partial`);
const OWNER = ".owner";

/**
 * Removes the half-written folders of runs whose process is gone (killed while writing, e.g. kill -9),
 * leaving those another live process is writing. A folder without an owner record (older versions)
 * is stale once an hour old. Returns the folders removed.
 */
export function cleanStalePartials(outRoot: string): string[] {
  let names: string[];
  try {
    names = readdirSync(outRoot).filter((n) => n.startsWith(".") && n.endsWith(".partial"));
  } catch {
    return []; // no out folder yet
  }
  const removed: string[] = [];
  for (const name of names) {
    const path = join(outRoot, name);
    try {
      let stale: boolean;
      try {
        const owner = JSON.parse(readFileSync(join(path, OWNER), "utf8")) as { host: string; pid: number; start: string | null };
        stale = owner.host === hostname() && !processAlive(owner.pid, owner.start);
      } catch {
        stale = Date.now() - statSync(path).mtimeMs > 3600_000;
      }
      if (stale) {
        rmSync(path, { recursive: true, force: true });
        removed.push(path);
      }
    } catch {
      // Gone meanwhile, or not ours to remove: leave it.
    }
  }
  return removed;
}

export async function writeRunArtifacts(outRoot: string, runId: string, net: Network, scenario: Scenario, result: RunResult, command: string): Promise<WrittenRun> {
  const dir = join(outRoot, runId);
  const partial = partialFolder(outRoot, runId);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  // Who writes this folder: a later run removes it if this process dies before the rename.
  writeFileSync(join(partial, OWNER), JSON.stringify({ host: hostname(), pid: process.pid, start: processStart(process.pid) }));
  const files: string[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    writeFileSync(join(partial, name), data);
    files.push(name);
  };

  const html = renderReport(
    reportInput(net, result, {
      runId,
      sources: scenario.sources,
      command,
      versions: await versions(),
      generatedAt: new Date().toISOString(),
    }),
  );
  write("report.html", html);
  const tables = runTables(net, result);
  for (const name of ["plan", "simulation", "stress", "sensitivity"]) {
    const t = tables.find((x) => x.name === name);
    if (t) write(`${name}.csv`, tableToCsv(t));
  }
  const wb = tablesToWorkbook(tables);
  write(`waferline-${runId}.xlsx`, new Uint8Array(await wb.xlsx.writeBuffer()));
  write("result.json", `${JSON.stringify({ id: runId, ...result }, null, 2)}\n`);

  rmSync(join(partial, OWNER));
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { dir, files };
}
