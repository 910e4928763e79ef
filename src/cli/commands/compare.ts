// compare: two scenarios, a scenario with and without events, or two stored runs: the input diff (each
// change with its line on both sides) and the KPI diff (b − a), with units.
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { type InputChange, type KpiChange, diffKpis, diffScenarios } from "../../run/compare.js";
import { bold, dim, integerOption, printJson, table, UserError, yellow } from "../output.js";
import { eventOptions, resolveEvents } from "../events.js";
import { builtinNames, DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";

interface Flags {
  trials: string;
  seed?: string;
  json?: boolean;
  event: string[];
  foresight?: boolean;
}

interface Side {
  label: string;
  file: string | null;
  text: string;
  kpis: Record<string, unknown>;
  trials: number | null;
  seed: number | null;
  events: string[];
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
    const a = await sideOf(argA, [], false, trials, seed);
    const b = await sideOf(argB ?? argA, flags.event, flags.foresight === true, trials, seed);
    const inputs: InputChange[] = [...diffScenarios(a.text, b.text)];
    if (a.events.join() !== b.events.join()) inputs.push({ path: "events applied", a: a.events.join(", ") || null, b: b.events.join(", ") || null, lineA: null, lineB: null });
    const kpis = diffKpis(a.kpis, b.kpis);
    const warnings: string[] = [];
    if (a.trials !== null && b.trials !== null && a.trials !== b.trials) warnings.push(`the runs differ in trial count (${a.trials} against ${b.trials}): simulated figures are not like for like`);
    if (a.seed !== null && b.seed !== null && a.seed !== b.seed) warnings.push(`the runs differ in seed (${a.seed} against ${b.seed}): simulated differences include sampling noise`);
    if (flags.json) return printJson({ a: describeSide(a), b: describeSide(b), inputs, kpis, warnings });
    process.stdout.write(render(a, b, inputs, kpis, warnings));
  });
}

const describeSide = (s: Side) => ({ label: s.label, file: s.file, trials: s.trials, seed: s.seed, events: s.events });

async function sideOf(arg: string, eventArgs: string[], foresight: boolean, trials: number, seed: number | undefined): Promise<Side> {
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
      const o = run.options as { trials?: number; seed?: number; events?: string[] };
      return { label: `run ${run.id} (${run.scenarioName})`, file: null, text: run.scenarioText, kpis: run.kpis ?? {}, trials: o.trials ?? null, seed: o.seed ?? null, events: o.events ?? [] };
    } finally {
      store.close();
    }
  }
  const loaded = loadNetwork(arg);
  const events = resolveEvents(loaded.scenario, eventArgs);
  const { executeRun } = await import("../../run/run.js");
  const r = await executeRun(loaded, { kinds: ["plan", "simulate", "stress"], trials, seed, events, foresight });
  return {
    label: `${loaded.scenario.name}${events.length ? ` with ${events.map((e) => e.id).join(", ")}${foresight ? " (foresight)" : ""}` : ""}`,
    file: loaded.file,
    text: loaded.text,
    kpis: r.kpis,
    trials: r.options.trials,
    seed: r.options.seed,
    events: events.map((e) => e.id),
  };
}

/** Money for *Usd keys, percentages for shares, as they print everywhere else; never scientific notation. */
function show(key: string, v: unknown, signed = false): string {
  if (v === null || v === undefined) return "–";
  if (typeof v !== "number") return String(v);
  const sign = signed ? (v < 0 ? "−" : "+") : v < 0 ? "−" : "";
  const a = Math.abs(v);
  if (/Usd(\.|$)/.test(key)) return `${sign}$${a >= 1e9 ? `${(a / 1e9).toFixed(1)}B` : a >= 1e6 ? `${(a / 1e6).toFixed(1)}M` : a >= 1e3 ? `${(a / 1e3).toFixed(1)}k` : a.toFixed(0)}`;
  if (/Share|probability/i.test(key)) return `${sign}${(a * 100).toFixed(1)}${signed ? " pts" : "%"}`;
  return `${sign}${Number.isInteger(a) ? a.toLocaleString("en-US") : a.toLocaleString("en-US", { maximumFractionDigits: 3 })}`;
}

function render(a: Side, b: Side, inputs: InputChange[], kpis: KpiChange[], warnings: string[]): string {
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
  out.push(table(["kpi", "a", "b", "b − a"], changed.map((k) => [k.key, show(k.key, k.a), show(k.key, k.b), k.delta === null ? (k.a === k.b ? "" : "changed") : show(k.key, k.delta, true)])));
  const same = kpis.length - changed.length;
  if (same > 0) out.push(dim(`  (${same} KPI${same === 1 ? "" : "s"} unchanged)`));
  return `${out.join("\n")}\n`;
}
