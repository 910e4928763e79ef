// Defaults of a run that the command line shows before it loads the engines.

export const DEFAULT_TRIALS = 10_000;

export type RunKind = "plan" | "simulate" | "stress" | "sensitivity" | "invest";
/** `invest` runs only for scenarios with expansion options and a target. */
export const RUN_KINDS: readonly RunKind[] = ["plan", "simulate", "stress", "sensitivity", "invest"];

/** A twentieth of the main simulation's trials per point (100 to 500): a tornado ranks, it does not forecast. */
export function sensitivityTrials(trials: number): number {
  return Math.max(100, Math.min(500, Math.round(trials / 20)));
}
