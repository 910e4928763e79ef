// What a sweep returns, apart from the code that computes it: plain types with no Node import, so the
// dashboard can take them type-only (the sensitivity view reads a run's stored sweep).
import type { Policy } from "../sim/index.js";

export interface SweepKpis {
  /** Mean delivered value over the horizon (exact). */
  deliveredValueUsd: number;
  /** Median of the first target's measure by its date; null without a target. */
  targetValueP50Usd: number | null;
  probabilityTargetMet: number | null;
}

export interface SweepPoint {
  values: Record<string, number>;
  kpis: SweepKpis;
}

export interface SweepResult {
  scenario: string;
  mode: "tornado" | "grid";
  trials: number;
  seed: number;
  policy: Policy;
  /** KPIs with nothing varied. */
  base: SweepKpis;
  /** Tornado: one entry per varied parameter, largest swing in the target's P50 first (delivered value without a target). */
  tornado: {
    param: string;
    low: number;
    high: number;
    atLow: SweepKpis;
    atHigh: SweepKpis;
    /** KPI at HIGH minus KPI at LOW (signed). */
    swing: SweepKpis;
    /** Every point of the parameter (more than LOW and HIGH when STEPS > 2). */
    points: { value: number; kpis: SweepKpis }[];
    /**
     * One standard error of each KPI at LOW minus the base, at HIGH minus the base, and of the swing, from
     * the paired trials (src/cluster/sweep-error.ts); null where the points ran on more than one thread
     * or on the cluster, which keep no per-trial values.
     */
    stdError: { atLow: SweepKpis; atHigh: SweepKpis; swing: SweepKpis } | null;
  }[];
  /** Grid mode: every combination. */
  grid: SweepPoint[] | null;
}

