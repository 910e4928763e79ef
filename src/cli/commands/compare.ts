// compare: two scenarios, a scenario with and without events, or two stored runs: the input diff (each
// change with its line on both sides) and the KPI diff (b − a), with units.
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { byKey, NONE } from "../../format/index.js";
import type { CompareSide, Comparison } from "../../run/compare-sides.js";
import { bold, dim, integerOption, printJson, table, UserError, yellow } from "../output.js";
import { eventOptions, foresightOf, resolveEvents } from "../events.js";
import { builtinNames, DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";

interface Flags {
  trials: string;
  seed?: string;
  json?: boolean;
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
    .option("--json", "print the comparison as JSON");
  eventOptions(command).action(async (argA: string, argB: string | undefined, flags: Flags) => {
    const trials = integerOption(flags.trials, "--trials", 1, 1_000_000);
    const seed = flags.seed === undefined ? undefined : integerOption(flags.seed, "--seed", 0, 2 ** 32 - 1);
    if (argB === undefined && flags.event.length === 0) throw new UserError("give two scenarios or runs, or one scenario and --event NAME to compare it with and without the event");
    const a = await sideOf(argA, [], undefined);
    const b = await sideOf(argB ?? argA, flags.event, flags.foresight);
    const [{ compareSides }, { executeRun }, { loadForRun }] = await Promise.all([import("../../run/compare-sides.js"), import("../../run/run.js"), import("../../run/run.node.js")]);
    const cmp = await compareSides(a, b, { trials, seed, execute: (input, options) => executeRun(loadForRun(input), options) });
    if (flags.json) return printJson(cmp);
    process.stdout.write(render(cmp));
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
      return { kind: "run", id: run.id, scenarioName: run.scenarioName, scenarioText: run.scenarioText, kpis: run.kpis, options: run.options };
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
  const changed = kpis.filter((k) => k.delta !== 0 && !(k.delta === null && k.a === k.b));
  out.push(table(["kpi", "a", "b", "b − a"], changed.map((k) => [k.key, shown(k.key, k.a), shown(k.key, k.b), k.delta === null ? (k.a === k.b ? "" : "changed") : byKey(k.key, k.delta, { sign: true, delta: true })])));
  const same = kpis.length - changed.length;
  if (same > 0) out.push(dim(`  (${same} KPI${same === 1 ? "" : "s"} unchanged)`));
  return `${out.join("\n")}\n`;
}

/** A KPI by its unit, through the one formatter; a missing value reads as a dash. */
const shown = (key: string, v: unknown) => (v === null || v === undefined ? NONE : byKey(key, v));
