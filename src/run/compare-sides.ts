// A comparison of two sides, each a scenario (run here, with its events) or a stored run: the input diff,
// the KPI diff (b − a) and warnings when the two are not like for like. `waferline compare` and
// POST /api/compare resolve their arguments to sides and call this; neither holds logic of its own.
import type { ScenarioEvent } from "../model/index.js";
import type { PlanJson } from "../plan/index.js";
import type { SimulationResult } from "../sim/index.js";
import type { StressResult } from "../stress/index.js";
import { type InputChange, type KpiChange, diffKpis, diffScenarios } from "./compare.js";
import type { RunKind, RunOptions, RunResult } from "./run.js";
import type { RunInput } from "./run.node.js";

/** A scenario to run: its text (loaded again by the runner), the name to show, and the events to apply. */
export interface ScenarioSide {
  kind: "scenario";
  name: string;
  /** The file it came from, for FILE:LINE in the input diff; null for a text without one. */
  file: string | null;
  text: string;
  events: readonly ScenarioEvent[];
  foresight: boolean;
}

/** A stored run: its scenario text, KPIs and the options it ran with. */
export interface RunSide {
  kind: "run";
  id: string;
  scenarioName: string;
  scenarioText: string;
  kpis: Record<string, unknown> | null;
  options: Record<string, unknown>;
  /** Its stored results by kind (storedResults' names: plan, simulate, stress, ...), where the caller read them. */
  results?: Record<string, unknown>;
}

export type CompareSide = ScenarioSide | RunSide;

export interface SideDescription {
  label: string;
  file: string | null;
  trials: number | null;
  seed: number | null;
  events: string[];
  foresight: boolean;
}

export interface Comparison {
  a: SideDescription;
  b: SideDescription;
  inputs: InputChange[];
  kpis: KpiChange[];
  warnings: string[];
}

export interface CompareOptions {
  trials: number;
  seed?: number;
  /** What a scenario side runs (default plan, simulate and stress, as `compare` always did). */
  kinds?: readonly RunKind[];
  /** Only the input diff: no side is run, and stored runs' KPIs are left out too. */
  inputsOnly?: boolean;
  signal?: AbortSignal;
  /** The input diff of two texts (default diffScenarios, here): the server has it done off its event loop. */
  diff?: (a: string, b: string) => Promise<InputChange[]>;
  /** Runs a scenario side: in-process for the CLI, in a worker thread for the server. */
  execute: (input: RunInput, options: RunOptions) => Promise<RunResult>;
}

/** What the comparison report draws of one side: a scenario side's fresh results, or a stored run's. */
export interface SideResults {
  plan?: PlanJson;
  simulation?: SimulationResult;
  stress?: StressResult;
}

interface Resolved extends SideDescription {
  text: string;
  kpis: Record<string, unknown>;
  results: SideResults;
}

export const COMPARE_KINDS: readonly RunKind[] = ["plan", "simulate", "stress"];

export async function compareSides(sideA: CompareSide, sideB: CompareSide, options: CompareOptions): Promise<Comparison> {
  return (await compareSidesWithResults(sideA, sideB, options)).comparison;
}

/**
 * compareSides with each side's results beside the comparison (for the report), kept out of the
 * Comparison itself so that its JSON stays the small document clients read.
 */
export async function compareSidesWithResults(sideA: CompareSide, sideB: CompareSide, options: CompareOptions): Promise<{ comparison: Comparison; results: { a: SideResults; b: SideResults } }> {
  const a = await resolve(sideA, options);
  const b = await resolve(sideB, options);
  const inputs: InputChange[] = [...(options.diff ? await options.diff(a.text, b.text) : diffScenarios(a.text, b.text))];
  const applied = (s: Resolved) => (s.events.length ? `${s.events.join(", ")}${s.foresight ? " (foresight)" : ""}` : null);
  if (applied(a) !== applied(b)) inputs.push({ path: "events applied", a: applied(a), b: applied(b), lineA: null, lineB: null });
  const kpis = options.inputsOnly ? [] : diffKpis(a.kpis, b.kpis);
  const warnings: string[] = [];
  if (!options.inputsOnly) {
    if (a.trials !== null && b.trials !== null && a.trials !== b.trials) warnings.push(`the runs differ in trial count (${a.trials} against ${b.trials}): simulated figures are not like for like`);
    if (a.seed !== null && b.seed !== null && a.seed !== b.seed) warnings.push(`the runs differ in seed (${a.seed} against ${b.seed}): simulated differences include sampling noise`);
  }
  const describe = ({ text: _t, kpis: _k, results: _r, ...d }: Resolved): SideDescription => d;
  return { comparison: { a: describe(a), b: describe(b), inputs, kpis, warnings }, results: { a: a.results, b: b.results } };
}

async function resolve(side: CompareSide, options: CompareOptions): Promise<Resolved> {
  if (side.kind === "run") {
    const o = side.options as { trials?: number; seed?: number; events?: string[]; foresight?: boolean; kinds?: string[] };
    // A run without a simulation has no trial count to compare.
    const simulated = o.kinds === undefined || o.kinds.includes("simulate");
    return {
      label: `run ${side.id} (${side.scenarioName})`,
      file: null,
      text: side.scenarioText,
      kpis: options.inputsOnly ? {} : (side.kpis ?? {}),
      trials: simulated ? (o.trials ?? null) : null,
      seed: simulated ? (o.seed ?? null) : null,
      events: o.events ?? [],
      foresight: o.foresight === true,
      results: storedSideResults(side.results),
    };
  }
  const ids = side.events.map((e) => e.id);
  const label = `${side.name}${ids.length ? ` with ${ids.join(", ")}${side.foresight ? " (foresight)" : ""}` : ""}`;
  const base = { label, file: side.file, text: side.text, events: ids, foresight: side.foresight && ids.length > 0 };
  if (options.inputsOnly) return { ...base, kpis: {}, trials: null, seed: null, results: {} };
  const r = await options.execute(
    { file: side.file ?? "(inline)", text: side.text },
    { kinds: options.kinds ?? COMPARE_KINDS, trials: options.trials, seed: options.seed, events: side.events, foresight: side.foresight, signal: options.signal },
  );
  const simulated = r.options.kinds.includes("simulate");
  return { ...base, kpis: r.kpis, trials: simulated ? r.options.trials : null, seed: simulated ? r.options.seed : null, results: { plan: r.plan, simulation: r.simulation, stress: r.stress } };
}

/** A stored run's results under storedResults' names; a run stored without them (or not read) has none. */
function storedSideResults(stored: Record<string, unknown> | undefined): SideResults {
  if (!stored) return {};
  return { plan: stored.plan as PlanJson | undefined, simulation: stored.simulate as SimulationResult | undefined, stress: stored.stress as StressResult | undefined };
}
