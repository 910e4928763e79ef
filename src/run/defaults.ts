// Defaults of a run that the command line shows before it loads the engines.

export const DEFAULT_TRIALS = 10_000;

export type RunKind = "plan" | "simulate" | "stress" | "sensitivity" | "invest";
/** `invest` runs only for scenarios with expansion options and a target. */
export const RUN_KINDS: readonly RunKind[] = ["plan", "simulate", "stress", "sensitivity", "invest"];

/**
 * A fortieth of the main simulation's trials per point (100 to 250): a tornado ranks, it does not
 * forecast, and each bar states its standard error. On the default scenario at 250 trials a point one
 * standard error of a bar's end in the top twelve is $3.9B-$15.7B against bar ends of $8.8B-$398B; 500
 * would cut it by 29% (1/sqrt 2) for twice the time.
 */
export function sensitivityTrials(trials: number): number {
  return Math.max(100, Math.min(250, Math.round(trials / 40)));
}
