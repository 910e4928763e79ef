// The main job as one function: plan, simulate and stress-test a loaded scenario and return plain
// data. The CLI's `run`, the HTTP API and queue jobs all call this; none holds logic of its own.
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import type { Network, Scenario } from "../model/index.js";
import { solveLpInWorker } from "../plan/highs.node.js";
import { type PlanJson, type PlanResult, plan, planToJson } from "../plan/index.js";
import { type SweepResult, sweep } from "../cluster/sweep.js";
import type { VarySpec } from "../cluster/variation.js";
import { quantile, type SimulationResult } from "../sim/index.js";
import { simulateParallel } from "../sim/parallel.node.js";
import { DEFAULT_TRIALS } from "./defaults.js";
import { type StressResult, stress } from "../stress/index.js";

export type RunKind = "plan" | "simulate" | "stress" | "sensitivity";
export const RUN_KINDS: readonly RunKind[] = ["plan", "simulate", "stress", "sensitivity"];

export interface RunOptions {
  kinds?: readonly RunKind[];
  trials?: number;
  seed?: number;
  threads?: number;
  policy?: "plan" | "greedy";
  /** Period at which the stress test takes stock and capacity (default: the scenario's start). */
  stressAt?: string;
  onProgress?: (p: RunProgress) => void;
  /** Checked between stages, simulation chunks and sensitivity points; an aborted run rejects with an AbortError. */
  signal?: AbortSignal;
}

export interface RunProgress {
  stage: RunKind;
  done: number;
  total: number;
}

export interface LoadedScenario {
  file: string;
  text: string;
  scenario: Scenario;
  network: Network;
}

export interface RunResult {
  scenario: { name: string; title: string; question: string; file: string; hash: string };
  options: { kinds: RunKind[]; trials: number; seed: number; threads: number; policy: "plan" | "greedy"; stressAt: string | null };
  /** `plan --json`'s document. */
  plan?: PlanJson;
  simulation?: SimulationResult;
  stress?: StressResult;
  /** A tornado: each uncertain parameter pinned at its P10 and P90, the others left random. */
  sensitivity?: SweepResult;
  /** The headline figures, flat, for run history and comparison. */
  kpis: Record<string, number | string | boolean | null>;
  durationsMs: Partial<Record<RunKind, number>>;
}

export { DEFAULT_TRIALS } from "./defaults.js";

export function scenarioHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export async function executeRun(loaded: LoadedScenario, options: RunOptions = {}): Promise<RunResult> {
  const { network: net, scenario } = loaded;
  const kinds = RUN_KINDS.filter((k) => (options.kinds ?? RUN_KINDS).includes(k));
  const opts = {
    kinds,
    trials: options.trials ?? DEFAULT_TRIALS,
    seed: options.seed ?? scenario.seed,
    threads: options.threads ?? availableParallelism(),
    policy: options.policy ?? "plan",
    stressAt: options.stressAt ?? null,
  };
  const result: RunResult = {
    scenario: { name: scenario.name, title: scenario.title, question: scenario.question ?? scenario.title, file: loaded.file, hash: scenarioHash(loaded.text) },
    options: opts,
    kpis: {},
    durationsMs: {},
  };
  const { signal } = options;
  const checkAbort = () => {
    if (signal?.aborted) throw abortError();
  };
  // An aborted run rejects with one AbortError, whichever stage saw the abort (and however it said so).
  // The stages get the signal itself; progress callbacks never throw.
  const timed = async <T>(kind: RunKind, work: () => Promise<T>): Promise<T> => {
    checkAbort();
    options.onProgress?.({ stage: kind, done: 0, total: 1 });
    const start = performance.now();
    let value: T;
    try {
      value = await work();
    } catch (err) {
      checkAbort();
      throw err;
    }
    checkAbort();
    result.durationsMs[kind] = Math.round(performance.now() - start);
    return value;
  };

  // The plan feeds the simulator's `plan` policy and the stress test's stock, so it runs whenever they do.
  let planned: PlanResult | undefined;
  const planNeeded = kinds.includes("plan") || kinds.includes("stress") || ((kinds.includes("simulate") || kinds.includes("sensitivity")) && opts.policy === "plan");
  if (planNeeded) {
    planned = await timed("plan", () => plan(net, { objective: "max-value", solve: solveLpInWorker }));
    if (kinds.includes("plan")) {
      result.plan = planToJson(net, planned);
      const k = planned.kpis;
      Object.assign(result.kpis, {
        "plan.status": planned.status,
        "plan.deliveredValueUsd": k.deliveredValueUsd,
        "plan.targetValueUsd": k.targetValueUsd,
        "plan.targetMadeValueUsd": planned.targets[0]?.madeValueUsd ?? null,
        "plan.targetMet": k.targetMet,
        "plan.onshoreValueShare": k.onshoreValueShare,
        "plan.massProductionPeriod": k.massProductionPeriod,
        "plan.topBottleneck": planned.bottlenecks[0]?.resource ?? null,
        "plan.topShadowPriceUsd": planned.bottlenecks[0]?.shadowPriceUsd ?? null,
      });
    }
  }

  if (kinds.includes("simulate")) {
    const usePlan = opts.policy === "plan" && planned?.status === "optimal";
    const sim = await timed("simulate", () =>
      simulateParallel(net, {
        trials: opts.trials,
        seed: opts.seed,
        policy: usePlan ? "plan" : "greedy",
        starts: usePlan ? planned?.starts : null,
        shipments: usePlan ? planned?.shipments : null,
        threads: opts.threads,
        signal,
        onProgress: (done, total) => options.onProgress?.({ stage: "simulate", done, total }),
      }),
    );
    result.simulation = sim;
    Object.assign(result.kpis, {
      "simulate.trials": sim.trials,
      "simulate.seed": sim.seed,
      "simulate.policy": sim.policy,
      "simulate.deliveredValueUsd.mean": sim.kpis.deliveredValueUsd.mean,
      "simulate.deliveredValueUsd.p10": sim.kpis.deliveredValueUsd.p10,
      "simulate.deliveredValueUsd.p50": sim.kpis.deliveredValueUsd.p50,
      "simulate.deliveredValueUsd.p90": sim.kpis.deliveredValueUsd.p90,
      "simulate.targetValueUsd.p50": sim.kpis.targetValueUsd?.p50 ?? null,
      "simulate.probabilityTargetMet": sim.probabilityTargetMet,
      "simulate.massProductionPeriod.p50": sim.kpis.massProductionPeriod?.p50 ?? null,
    });
  }

  if (kinds.includes("stress")) {
    const usable = planned?.status === "optimal" ? planned : undefined;
    const at = opts.stressAt ?? (usable ? firstDeliveryPeriod(net, usable) : undefined);
    const st = await timed("stress", () => stress(net, { at, plan: usable }));
    result.stress = st;
    const top = st.nodes[0];
    Object.assign(result.kpis, {
      "stress.period": st.period,
      "stress.topNode": top?.id ?? null,
      "stress.topLostValueUsd": top?.lostValueUsd ?? null,
      "stress.flaggedNodes": st.nodes.filter((n) => n.flagged).length,
    });
  }
  if (kinds.includes("sensitivity")) {
    const vary = tornadoSpecs(net);
    if (vary.length > 0) {
      const usePlan = opts.policy === "plan" && planned?.status === "optimal";
      const trials = sensitivityTrials(opts.trials);
      const sens = await timed("sensitivity", () =>
        sweep(net, loaded.text, {
          vary,
          trials,
          seed: opts.seed,
          policy: usePlan ? "plan" : "greedy",
          basePlan: usePlan && planned ? { starts: planned.starts, shipments: planned.shipments } : undefined,
          // Each point is small: a thread pool per point would cost more than it saves.
          threads: 1,
          signal,
          onProgress: (done, total) => options.onProgress?.({ stage: "sensitivity", done, total }),
        }),
      );
      result.sensitivity = sens;
      const top = sens.tornado[0];
      Object.assign(result.kpis, {
        "sensitivity.topParameter": top?.param ?? null,
        "sensitivity.topSwingDeliveredValueUsd": top?.swing.deliveredValueUsd ?? null,
      });
    }
  }
  return result;
}

/** The results a run keeps in the store, under the names every reader uses. */
export function storedResults(r: RunResult): Record<string, unknown> {
  return {
    ...(r.plan ? { plan: r.plan } : {}),
    ...(r.simulation ? { simulate: r.simulation } : {}),
    ...(r.stress ? { stress: r.stress } : {}),
    ...(r.sensitivity ? { sensitivity: r.sensitivity } : {}),
  };
}

/** A twentieth of the main simulation's trials per point (100 to 500): a tornado ranks, it does not forecast. */
export function sensitivityTrials(trials: number): number {
  return Math.max(100, Math.min(500, Math.round(trials / 20)));
}

/** Every uncertain parameter from its distribution's 10th to its 90th percentile. */
export function tornadoSpecs(net: Network): VarySpec[] {
  return net.uncertain
    .map((u, index): VarySpec => {
      const low = quantile(u.distribution, 0.1);
      const high = quantile(u.distribution, 0.9);
      return { param: u.id, target: { kind: "parameter", id: u.id, index }, low, high, points: [low, high] };
    })
    .filter((v) => v.high > v.low);
}

/** Stress-testing before anything is delivered measures nothing: default to the first period with deliveries. */
function firstDeliveryPeriod(net: Network, p: PlanResult): string | undefined {
  const D = net.demands.length;
  for (let t = 0; t < net.T; t++) {
    for (let d = 0; d < D; d++) if (p.deliveries[d * net.T + t] > 1e-9) return net.periods[t];
  }
  return undefined;
}

export function abortError(): Error {
  const err = new Error("the run was cancelled");
  err.name = "AbortError";
  return err;
}
