// Writes a run's files to out/<run-id>/: report.html, plan.csv, simulation.csv, stress.csv,
// waferline-<run-id>.xlsx and result.json. They are written into a hidden folder first and renamed at
// the end, so a killed run never leaves a half-written folder under its id.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Network, Scenario } from "../model/index.js";
import { getRuntime } from "../plan/highs.js";
import { renderReport } from "../report/html.js";
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

export async function writeRunArtifacts(outRoot: string, runId: string, net: Network, scenario: Scenario, result: RunResult, command: string): Promise<WrittenRun> {
  const dir = join(outRoot, runId);
  const partial = join(outRoot, `.${runId}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
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

  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { dir, files };
}
