// Sensitivity sweeps: one-at-a-time (a tornado) or the full grid over `--vary` parameters. Every point
// is a simulate run with the same seed (common random numbers), on local worker threads or, with a
// Redis URL, on the cluster; both run the same chunks and merge them the same way, so the numbers match.
import type { Network } from "../model/index.js";
import { plan } from "../plan/index.js";
import { type Policy, type SimulationResult, simulateKeepingTrials, type TrialValues } from "../sim/index.js";
import { simulateParallel } from "../sim/parallel.node.js";
import { type ClusterOptions, type RunSpec, simulateBatch } from "./distributed.js";
import { pairedStdErrors } from "./sweep-error.js";
import type { SweepKpis, SweepResult } from "./sweep-result.js";
import { applyVariations, changesPlan, type Variation, type VarySpec } from "./variation.js";

export type { SweepKpis, SweepPoint, SweepResult } from "./sweep-result.js";

export interface SweepOptions {
  vary: VarySpec[];
  /** Every combination of every parameter's points instead of one parameter at a time. */
  grid?: boolean;
  trials: number;
  seed?: number;
  policy: Policy;
  /** Local worker threads (without `cluster`). */
  threads?: number;
  /** Run on Redis workers instead of local threads. */
  cluster?: ClusterOptions;
  /** The base scenario's optimal plan, when the caller has it already (saves one solve). */
  basePlan?: { starts: Float64Array; shipments: Float64Array };
  /** Points simulated so far (local), or shards done (cluster). */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops a local sweep between points and simulation chunks (a cluster sweep takes `cluster.signal`). */
  signal?: AbortSignal;
}

export class SweepError extends Error {}

export async function sweep(net: Network, scenarioText: string, opts: SweepOptions): Promise<SweepResult> {
  if (opts.vary.length === 0) throw new SweepError("give at least one --vary PARAM=LOW..HIGH");
  const seen = new Set<string>();
  for (const v of opts.vary) {
    if (seen.has(v.param)) throw new SweepError(`--vary ${v.param} is given twice`);
    seen.add(v.param);
  }
  const seed = opts.seed ?? net.seed;

  // The points: the base, then each parameter's values on its own (tornado), or every combination (grid).
  const points: Variation[][] = [[]];
  const oneAtATime: { spec: VarySpec; first: number }[] = [];
  let gridFirst = -1;
  if (opts.grid) {
    gridFirst = points.length;
    for (const combo of product(opts.vary)) points.push(combo);
  } else {
    for (const spec of opts.vary) {
      oneAtATime.push({ spec, first: points.length });
      for (const value of spec.points) points.push([{ param: spec.param, target: spec.target, value }]);
    }
  }
  if (points.length > 10_000) throw new SweepError(`the sweep has ${points.length} points; at most 10,000`);

  const { signal } = opts;
  const runs = await planRuns(net, points, opts.policy, opts.basePlan, signal);
  let results: SimulationResult[];
  const trialValues: (TrialValues | undefined)[] = [];
  if (opts.cluster) {
    results = await simulateBatch(net, scenarioText, runs, { ...opts.cluster, trials: opts.trials, seed, policy: opts.policy, onProgress: opts.onProgress ?? opts.cluster.onProgress });
  } else {
    results = [];
    const threads = opts.threads ?? 1;
    for (let i = 0; i < runs.length; i++) {
      // A one-thread point runs synchronously: let the event loop turn between points, so that a
      // signal or an abort is seen within one point.
      await new Promise((r) => setImmediate(r));
      signal?.throwIfAborted();
      const r = runs[i];
      const pointNet = applyVariations(net, r.variations);
      const simOpts = { trials: opts.trials, seed, policy: opts.policy, starts: r.starts, shipments: r.shipments };
      if (threads === 1) {
        // In this thread the trials' values are at hand: kept for the stated error.
        const kept = simulateKeepingTrials(pointNet, simOpts);
        results.push(kept.result);
        trialValues[i] = kept.trials;
      } else results.push(await simulateParallel(pointNet, { ...simOpts, threads, signal }));
      opts.onProgress?.(i + 1, runs.length);
    }
  }
  const kpis = results.map(kpisOf);
  const targetUsd = net.targets[0]?.valueUsd ?? null;
  const errorOf = (first: number, last: number) => {
    const [base, low, high] = [trialValues[0], trialValues[first], trialValues[last]];
    if (!base || !low || !high) return null;
    return { atLow: pairedStdErrors(base, low, targetUsd, seed), atHigh: pairedStdErrors(base, high, targetUsd, seed), swing: pairedStdErrors(low, high, targetUsd, seed) };
  };

  const tornado = oneAtATime
    .map(({ spec, first }) => {
      const pts = spec.points.map((value, j) => ({ value, kpis: kpis[first + j] }));
      const atLow = pts[0].kpis;
      const atHigh = pts[pts.length - 1].kpis;
      return { param: spec.param, low: spec.low, high: spec.high, atLow, atHigh, swing: diff(atHigh, atLow), points: pts, stdError: errorOf(first, first + pts.length - 1) };
    })
    .sort(
      (a, b) =>
        Math.abs(b.swing.targetValueP50Usd ?? 0) - Math.abs(a.swing.targetValueP50Usd ?? 0) ||
        Math.abs(b.swing.deliveredValueUsd) - Math.abs(a.swing.deliveredValueUsd) ||
        Math.abs(b.swing.probabilityTargetMet ?? 0) - Math.abs(a.swing.probabilityTargetMet ?? 0) ||
        (a.param < b.param ? -1 : 1),
    );
  const grid = opts.grid ? points.slice(gridFirst).map((vs, j) => ({ values: Object.fromEntries(vs.map((v) => [v.param, v.value])), kpis: kpis[gridFirst + j] })) : null;
  return { scenario: net.name, mode: opts.grid ? "grid" : "tornado", trials: opts.trials, seed, policy: opts.policy, base: kpis[0], tornado, grid };
}

/** The plan and adaptive policies follow each point's own optimal plan; capacity-free variations share the base plan. */
async function planRuns(net: Network, points: Variation[][], policy: Policy, known?: { starts: Float64Array; shipments: Float64Array }, signal?: AbortSignal): Promise<RunSpec[]> {
  if (policy === "greedy") return points.map((variations) => ({ variations }));
  let basePlan = known;
  const out: RunSpec[] = [];
  for (const variations of points) {
    signal?.throwIfAborted();
    if (!changesPlan(variations) && basePlan) {
      out.push({ variations, ...basePlan });
      continue;
    }
    // Only the flows are needed: no limits re-solves.
    const p = await plan(applyVariations(net, variations), { limitCandidates: 0 });
    if (p.status !== "optimal") {
      const at = variations.map((v) => `${v.param}=${v.value}`).join(", ") || "the base scenario";
      throw new SweepError(`the ${policy} policy needs an optimal plan and the planner found none (${p.status}) at ${at}; try --policy greedy`);
    }
    const planned = { starts: p.starts, shipments: p.shipments };
    if (!changesPlan(variations)) basePlan = planned;
    out.push({ variations, ...planned });
  }
  return out;
}

export function kpisOf(r: SimulationResult): SweepKpis {
  return { deliveredValueUsd: r.kpis.deliveredValueUsd.mean, targetValueP50Usd: r.kpis.targetValueUsd?.p50 ?? null, probabilityTargetMet: r.probabilityTargetMet };
}

function diff(a: SweepKpis, b: SweepKpis): SweepKpis {
  const d = (x: number | null, y: number | null) => (x === null || y === null ? null : x - y);
  return { deliveredValueUsd: a.deliveredValueUsd - b.deliveredValueUsd, targetValueP50Usd: d(a.targetValueP50Usd, b.targetValueP50Usd), probabilityTargetMet: d(a.probabilityTargetMet, b.probabilityTargetMet) };
}

/** Every combination, the first parameter varying slowest. */
function product(specs: readonly VarySpec[]): Variation[][] {
  let out: Variation[][] = [[]];
  for (const spec of specs) out = out.flatMap((prefix) => spec.points.map((value) => [...prefix, { param: spec.param, target: spec.target, value }]));
  return out;
}
