// compare: two scenarios, a scenario with and without events, or two stored runs: the input diff (each
// change with its line on both sides) and the KPI diff (b − a), with units; and the comparison report,
// out/compare-<id>/report.html.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { kpiDiffRows } from "../../run/compare.js";
import type { CompareSide, Comparison } from "../../run/compare-sides.js";
import { bold, dim, integerOption, printJson, table, UserError, yellow } from "../output.js";
import { eventOptions, foresightOf, resolveEvents } from "../events.js";
import { builtinNames, DEFAULT_SCENARIO, loadNetwork, prepareOutputFolder } from "../scenario-file.js";

interface Flags {
  trials: string;
  seed?: string;
  json?: boolean;
  out: string;
  event: string[];
  foresight?: boolean;
}

export function registerCompareCommands(program: Command): void {
  const command = program
    .command("compare")
    .description("two scenarios, a scenario with and without --event, or two stored runs: what differs in the inputs and in the answer (b − a)")
    .argument("[a]", "scenario file, built-in name or stored run id", DEFAULT_SCENARIO)
    .argument("[b]", "scenario file, built-in name or stored run id (default: a again, with the --event given)")
    .option("--trials <n>", "Monte Carlo trials for each scenario run", "2000")
    .option("--seed <s>", "random seed for both (default: each scenario's)")
    .option("--out <dir>", "where the report's folder (compare-<id>/report.html) is written", "out")
    .option("--json", "print the comparison as JSON (with the report's path as `report`)");
  eventOptions(command).action(async (argA: string, argB: string | undefined, flags: Flags) => {
    const trials = integerOption(flags.trials, "--trials", 1, 1_000_000);
    const seed = flags.seed === undefined ? undefined : integerOption(flags.seed, "--seed", 0, 2 ** 32 - 1);
    if (argB === undefined && flags.event.length === 0) throw new UserError("give two scenarios or runs, or one scenario and --event NAME to compare it with and without the event");
    const a = await sideOf(argA, [], undefined);
    const b = await sideOf(argB ?? argA, flags.event, flags.foresight);
    const outRoot = resolve(flags.out);
    prepareOutputFolder(outRoot, "--out");
    const [{ compareSidesWithResults }, { executeRun }, { loadForRun }, { compareReportInput }, { compareReportHtml }, { newRunId }] = await Promise.all([
      import("../../run/compare-sides.js"),
      import("../../run/run.js"),
      import("../../run/run.node.js"),
      import("../../run/compare-report.js"),
      import("../../report/compare-html.js"),
      import("../../store/index.js"),
    ]);
    const { comparison: cmp, results } = await compareSidesWithResults(a, b, { trials, seed, execute: (input, options) => executeRun(loadForRun(input), options) });
    const dir = join(outRoot, `compare-${newRunId()}`);
    mkdirSync(dir, { recursive: true });
    const report = join(dir, "report.html");
    writeFileSync(report, compareReportHtml(compareReportInput(cmp, { a, b }, results, new Date().toISOString())));
    if (flags.json) return printJson({ ...cmp, report });
    process.stdout.write(`${render(cmp)}\nreport: ${report}\n`);
  });
}

/** A command-line argument as a side: a scenario file or built-in (with the events given), else a stored run id. */
async function sideOf(arg: string, eventArgs: string[], foresight: boolean | undefined): Promise<CompareSide> {
  const isScenario = existsSync(arg) || builtinNames().includes(arg);
  if (!isScenario) {
    if (eventArgs.length > 0) throw new UserError(`--event applies to a scenario, not to the stored run '${arg}'`);
    const { openStore } = await import("../../store/index.js");
    const store = openStore();
    try {
      let id: string;
      try {
        id = store.resolveRunId(arg);
      } catch (err) {
        throw new UserError(`'${arg}' is neither a scenario (file or built-in: ${builtinNames().join(", ")}) nor a stored run (${err instanceof Error ? err.message : String(err)})`);
      }
      const run = store.getRun(id);
      if (!run) throw new UserError(`no run with id '${arg}'`);
      return { kind: "run", id: run.id, scenarioName: run.scenarioName, scenarioText: run.scenarioText, kpis: run.kpis, options: run.options, results: run.results };
    } finally {
      store.close();
    }
  }
  const loaded = loadNetwork(arg);
  return { kind: "scenario", name: loaded.scenario.name, file: loaded.file, text: loaded.text, events: resolveEvents(loaded.scenario, eventArgs), foresight: foresightOf(loaded.scenario, foresight) };
}

function render({ a, b, inputs, kpis, warnings }: Comparison): string {
  const out = [`a = ${a.label}${a.file ? dim(` (${a.file})`) : ""}`, `b = ${b.label}${b.file ? dim(` (${b.file})`) : ""}`, ""];
  for (const w of warnings) out.push(yellow(`warning: ${w}`));
  if (warnings.length) out.push("");
  out.push(bold(`What differs in the inputs (${inputs.length})`));
  if (inputs.length === 0) out.push(dim("  nothing: the same scenario"));
  else {
    const cut = (v: unknown) => {
      const s = v === null ? "–" : String(v);
      return s.length > 40 ? `${s.slice(0, 39)}…` : s;
    };
    const at = (f: string | null, line: number | null) => (line === null ? "" : `${f ?? ""}:${line}`);
    out.push(table(["field", "a", "b", "where (a | b)"], inputs.slice(0, 60).map((c) => [c.path, cut(c.a), cut(c.b), [at(a.file, c.lineA), at(b.file, c.lineB)].filter(Boolean).join(" | ")])));
    if (inputs.length > 60) out.push(dim(`  … and ${inputs.length - 60} more (--json lists them all)`));
  }
  out.push("", bold("What differs in the answer (b − a)"));
  const { rows, unchanged } = kpiDiffRows(kpis);
  out.push(table(["kpi", "a", "b", "b − a"], rows));
  if (unchanged > 0) out.push(dim(`  (${unchanged} KPI${unchanged === 1 ? "" : "s"} unchanged)`));
  return `${out.join("\n")}\n`;
}
