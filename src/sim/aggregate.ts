// Streaming aggregation of trial outcomes. Memory is fixed by the network's size, not the number of
// trials. Floating-point sums are merged in chunk order (chunks are fixed runs of trials), sketch and
// event counts are integers, so the merged result is bit-identical whatever the thread count.
import type { Network } from "../model/index.js";
import type { SimKernel } from "./kernel.js";
import { type SketchData, SketchSet } from "./sketch.js";

/** Scalar KPIs with exact mean and variance (Welford) and a sketch each. */
export const KPI_DELIVERED = 0;
export const KPI_TARGET_VALUE = 1;
export const KPI_ONSHORE_SHARE = 2;
export const KPI_COUNT = 3;

export interface AccumulatorData {
  trials: number;
  welford: Float64Array;
  extremes: Float64Array;
  periodSums: Float64Array;
  massProduction: Float64Array;
  targetMet: Float64Array;
  boundPeriods: Float64Array;
  disruption: Float64Array;
  sketches: SketchData;
}

const DIS_FIELDS = 5; // trials occurred, delivered sum when occurred, when not, starts, periods at risk

export class Accumulator {
  private readonly T: number;
  private readonly R: number;
  private readonly G: number;
  private readonly X: number;
  private readonly targetValue: Float64Array;
  trials = 0;
  /** (n, mean, M2) per KPI. */
  readonly welford: Float64Array;
  /** (min, max) per KPI. */
  readonly extremes: Float64Array;
  /** Sums per period: output, delivered value, then the first target's cumulative value. */
  readonly periodSums: Float64Array;
  /** Trials reaching mass production in each period; index T = never. */
  readonly massProduction: Float64Array;
  readonly targetMet: Float64Array;
  readonly boundPeriods: Float64Array;
  readonly disruption: Float64Array;
  /** KPI sketches, then per-period output, per-period delivered value, per-period cumulative target value. */
  readonly sketches: SketchSet;

  constructor(net: Network) {
    this.T = net.T;
    this.R = net.resources.length;
    this.G = net.targets.length;
    this.X = net.disruptions.length;
    this.targetValue = Float64Array.from(net.targets, (g) => g.valueUsd);
    this.welford = new Float64Array(KPI_COUNT * 3);
    this.extremes = new Float64Array(KPI_COUNT * 2);
    this.periodSums = new Float64Array(3 * this.T);
    this.massProduction = new Float64Array(this.T + 1);
    this.targetMet = new Float64Array(this.G);
    this.boundPeriods = new Float64Array(this.R);
    this.disruption = new Float64Array(this.X * DIS_FIELDS);
    this.sketches = new SketchSet(KPI_COUNT + 3 * this.T);
    this.reset();
  }

  reset(): void {
    this.trials = 0;
    this.welford.fill(0);
    for (let k = 0; k < KPI_COUNT; k++) {
      this.extremes[2 * k] = Number.POSITIVE_INFINITY;
      this.extremes[2 * k + 1] = Number.NEGATIVE_INFINITY;
    }
    this.periodSums.fill(0);
    this.massProduction.fill(0);
    this.targetMet.fill(0);
    this.boundPeriods.fill(0);
    this.disruption.fill(0);
    this.sketches.reset();
  }

  /** Fold in the outcome the kernel holds now. */
  addTrial(k: SimKernel): void {
    const T = this.T;
    this.trials++;
    this.addKpi(KPI_DELIVERED, k.deliveredValue);
    this.addKpi(KPI_TARGET_VALUE, this.G > 0 ? k.targetValue[0] : 0);
    this.addKpi(KPI_ONSHORE_SHARE, k.totalValueAdded > 0 ? k.onshoreValueAdded / k.totalValueAdded : 0);
    let cumulative = 0;
    for (let t = 0; t < T; t++) {
      cumulative += k.periodTargetValue[t];
      this.periodSums[2 * T + t] += cumulative;
      this.sketches.add(KPI_COUNT + 2 * T + t, cumulative);
      this.periodSums[t] += k.periodOutput[t];
      this.periodSums[T + t] += k.periodDelivered[t];
      this.sketches.add(KPI_COUNT + t, k.periodOutput[t]);
      this.sketches.add(KPI_COUNT + T + t, k.periodDelivered[t]);
    }
    if (k.massProductionPeriod >= 0) this.massProduction[k.massProductionPeriod]++;
    for (let g = 0; g < this.G; g++) if (k.targetValue[g] >= this.targetValue[g] * (1 - 1e-9)) this.targetMet[g]++;
    for (let r = 0; r < this.R; r++) this.boundPeriods[r] += k.boundPeriods[r];
    for (let x = 0; x < this.X; x++) {
      const b = x * DIS_FIELDS;
      if (k.disOccurred[x] === 1) {
        this.disruption[b]++;
        this.disruption[b + 1] += k.deliveredValue;
      } else this.disruption[b + 2] += k.deliveredValue;
      this.disruption[b + 3] += k.disStarts[x];
      this.disruption[b + 4] += k.disAtRisk[x];
    }
  }

  private addKpi(i: number, x: number): void {
    const w = this.welford;
    const n = ++w[3 * i];
    const delta = x - w[3 * i + 1];
    w[3 * i + 1] += delta / n;
    w[3 * i + 2] += delta * (x - w[3 * i + 1]);
    if (x < this.extremes[2 * i]) this.extremes[2 * i] = x;
    if (x > this.extremes[2 * i + 1]) this.extremes[2 * i + 1] = x;
    this.sketches.add(i, x);
  }

  toData(): AccumulatorData {
    return {
      trials: this.trials,
      welford: this.welford.slice(),
      extremes: this.extremes.slice(),
      periodSums: this.periodSums.slice(),
      massProduction: this.massProduction.slice(),
      targetMet: this.targetMet.slice(),
      boundPeriods: this.boundPeriods.slice(),
      disruption: this.disruption.slice(),
      sketches: this.sketches.pack(),
    };
  }

  /** Merge a later chunk into this one. Call in chunk order for reproducible floating-point sums. */
  merge(d: AccumulatorData): void {
    this.trials += d.trials;
    for (let i = 0; i < KPI_COUNT; i++) {
      const na = this.welford[3 * i];
      const nb = d.welford[3 * i];
      if (nb === 0) continue;
      const n = na + nb;
      const delta = d.welford[3 * i + 1] - this.welford[3 * i + 1];
      this.welford[3 * i + 1] += (delta * nb) / n;
      this.welford[3 * i + 2] += d.welford[3 * i + 2] + (delta * delta * na * nb) / n;
      this.welford[3 * i] = n;
      this.extremes[2 * i] = Math.min(this.extremes[2 * i], d.extremes[2 * i]);
      this.extremes[2 * i + 1] = Math.max(this.extremes[2 * i + 1], d.extremes[2 * i + 1]);
    }
    addInto(this.periodSums, d.periodSums);
    addInto(this.massProduction, d.massProduction);
    addInto(this.targetMet, d.targetMet);
    addInto(this.boundPeriods, d.boundPeriods);
    addInto(this.disruption, d.disruption);
    this.sketches.mergePacked(d.sketches);
  }
}

function addInto(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] += b[i];
}

export { DIS_FIELDS };
