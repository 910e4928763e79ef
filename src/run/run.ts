// The main job as one function: plan, simulate and stress-test a loaded scenario and return plain
// data. The CLI's `run`, the HTTP API and queue jobs all call this; none holds logic of its own.
import { createHash } from "node:crypto";
import { type AppliedEventJson, applyEvents, type EventsInForce, eventFootprints, type Network, normalize, type Scenario, type ScenarioEvent, withExpansionSites } from "../model/index.js";
import { type InvestResult, type PlanJson, type PlanResult, plan, planToJson, type TargetResult } from "../plan/index.js";
import { startInvest } from "../plan/invest.node.js";
import { planWithEvents, type Replan } from "../plan/replan.js";
import { type SweepResult, sweep } from "../cluster/sweep.js";
import type { VarySpec } from "../cluster/variation.js";
import { type Policy, quantile, type SimulationResult } from "../sim/index.js";
import { autoThreads, simulateParallel } from "../sim/parallel.node.js";
import { type DatedStress, type StressResult, stress, stressByDate } from "../stress/index.js";
import { DEFAULT_TRIALS, RUN_KINDS, type RunKind, sensitivityTrials } from "./defaults.js";

export { RUN_KINDS, type RunKind, sensitivityTrials } from "./defaults.js";

export interface RunOptions {
  kinds?: readonly RunKind[];
  trials?: number;
  seed?: number;
  threads?: number;
  /** The simulation's policy (default adaptive). */
  policy?: Policy;
  /** Period at which the stress test takes stock and capacity (default: by the stress test's rule, see docs/stress.md). */
  stressAt?: string;
  /** A counterfactual to set the answer against (e.g. taiwan-baseline): planned and stress-tested the same way. */
  baseline?: LoadedScenario;
  /** Dated events in force (docs/events.md); every stage reads the network with them applied. */
  events?: readonly ScenarioEvent[];
  /** The events are known in advance instead of coming as a surprise (re-planned at their start). */
  foresight?: boolean;
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
  options: { kinds: RunKind[]; trials: number; seed: number; threads: number; policy: Policy; stressAt: string | null };
  /** `plan --json`'s document: the max-target plan when the scenario has a target. */
  plan?: PlanJson;
  /** The max-value plan (cost-driven routing alone): its targets and delivered value, for comparison. */
  costRouted?: { targets: TargetResult[]; deliveredValueUsd: number };
  /** The counterfactual, when asked: its plan's targets and KPIs, its stress headline, and what this scenario adds over it. */
  baseline?: BaselineComparison;
  /** The events applied (each with what it does to sites and lanes), the periods they are in force, and how the plan met them. */
  events?: { applied: AppliedEventJson[]; inForce: EventsInForce[]; foresight: boolean; replans: Replan[] };
  simulation?: SimulationResult;
  stress?: StressResult;
  /** The same stress test at each planned year's start as well as at its own date, in period order (docs/stress.md). */
  stressByDate?: DatedStress[];
  /** A tornado: each uncertain parameter pinned at its P10 and P90, the others left random. */
  sensitivity?: SweepResult;
  /** What it would take to reach the first target (`invest --frontier --json`), when the scenario has expansion options. */
  invest?: InvestResult;
  /** The headline figures, flat, for run history and comparison. */
  kpis: Record<string, number | string | boolean | null>;
  durationsMs: Partial<Record<RunKind | "baseline", number>>;
}

export interface BaselineComparison {
  scenario: { name: string; title: string };
  plan: { status: string; objective: string; deliveredValueUsd: number; onshoreValueShare: number; targets: TargetResult[] };
  stress: { period: string; periodRule: string; topNode: string | null; topLostValueUsd: number | null; topTargetNode: string | null; topLostTargetValueUsd: number | null } | null;
  /** This scenario less the baseline, per target id both have: its measure and its reconciliation's readings. */
  adds: { id: string; madeValueUsd: number; deliveredValueUsd: number; assembledValueUsd: number; contentValueUsd: number }[];
}

export { DEFAULT_TRIALS } from "./defaults.js";

export function scenarioHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export async function executeRun(loaded: LoadedScenario, options: RunOptions = {}): Promise<RunResult> {
  const { network: base, scenario } = loaded;
  const events = options.events ?? [];
  // Every stage reads the network with the events in force; only the planner needs the base (a surprise).
  const net = applyEvents(base, events);
  // The simulation draws the length of events that give a duration distribution; the plan uses their stated window.
  const simNet = applyEvents(base, events, { drawDurations: true });
  const kinds = RUN_KINDS.filter((k) => (options.kinds ?? RUN_KINDS).includes(k));
  const opts = {
    kinds,
    trials: options.trials ?? DEFAULT_TRIALS,
    seed: options.seed ?? scenario.seed,
    // Unless asked for: as many simulation threads as the work and the free cores make worth it.
    threads: options.threads ?? autoThreads(simNet, options.trials ?? DEFAULT_TRIALS),
    policy: options.policy ?? ("adaptive" as Policy),
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

  // Invest needs nothing from the other stages: it starts first, in its own thread, and traces its
  // frontier (the longest stage) alongside them. New sites join the network only for it (see withExpansionSites).
  const investJob = kinds.includes("invest") && scenario.expansions.length > 0 && net.targets.length > 0 ? startInvest(normalize(withExpansionSites(scenario)), { frontier: true }) : null;
  try {
    // The plan feeds the simulator's plan-following policies and the stress test's stock, so it runs whenever they do.
    let planned: PlanResult | undefined;
    const followsPlan = opts.policy !== "greedy";
    const planNeeded = kinds.includes("plan") || kinds.includes("stress") || ((kinds.includes("simulate") || kinds.includes("sensitivity")) && followsPlan);
    if (planNeeded) {
      const planOptions = kinds.includes("plan") ? {} : { limitCandidates: 0 };
      planned = await timed("plan", async () => {
        if (events.length === 0) return plan(net, planOptions);
        const p = await planWithEvents(base, events, { ...planOptions, foresight: options.foresight });
        result.events = {
          ...eventFootprints(base, events),
          foresight: p.events.foresight,
          replans: p.events.replans,
        };
        return p;
      });
      if (kinds.includes("plan")) {
        result.plan = planToJson(net, planned);
        if (planned.costRouted) result.costRouted = { targets: planned.costRouted.targets, deliveredValueUsd: planned.costRouted.deliveredValueUsd };
        const k = planned.kpis;
        const t = planned.targets[0];
        Object.assign(result.kpis, {
          "plan.status": planned.status,
          "plan.objective": planned.objective,
          "plan.deliveredValueUsd": k.deliveredValueUsd,
          "plan.targetValueUsd": k.targetValueUsd,
          "plan.targetMeasure": t?.measure ?? null,
          "plan.targetMadeValueUsd": t?.madeValueUsd ?? null,
          "plan.targetMet": k.targetMet,
          "plan.assembledValueUsd": t?.reconciliation.assembledValueUsd ?? null,
          "plan.contentValueUsd": t ? t.reconciliation.manufacturingContentUsd + t.reconciliation.ownedMarginUsd : null,
          "costRouted.targetMadeValueUsd": planned.costRouted?.targets[0]?.madeValueUsd ?? null,
          "plan.onshoreValueShare": k.onshoreValueShare,
          "plan.onshoreManufacturingShare": k.onshoreManufacturingShare,
          "plan.massProductionPeriod": k.massProductionPeriod,
          "plan.topLimitTarget": planned.limits.target[0]?.resource ?? null,
          "plan.topLimitTargetPlusTenPercentUsd": planned.limits.target[0]?.plusTenPercentUsd ?? null,
          "plan.topLimitTotal": planned.limits.total[0]?.resource ?? null,
          "plan.topLimitTotalPlusTenPercentUsd": planned.limits.total[0]?.plusTenPercentUsd ?? null,
        });
      }
    }

    if (kinds.includes("simulate")) {
      const usePlan = followsPlan && planned?.status === "optimal";
      const sim = await timed("simulate", () =>
        simulateParallel(simNet, {
          trials: opts.trials,
          seed: opts.seed,
          policy: usePlan ? opts.policy : "greedy",
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
      const st = await timed("stress", () => stress(net, { at: opts.stressAt ?? undefined, plan: usable }));
      result.stress = st;
      // The same stress test at each planned year's start too: the report's and the dashboard's date control.
      result.stressByDate = await stressByDate(net, { at: opts.stressAt ?? undefined, plan: usable }, st);
      checkAbort();
      const top = st.nodes[0];
      const topTarget = [...st.nodes].sort((a, b) => (b.lostTargetValueUsd ?? 0) - (a.lostTargetValueUsd ?? 0))[0];
      Object.assign(result.kpis, {
        "stress.period": st.period,
        "stress.periodRule": st.periodRule,
        "stress.topNode": top?.id ?? null,
        "stress.topLostValueUsd": top?.lostValueUsd ?? null,
        "stress.topTargetNode": topTarget && (topTarget.lostTargetValueUsd ?? 0) > 0 ? topTarget.id : null,
        "stress.topLostTargetValueUsd": topTarget?.lostTargetValueUsd ?? null,
        "stress.flaggedNodes": st.nodes.filter((n) => n.flagged).length,
      });
    }
    if (options.baseline) {
      checkAbort();
      const start = performance.now();
      result.baseline = await compareWithBaseline(result, options.baseline, opts.stressAt ?? undefined, kinds.includes("stress"));
      result.durationsMs.baseline = Math.round(performance.now() - start);
    }

    if (kinds.includes("sensitivity")) {
      const vary = tornadoSpecs(simNet);
      if (vary.length > 0) {
        const usePlan = followsPlan && planned?.status === "optimal";
        const trials = sensitivityTrials(opts.trials);
        const sens = await timed("sensitivity", () =>
          sweep(simNet, loaded.text, {
            vary,
            trials,
            seed: opts.seed,
            policy: usePlan ? opts.policy : "greedy",
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
          "sensitivity.topSwingTargetP50Usd": top?.swing.targetValueP50Usd ?? null,
        });
      }
    }
    if (investJob) {
      const { result: inv, ms } = await timed("invest", () => investJob.result);
      // The stage's own time in its thread, most of it alongside the stages above.
      result.durationsMs.invest = Math.round(ms);
      result.invest = inv;
      Object.assign(result.kpis, {
        "invest.status": inv.status,
        "invest.capexUsd": inv.status === "optimal" ? inv.capexUsd : null,
        "invest.reachedValueUsd": inv.reachedValueUsd,
        "invest.builds": inv.builds.length,
        "invest.reachableFrom": inv.reachableFrom,
      });
    }
  } finally {
    investJob?.cancel();
  }
  return result;
}

/** The results a run keeps in the store, under the names every reader uses. */
export function storedResults(r: RunResult): Record<string, unknown> {
  return {
    ...(r.plan ? { plan: r.plan } : {}),
    ...(r.costRouted ? { costRouted: r.costRouted } : {}),
    ...(r.baseline ? { baseline: r.baseline } : {}),
    ...(r.events ? { events: r.events } : {}),
    ...(r.simulation ? { simulate: r.simulation } : {}),
    ...(r.stress ? { stress: r.stress } : {}),
    ...(r.stressByDate ? { stressByDate: r.stressByDate } : {}),
    ...(r.sensitivity ? { sensitivity: r.sensitivity } : {}),
    ...(r.invest ? { invest: r.invest } : {}),
  };
}

/** Every uncertain parameter from its low to its high: a range's own bounds, else the 10th and 90th percentiles. */
export function tornadoSpecs(net: Network): VarySpec[] {
  return net.uncertain
    .map((u, index): VarySpec => {
      const d = u.distribution;
      const low = d.type === "range" ? d.low : quantile(d, 0.1);
      const high = d.type === "range" ? d.high : quantile(d, 0.9);
      return { param: u.id, target: { kind: "parameter", id: u.id, index }, low, high, points: [low, high] };
    })
    .filter((v) => v.high > v.low);
}

/** Plan (and stress) the counterfactual the same way, and what this run adds over it, target by target. */
async function compareWithBaseline(r: RunResult, baseline: LoadedScenario, stressAt: string | undefined, withStress: boolean): Promise<BaselineComparison> {
  const net = baseline.network;
  const p = await plan(net, { limitCandidates: 0 });
  let st: BaselineComparison["stress"] = null;
  if (withStress && p.status === "optimal") {
    const s = await stress(net, { at: stressAt, plan: p });
    const top = s.nodes[0];
    const topTarget = [...s.nodes].sort((a, b) => (b.lostTargetValueUsd ?? 0) - (a.lostTargetValueUsd ?? 0))[0];
    st = {
      period: s.period,
      periodRule: s.periodRule,
      topNode: top?.id ?? null,
      topLostValueUsd: top?.lostValueUsd ?? null,
      topTargetNode: topTarget && (topTarget.lostTargetValueUsd ?? 0) > 0 ? topTarget.id : null,
      topLostTargetValueUsd: topTarget?.lostTargetValueUsd ?? null,
    };
  }
  const content = (t: TargetResult) => t.reconciliation.manufacturingContentUsd + t.reconciliation.ownedMarginUsd;
  const adds = (r.plan?.targets ?? []).flatMap((t) => {
    const b = p.targets.find((x) => x.id === t.id);
    if (!b) return [];
    return [
      {
        id: t.id,
        madeValueUsd: t.madeValueUsd - b.madeValueUsd,
        deliveredValueUsd: t.reconciliation.deliveredValueUsd - b.reconciliation.deliveredValueUsd,
        assembledValueUsd: t.reconciliation.assembledValueUsd - b.reconciliation.assembledValueUsd,
        contentValueUsd: content(t) - content(b),
      },
    ];
  });
  return {
    scenario: { name: baseline.scenario.name, title: baseline.scenario.title },
    plan: { status: p.status, objective: p.objective, deliveredValueUsd: p.kpis.deliveredValueUsd, onshoreValueShare: p.kpis.onshoreValueShare, targets: p.targets },
    stress: st,
    adds,
  };
}

export function abortError(): Error {
  const err = new Error("the run was cancelled");
  err.name = "AbortError";
  return err;
}
