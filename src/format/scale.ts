// Axis ranges that charts in the report and the dashboard share: a value axis that holds the data and
// every reference line (a target) with room above it, on round tick steps.

/** 1, 2, 2.5 or 5 times a power of ten, at least `x`. */
export function niceStep(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  const f = x / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * power;
}

export interface AxisRange {
  min: number;
  max: number;
  /** Tick step: the axis shows min, min + interval, ..., max. */
  interval: number;
}

/**
 * A value axis from 0 (or below, for negative data) to a round maximum over the data and the
 * reference values, with at least half a tick step above the highest reference, so that its line and
 * its label sit inside the plot and never on the top edge beside the last tick label.
 */
export function valueAxis(values: Iterable<number>, references: number[] = [], ticks = 5): AxisRange {
  let hi = 0;
  let lo = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v > hi) hi = v;
    if (v < lo) lo = v;
  }
  const refHi = Math.max(0, ...references.filter(Number.isFinite));
  const top = Math.max(hi, refHi);
  const span = top - lo || 1;
  const interval = niceStep(span / ticks);
  let max = Math.ceil(top / interval) * interval;
  if (refHi > 0 && max - refHi < interval / 2) max += interval;
  if (max <= 0) max = interval;
  const min = lo < 0 ? Math.floor(lo / interval) * interval : 0;
  return { min, max, interval };
}
