// The simulator's public API: run trials in fixed chunks, merge the chunks in order, summarise.
// The same chunk runner serves the in-process path and the worker threads, so both give identical numbers.
import type { Network } from "../model/index.js";
import { Accumulator, type AccumulatorData, DIS_FIELDS, KPI_DELIVERED, KPI_ONSHORE_SHARE, KPI_TARGET_VALUE } from "./aggregate.js";
import { type Policy, SimKernel } from "./kernel.js";
import { RELATIVE_ERROR } from "./sketch.js";

/** Trials per chunk. Fixed, so the chunking (and the merge order) never depends on the thread count. */
export const CHUNK_TRIALS = 250;

export interface SimulateOptions {
  trials: number;
  /** Defaults to the scenario's seed. */
  seed?: number;
  policy?: Policy;
  /** Planned starts (index o * T + t) for the `plan` policy. */
  starts?: Float64Array | null;
  /** Planned shipments (index a * T + t) for the `plan` policy; without them arcs push what is in stock. */
  shipments?: Float64Array | null;
}

export interface Summary {
  mean: number;
  sd: number;
  min: number;
  max: number;
  p5: number;
  p10: number;
  p50: number;
  p90: number;
  p95: number;
}

export interface SimulationResult {
  trials: number;
  seed: number;
  policy: Policy;
  /** Relative error bound of every percentile (log-bucket sketch). Means and sd are exact. */
  percentileRelativeError: number;
  kpis: {
    deliveredValueUsd: Summary;
    /** Value of the first target's item made at its sites by its period. */
    targetValueUsd: Summary | null;
    onshoreValueShare: Summary;
    massProductionPeriod: { milestone: string; p10: string | null; p50: string | null; p90: string | null; probabilityReached: number } | null;
  };
  /** Probability that the first target is met; null when the scenario has none. */
  probabilityTargetMet: number | null;
  targets: { id: string; description: string; valueUsd: number; by: string; probabilityMet: number }[];
  /** Per period: output of the headline item, delivered value, and the first target's value made so far. */
  periods: { period: string; output: PeriodSummary; deliveredValueUsd: PeriodSummary; targetValueCumulativeUsd: PeriodSummary | null }[];
  /** Share of trial-periods in which the resource capped an operation's starts. */
  resources: { id: string; name: string; criticality: number }[];
  disruptions: {
    id: string;
    /** Share of trials in which it happened at least once. */
    probabilityOccurs: number;
    /** Observed starts per period at risk (not already under way). */
    startsPerPeriod: number;
    startsObserved: number;
    periodsAtRisk: number;
    meanDeliveredWhenOccurredUsd: number | null;
    meanDeliveredOtherwiseUsd: number | null;
    /** Mean delivered value lost in trials where it happened, against trials where it did not. */
    meanLostValueUsd: number | null;
    /** probabilityOccurs x meanLostValueUsd. */
    expectedLossUsd: number | null;
  }[];
}

export interface PeriodSummary {
  mean: number;
  p5: number;
  p10: number;
  p50: number;
  p90: number;
  p95: number;
}

export interface ChunkTask {
  seed: number;
  chunk: number;
  trials: number;
}

export function chunkCount(trials: number): number {
  return Math.ceil(trials / CHUNK_TRIALS);
}

/** Trials [chunk * CHUNK_TRIALS, ...) of `task.trials`, folded into `acc` (reset first). */
export function runChunk(kernel: SimKernel, acc: Accumulator, task: ChunkTask, onTrial?: (k: SimKernel, trial: number) => void): AccumulatorData {
  acc.reset();
  const first = task.chunk * CHUNK_TRIALS;
  const last = Math.min(task.trials, first + CHUNK_TRIALS);
  for (let i = first; i < last; i += kernel.batchSize) {
    const n = Math.min(kernel.batchSize, last - i);
    kernel.runBatch(task.seed, i, n);
    for (let b = 0; b < n; b++) {
      kernel.load(b);
      acc.addTrial(kernel);
      onTrial?.(kernel, i + b);
    }
  }
  return acc.toData();
}

export function checkOptions(net: Network, opts: SimulateOptions): { trials: number; seed: number; policy: Policy } {
  const trials = opts.trials;
  if (!Number.isInteger(trials) || trials < 1 || trials > 2 ** 32) throw new RangeError("trials must be an integer from 1 to 2^32");
  const seed = opts.seed ?? net.seed;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError("seed must be a non-negative integer below 2^53");
  return { trials, seed, policy: opts.policy ?? "greedy" };
}

/** Run every trial in this thread. */
export function simulate(net: Network, opts: SimulateOptions, onChunk?: (done: number, total: number) => void, onTrial?: (k: SimKernel, trial: number) => void): SimulationResult {
  const { trials, seed, policy } = checkOptions(net, opts);
  const kernel = new SimKernel(net, { policy, starts: opts.starts, shipments: opts.shipments });
  const chunkAcc = new Accumulator(net);
  const total = new Accumulator(net);
  const chunks = chunkCount(trials);
  for (let c = 0; c < chunks; c++) {
    total.merge(runChunk(kernel, chunkAcc, { seed, chunk: c, trials }, onTrial));
    onChunk?.(Math.min(trials, (c + 1) * CHUNK_TRIALS), trials);
  }
  return summarize(net, total, { trials, seed, policy });
}

/** Each trial's delivered value and first target's value by its date (0 without a target), in trial order. */
export interface TrialValues {
  delivered: Float64Array;
  target: Float64Array;
}

/**
 * simulate, in this thread, keeping each trial's KPIs too: two runs with the same seed draw the same
 * random numbers trial by trial (common random numbers), so their difference can be judged trial by
 * trial (the sensitivity tornado's stated error).
 */
export function simulateKeepingTrials(net: Network, opts: SimulateOptions): { result: SimulationResult; trials: TrialValues } {
  const { trials } = checkOptions(net, opts);
  const kept: TrialValues = { delivered: new Float64Array(trials), target: new Float64Array(trials) };
  const hasTarget = net.targets.length > 0;
  const result = simulate(net, opts, undefined, (k, i) => {
    kept.delivered[i] = k.deliveredValue;
    kept.target[i] = hasTarget ? k.targetValue[0] : 0;
  });
  return { result, trials: kept };
}

/** One trial's outcome as plain data (for tests and inspection; allocates). */
export function runTrial(net: Network, opts: { seed?: number; trial?: number; policy?: Policy; starts?: Float64Array | null; shipments?: Float64Array | null }) {
  const k = new SimKernel(net, { policy: opts.policy ?? "greedy", starts: opts.starts, shipments: opts.shipments });
  k.run(opts.seed ?? net.seed, opts.trial ?? 0);
  return {
    deliveredValueUsd: k.deliveredValue,
    onshoreValueAdded: k.onshoreValueAdded,
    totalValueAdded: k.totalValueAdded,
    massProductionPeriod: k.massProductionPeriod,
    periodOutput: Array.from(k.periodOutput),
    periodDeliveredUsd: Array.from(k.periodDelivered),
    targetValueUsd: Array.from(k.targetValue),
    boundPeriods: Array.from(k.boundPeriods),
    disruptionStarts: Array.from(k.disStarts),
    disruptionPeriodsAtRisk: Array.from(k.disAtRisk),
  };
}

/** Turn the merged accumulator into the result document. */
export function summarize(net: Network, acc: Accumulator, run: { trials: number; seed: number; policy: Policy }): SimulationResult {
  const T = net.T;
  const n = acc.trials;
  const sk = acc.sketches;
  // The exact extremes tighten a bucket's estimate (a point mass at the maximum is then reported exactly).
  const kpi = (i: number): Summary => {
    const min = acc.extremes[2 * i];
    const max = acc.extremes[2 * i + 1];
    const q = (p: number) => Math.min(max, Math.max(min, sk.quantile(i, p)));
    return {
      mean: acc.welford[3 * i + 1],
      sd: n > 1 ? Math.sqrt(acc.welford[3 * i + 2] / (n - 1)) : 0,
      min,
      max,
      p5: q(0.05),
      p10: q(0.1),
      p50: q(0.5),
      p90: q(0.9),
      p95: q(0.95),
    };
  };
  const period = (s: number, sum: number): PeriodSummary => ({
    mean: sum / n,
    p5: sk.quantile(s, 0.05),
    p10: sk.quantile(s, 0.1),
    p50: sk.quantile(s, 0.5),
    p90: sk.quantile(s, 0.9),
    p95: sk.quantile(s, 0.95),
  });
  // Mass production: an exact histogram over periods (index T = not reached in the horizon).
  const mpQuantile = (q: number): string | null => {
    const rank = Math.max(1, Math.ceil(q * n - 1e-9));
    let seen = 0;
    for (let t = 0; t <= T; t++) {
      seen += acc.massProduction[t];
      if (seen >= rank) return t < T ? net.periods[t] : null;
    }
    return null;
  };
  const milestone = net.milestones[0];
  const mean = (sum: number, count: number) => (count > 0 ? sum / count : null);
  return {
    trials: n,
    seed: run.seed,
    policy: run.policy,
    percentileRelativeError: RELATIVE_ERROR,
    kpis: {
      deliveredValueUsd: kpi(KPI_DELIVERED),
      targetValueUsd: net.targets.length > 0 ? kpi(KPI_TARGET_VALUE) : null,
      onshoreValueShare: kpi(KPI_ONSHORE_SHARE),
      massProductionPeriod: milestone
        ? { milestone: milestone.id, p10: mpQuantile(0.1), p50: mpQuantile(0.5), p90: mpQuantile(0.9), probabilityReached: (n - acc.massProduction[T]) / n }
        : null,
    },
    probabilityTargetMet: net.targets.length > 0 ? acc.targetMet[0] / n : null,
    targets: net.targets.map((g, i) => ({
      id: g.id,
      description: g.description,
      valueUsd: g.valueUsd,
      by: net.periods[Math.min(Math.max(g.by, 0), T - 1)],
      probabilityMet: acc.targetMet[i] / n,
    })),
    periods: net.periods.map((label, t) => ({
      period: label,
      output: period(3 + t, acc.periodSums[t]),
      deliveredValueUsd: period(3 + T + t, acc.periodSums[T + t]),
      targetValueCumulativeUsd: net.targets.length > 0 ? period(3 + 2 * T + t, acc.periodSums[2 * T + t]) : null,
    })),
    resources: net.resources.map((r, i) => ({ id: r.id, name: r.name, criticality: acc.boundPeriods[i] / (n * T) })),
    disruptions: net.disruptions.map((d, x) => {
      const b = x * DIS_FIELDS;
      const occurred = acc.disruption[b];
      const whenOccurred = mean(acc.disruption[b + 1], occurred);
      const otherwise = mean(acc.disruption[b + 2], n - occurred);
      const lost = whenOccurred !== null && otherwise !== null ? otherwise - whenOccurred : null;
      return {
        id: d.id,
        probabilityOccurs: occurred / n,
        startsPerPeriod: acc.disruption[b + 4] > 0 ? acc.disruption[b + 3] / acc.disruption[b + 4] : 0,
        startsObserved: acc.disruption[b + 3],
        periodsAtRisk: acc.disruption[b + 4],
        meanDeliveredWhenOccurredUsd: whenOccurred,
        meanDeliveredOtherwiseUsd: otherwise,
        meanLostValueUsd: lost,
        expectedLossUsd: lost === null ? null : (occurred / n) * lost,
      };
    }),
  };
}
