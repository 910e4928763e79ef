// The resilience stress test: for every disruption scenario, the time to survive (TTS), the value
// lost over its time to recover (TTR) under the best response, the risk exposure index, and the
// same figures again under mitigation what-ifs. One LP matrix per snapshot; scenarios change bounds.
import { money } from "../format/index.js";
import type { Network } from "../model/index.js";
import { measureByPeriod, measureWeights, periodOrdinal } from "../model/index.js";
import { type LpModel, solveLp } from "../plan/index.js";
import { buildRateLp, buildStressLp, type ExtraArc, type StressLayout } from "./lp.js";
import { type Disruption, disruptions, type NodeKind, type ScenarioOptions, StressInputError, type TtrSource } from "./scenarios.js";
import { type LpSession, openSession, type SessionBasis, type SessionSolve } from "./session.js";
import { type PlanView, type Snapshot, snapshotAt } from "./snapshot.js";

export type Mitigation =
  | { kind: "stock"; item: string; site: string; qty: number }
  | { kind: "capacity"; resource: string; qty: number }
  | { kind: "lane"; from: string; to: string; item: string; capacity?: number };

export interface StressOptions extends ScenarioOptions {
  /** Period label ("2026-06") or index; default: by `defaultStressPeriod` with a plan, else the horizon's first period. */
  at?: string | number;
  /** A disrupted site's stock cannot ship out (default true). */
  trapStock?: boolean;
  /** Periods over which the plan's deliveries are averaged into the demand rate (default: the longest TTR in scope). */
  rateWindowPeriods?: number;
  /** A constrained plan of the same network: stock and unbounded demand rates are read from it. */
  plan?: PlanView;
  mitigations?: Mitigation[];
  /** TTS cap in periods (default: the horizon length). */
  ttsCapPeriods?: number;
  /** Restart each solve from the last basis (default true); false is for benchmarks. */
  warmStart?: boolean;
  /** Sweep only these disruption ids (worker shards); the index is then relative to them. */
  only?: string[];
}

export interface StressNode {
  id: string;
  kind: NodeKind;
  name: string;
  country: string | null;
  /** Infinity when demand is met for the whole cap (JSON: null, "at least ttsCapPeriods"). */
  ttsPeriods: number;
  ttrPeriods: number;
  ttrSource: TtrSource;
  lostValueUsd: number;
  /** The first target's measure lost over the TTR (best response with and without the disruption); null without a target. */
  lostTargetValueUsd: number | null;
  /** lostValueUsd / the largest lostValueUsd, 0..1 (0 when nothing is lost anywhere). */
  riskExposureIndex: number;
  /** TTR > TTS: demand goes unmet before the node recovers. */
  flagged: boolean;
}

export interface DemandRate {
  id: string;
  /** Units per period the stress test holds the network to. */
  ratePerPeriod: number;
  /** demand: as asked; plan: the plan's delivery then; capacity: capped at what the network can sustain. */
  basis: "demand" | "plan" | "capacity";
}

export interface MitigationResult {
  label: string;
  mitigation: Mitigation;
  nodes: { id: string; ttsBefore: number; ttsAfter: number; lostBefore: number; lostAfter: number; indexBefore: number; indexAfter: number }[];
}

export interface StressResult {
  status: "ok" | "error";
  message?: string;
  scenario: string;
  period: string;
  periodIndex: number;
  /** Why this period: given by the user, or the rule used to choose it. */
  periodRule: string;
  /** Whether a disrupted site's stock was kept from shipping out. */
  stockTrapped: boolean;
  /** The target whose measure lostTargetValueUsd counts; null without one. */
  targetId: string | null;
  /** Plan deliveries are averaged over this many periods into the demand rate. */
  rateWindowPeriods: number;
  ttsCapPeriods: number;
  stockSource: "scenario" | "plan";
  demand: DemandRate[];
  /** Ranked: highest index first, then shortest TTS. */
  nodes: StressNode[];
  mitigations: MitigationResult[];
  reading: string;
  solver: { numCols: number; numRows: number; nonzeros: number; solves: number; iterations: number };
}

/** The raw sweep of one shard; finishStress ranks and indexes a set of them. */
export interface StressPartial {
  status: "ok" | "error";
  message?: string;
  periodIndex: number;
  periodRule: string;
  stockTrapped: boolean;
  rateWindowPeriods: number;
  ttsCap: number;
  stockSource: "scenario" | "plan";
  demand: DemandRate[];
  disruptions: Disruption[];
  tts: number[];
  lost: number[];
  /** Per disruption, the first target's measure lost over its TTR (empty without a target). */
  lostTarget: number[];
  mitigations: { tts: number[]; lost: number[] }[];
  solver: StressResult["solver"];
}

const TOL = 1e-7;

export function resolvePeriod(net: Network, at: string | number | undefined): number {
  if (at === undefined) return 0;
  if (typeof at === "number") {
    if (!Number.isInteger(at) || at < 0 || at >= net.T) throw new StressInputError("bad_period", `period index ${at} is outside 0..${net.T - 1}`);
    return at;
  }
  const p = net.periods.indexOf(at);
  if (p >= 0) return p;
  const bucket = net.periods[0].includes("W") ? "week" : "month";
  const ok = periodOrdinal(at, bucket) !== null;
  throw new StressInputError("bad_period", ok ? `--at ${at} is outside the horizon ${net.periods[0]} .. ${net.periods[net.T - 1]}` : `--at ${at}: not a ${bucket} label like ${net.periods[0]}`);
}

/**
 * The period the stress test measures at, and why. A date a user gives wins. With a plan, the period
 * of highest planned output on the first target's measure (by its date), else of highest planned
 * delivered value: a steady, loaded network, not the ramp-up months when little flows and nothing
 * can be lost. Without a plan, the horizon's first period.
 */
export function stressPeriod(net: Network, options: Pick<StressOptions, "at" | "plan">): { index: number; rule: string } {
  if (options.at !== undefined) return { index: resolvePeriod(net, options.at), rule: "given" };
  const plan = options.plan;
  if (plan?.status !== "optimal") return { index: 0, rule: "the horizon's first period (no plan to choose by)" };
  const g = net.targets[0];
  const per = g ? measureByPeriod(net, measureWeights(net, g.measure, g), plan.starts, plan.deliveries) : measureByPeriod(net, deliveredEverywhere(net), plan.starts, plan.deliveries);
  const last = g ? Math.min(g.by, net.T - 1) : net.T - 1;
  let best = 0;
  for (let t = 1; t <= last; t++) if (per[t] > per[best] * (1 + 1e-9)) best = t;
  const what = g ? `output on target ${g.id}'s measure (${g.measure}) by ${net.periods[last]}` : "delivered value";
  return { index: best, rule: `the period of highest planned ${what}` };
}

function deliveredEverywhere(net: Network) {
  return { good: new Float64Array(net.operations.length), start: new Float64Array(net.operations.length), delivered: Float64Array.from(net.demandPrice) };
}

export async function stress(net: Network, options: StressOptions = {}): Promise<StressResult> {
  return finishStress(net, options, [await stressPartial(net, options)]);
}

/** Sweep the scenarios (all, or options.only) and the mitigation what-ifs. */
export async function stressPartial(net: Network, options: StressOptions = {}): Promise<StressPartial> {
  const { index: p, rule } = stressPeriod(net, options);
  const cap = options.ttsCapPeriods ?? net.T;
  const trap = options.trapStock !== false;
  const all = disruptions(net, options);
  let list = all;
  if (options.only) {
    const keep = new Set(options.only);
    list = list.filter((d) => keep.has(d.id));
  }
  // From the full list, so that every shard of one sweep uses the same rate.
  const window = Math.max(1, Math.round(options.rateWindowPeriods ?? Math.max(1, ...all.map((d) => d.ttrPeriods))));
  const snap = snapshotAt(net, p, options.plan, window);
  const solver = { numCols: 0, numRows: 0, nonzeros: 0, solves: 0, iterations: 0 };
  const base = { periodIndex: p, periodRule: rule, stockTrapped: trap, rateWindowPeriods: window, ttsCap: cap, stockSource: snap.stockSource, disruptions: list, solver };
  const fail = (message: string): StressPartial => ({ status: "error", message, demand: [], tts: [], lost: [], lostTarget: [], mitigations: [], ...base });

  // The rates to hold the network to: what is asked, capped at what it can sustain without stock.
  const rateLp = buildRateLp(net, snap);
  const rateSol = await solveLp(rateLp.model, { iis: false });
  solver.solves++;
  if (rateSol.status !== "optimal") return fail(`the sustainable-rate LP ended ${rateSol.status}${rateSol.message ? `: ${rateSol.message}` : ""}`);
  const rate = new Float64Array(net.demands.length);
  const demand: DemandRate[] = net.demands.map((d, k) => {
    const sustainable = Math.max(0, rateSol.colValue[rateLp.layout.col.del + k]);
    const asked = snap.demandAsked[k];
    const capped = asked === Number.POSITIVE_INFINITY || sustainable < asked - TOL * Math.max(1, asked);
    rate[k] = capped ? sustainable : asked;
    return { id: d.id, ratePerPeriod: rate[k], basis: capped ? "capacity" : snap.demandSource[k] === "plan" ? "plan" : "demand" };
  });

  const main = await sweep(net, snap, rate, cap, list, [], options.warmStart, solver, trap, true);
  if (typeof main === "string") return fail(main);
  const mitigations: StressPartial["mitigations"] = [];
  for (const m of options.mitigations ?? []) {
    const { snap: s2, extra } = applyMitigation(net, snap, m);
    const r = await sweep(net, s2, rate, cap, list, extra, options.warmStart, solver, trap, false);
    if (typeof r === "string") return fail(r);
    mitigations.push({ tts: r.tts, lost: r.lost });
  }
  return { status: "ok", demand, tts: main.tts, lost: main.lost, lostTarget: main.lostTarget, mitigations, ...base };
}

/** The first target's measure as costs on the stress LP's columns: starts (by the snapshot's yields) and deliveries. */
function targetCosts(net: Network, snap: Snapshot, layout: StressLayout, numCols: number): Float64Array | null {
  const g = net.targets[0];
  if (!g) return null;
  const w = measureWeights(net, g.measure, g);
  const cost = new Float64Array(numCols);
  for (let o = 0; o < net.operations.length; o++) cost[layout.col.op + o] = net.opOutQty[o] * snap.yield[o] * w.good[o] + w.start[o];
  for (let k = 0; k < net.demands.length; k++) cost[layout.col.del + k] = w.delivered[k];
  return cost;
}

async function sweep(
  net: Network,
  snap: Snapshot,
  rate: Float64Array,
  cap: number,
  list: Disruption[],
  extra: ExtraArc[],
  warmStart: boolean | undefined,
  solver: StressResult["solver"],
  trap: boolean,
  withTarget: boolean,
): Promise<{ tts: number[]; lost: number[]; lostTarget: number[] } | string> {
  const lp = buildStressLp(net, snap, rate, cap, extra);
  solver.numCols = lp.tts.numCols;
  solver.numRows = lp.tts.numRows;
  solver.nonzeros = lp.tts.values.length;
  const tgtCost = withTarget ? targetCosts(net, snap, lp.layout, lp.ttr.numCols) : null;
  let ttsS: LpSession | undefined;
  let ttrS: LpSession | undefined;
  let tgtS: LpSession | undefined;
  try {
    ttsS = await openSession(lp.tts, { warmStart });
    ttrS = await openSession(lp.ttr, { warmStart });
    // Target form: the most of the target's measure over a window, lost demand allowed at no cost.
    if (tgtCost) tgtS = await openSession({ ...lp.ttr, sense: "max", colCost: tgtCost } as LpModel, { warmStart });
    const tts: number[] = [];
    const lost: number[] = [];
    const lostTarget: number[] = [];
    // The undisrupted optimum is the start of every scenario's solve.
    const t = lp.layout.col.t;
    let ttsUndisrupted: SessionSolve | undefined;
    for (const session of [ttsS, ttrS, ...(tgtS ? [tgtS] : [])]) {
      const s = session.solve();
      if (session === ttsS) ttsUndisrupted = s;
      solver.solves++;
      solver.iterations += s.iterations;
      if (s.status !== "optimal") return `the undisrupted ${session === ttsS ? "TTS" : session === ttrS ? "TTR" : "target"} LP ended ${s.status}`;
      session.pinBasis();
    }
    const undisrupted = { tts: ttsUndisrupted as SessionSolve, x: ttsS.colValue() };
    const ttrWindow = windowStarts(ttrS, t);
    const tgtWindow = tgtS && windowStarts(tgtS, t);
    for (const d of list) {
      const cols = disruptedCols(net, lp.layout, d, trap);
      const zeros = cols.map(() => 0);
      let a = undisrupted.tts;
      // A disruption that only zeroes columns already zero in the undisrupted optimum leaves it
      // feasible, hence optimal: the same TTS without a solve (a third of the sites on bench/stress).
      if (!cols.every((j) => undisrupted.x[j] === 0)) {
        const old = ttsS.setColBounds(cols, zeros, zeros);
        a = ttsS.solve();
        ttsS.setColBounds(cols, old.lower, old.upper);
        solver.solves++;
        solver.iterations += a.iterations;
        if (a.status !== "optimal") return `TTS LP for ${d.kind} ${d.id} ended ${a.status}`;
      }
      tts.push(a.objectiveValue >= cap - TOL * Math.max(1, cap) ? Number.POSITIVE_INFINITY : Math.max(0, a.objectiveValue));

      if (tgtS) {
        // What the target loses over the TTR: its best over the window, undisrupted less disrupted.
        const w = d.ttrPeriods;
        if (w <= 0) lostTarget.push(0);
        else {
          const before = (tgtWindow as WindowStarts)(w, solver);
          if (typeof before === "string") return `target LP over ${w} periods ended ${before}`;
          const o = tgtS.setColBounds([t, ...cols], [w, ...zeros], [w, ...zeros]);
          const b = tgtS.solve();
          tgtS.setColBounds([t, ...cols], o.lower, o.upper);
          solver.solves++;
          solver.iterations += b.iterations;
          if (b.status !== "optimal") return `target LP for ${d.kind} ${d.id} ended ${b.status}`;
          lostTarget.push(Math.max(0, before.objectiveValue - b.objectiveValue));
        }
      }

      // Meeting demand for t periods implies meeting it for any shorter window (scale the flows
      // down), so a TTR within the TTS loses nothing: no LP needed.
      if (d.ttrPeriods <= 0 || d.ttrPeriods <= tts[tts.length - 1]) {
        lost.push(0);
        continue;
      }
      const start = ttrWindow(d.ttrPeriods, solver);
      if (typeof start === "string") return `TTR LP over ${d.ttrPeriods} periods ended ${start}`;
      const oldT = ttrS.setColBounds([t, ...cols], [d.ttrPeriods, ...zeros], [d.ttrPeriods, ...zeros]);
      const b = ttrS.solve();
      ttrS.setColBounds([t, ...cols], oldT.lower, oldT.upper);
      solver.solves++;
      solver.iterations += b.iterations;
      if (b.status !== "optimal") return `TTR LP for ${d.kind} ${d.id} ended ${b.status}`;
      lost.push(Math.max(0, b.objectiveValue));
    }
    return { tts, lost, lostTarget };
  } catch (err) {
    return `HiGHS failed: ${err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300)}`;
  } finally {
    ttsS?.dispose();
    ttrS?.dispose();
    tgtS?.dispose();
  }
}

type WindowStarts = (w: number, solver: StressResult["solver"]) => { objectiveValue: number } | string;

/**
 * For a session whose window t is fixed per scenario: the undisrupted optimum over each window
 * length, solved once (from the pinned basis) and then pinned as the start of the scenarios over
 * that window. From the one-period basis a TTR solve took 870 pivots on bench/stress; from its
 * window's, 8. Returns the undisrupted optimum, or its status when it is not optimal.
 */
function windowStarts(session: LpSession, t: number): WindowStarts {
  const base = session.basis();
  const starts = new Map<number, { basis: SessionBasis; objectiveValue: number }>();
  return (w, solver) => {
    let start = starts.get(w);
    if (!start) {
      session.pinBasis(base);
      const o = session.setColBounds([t], [w], [w]);
      const u = session.solve();
      solver.solves++;
      solver.iterations += u.iterations;
      const basis = session.basis();
      session.setColBounds([t], o.lower, o.upper);
      if (u.status !== "optimal") return u.status;
      start = { basis, objectiveValue: u.objectiveValue };
      starts.set(w, start);
    }
    session.pinBasis(start.basis);
    return start;
  };
}

/**
 * Columns a disruption forces to zero: starts at its sites, shipments on its lanes and, when stock is
 * trapped, every shipment out of its sites (stock inside a blockaded country or a burnt-out plant
 * cannot leave).
 */
export function disruptedCols(net: Network, layout: StressLayout, d: Disruption, trapStock = true): number[] {
  const cols: number[] = [];
  const down = new Set(d.sites);
  if (down.size > 0) net.operations.forEach((op, o) => down.has(op.site) && cols.push(layout.col.op + o));
  const cut = new Set(d.lanes);
  net.arcLane.forEach((l, a) => {
    if (cut.has(l) || (trapStock && down.has(net.nodeSite[net.arcFrom[a]]))) cols.push(layout.col.arc + a);
  });
  return cols;
}

function nodeOf(net: Network, item: string, site: string): number {
  const i = net.items.findIndex((x) => x.id === item);
  const s = net.sites.findIndex((x) => x.id === site);
  if (i < 0 || s < 0) throw new StressInputError("unknown_id", `no ${i < 0 ? `item '${item}'` : `site '${site}'`}`);
  for (let n = 0; n < net.nodeItem.length; n++) if (net.nodeItem[n] === i && net.nodeSite[n] === s) return n;
  throw new StressInputError("unknown_id", `nothing in the scenario makes, holds or uses ${item} at ${site}`);
}

function applyMitigation(net: Network, snap: Snapshot, m: Mitigation): { snap: Snapshot; extra: ExtraArc[] } {
  if (!(Number.isFinite(m.kind === "lane" ? (m.capacity ?? 0) : m.qty) && (m.kind === "lane" ? (m.capacity ?? 0) : m.qty) >= 0)) throw new StressInputError("bad_value", `${mitigationLabel(m)}: the quantity must be a number >= 0`);
  if (m.kind === "stock") {
    const stock = Float64Array.from(snap.stock);
    stock[nodeOf(net, m.item, m.site)] += m.qty;
    return { snap: { ...snap, stock }, extra: [] };
  }
  if (m.kind === "capacity") {
    const r = net.resources.findIndex((x) => x.id === m.resource);
    if (r < 0) throw new StressInputError("unknown_id", `no resource '${m.resource}'`);
    const capacity = Float64Array.from(snap.capacity);
    capacity[r] += m.qty;
    return { snap: { ...snap, capacity }, extra: [] };
  }
  return { snap, extra: [{ from: nodeOf(net, m.item, m.from), to: nodeOf(net, m.item, m.to), capacity: m.capacity ?? Number.POSITIVE_INFINITY }] };
}

export function mitigationLabel(m: Mitigation): string {
  if (m.kind === "stock") return `+${m.qty} ${m.item} in stock at ${m.site}`;
  if (m.kind === "capacity") return `+${m.qty} per period on ${m.resource}`;
  return `second source: ${m.item} ${m.from} -> ${m.to}${m.capacity !== undefined ? ` (${m.capacity} per period)` : ""}`;
}

/** Rank, index and read one or more shards (all from the same network and options). */
export function finishStress(net: Network, options: StressOptions, parts: StressPartial[]): StressResult {
  const first = parts[0];
  const failed = parts.find((x) => x.status !== "ok");
  const solver = { numCols: first.solver.numCols, numRows: first.solver.numRows, nonzeros: first.solver.nonzeros, solves: 0, iterations: 0 };
  for (const x of parts) {
    solver.solves += x.solver.solves;
    solver.iterations += x.solver.iterations;
  }
  const head = {
    scenario: net.name,
    period: net.periods[first.periodIndex],
    periodIndex: first.periodIndex,
    periodRule: first.periodRule,
    stockTrapped: first.stockTrapped,
    targetId: net.targets[0]?.id ?? null,
    rateWindowPeriods: first.rateWindowPeriods,
    ttsCapPeriods: first.ttsCap,
    stockSource: first.stockSource,
    demand: first.demand,
    solver,
  };
  if (failed) return { status: "error", message: failed.message, nodes: [], mitigations: [], reading: `The stress test could not run: ${failed.message}`, ...head };

  const all = parts.flatMap((x) => x.disruptions.map((d, i) => ({ d, tts: x.tts[i], lost: x.lost[i], lostTarget: x.lostTarget[i] ?? null, mit: x.mitigations.map((m) => ({ tts: m.tts[i], lost: m.lost[i] })) })));
  const maxLost = Math.max(0, ...all.map((x) => x.lost));
  const index = (v: number) => (maxLost > 0 ? Math.min(1, v / maxLost) : 0);
  const nodes: StressNode[] = all.map(({ d, tts, lost, lostTarget }) => ({
    id: d.id,
    kind: d.kind,
    name: d.name,
    country: d.country,
    ttsPeriods: tts,
    ttrPeriods: d.ttrPeriods,
    ttrSource: d.ttrSource,
    lostValueUsd: lost,
    lostTargetValueUsd: lostTarget,
    riskExposureIndex: index(lost),
    flagged: d.ttrPeriods > tts + TOL,
  }));
  // Ties: the shorter TTS first, then the narrower disruption (one site before its whole country).
  const order = nodes
    .map((_, i) => i)
    .sort((a, b) => cmpNum(nodes[b].riskExposureIndex, nodes[a].riskExposureIndex) || cmpNum(nodes[a].ttsPeriods, nodes[b].ttsPeriods) || KIND_ORDER[nodes[a].kind] - KIND_ORDER[nodes[b].kind] || nodes[a].id.localeCompare(nodes[b].id));
  const mitigations: MitigationResult[] = (options.mitigations ?? []).map((m, j) => ({
    label: mitigationLabel(m),
    mitigation: m,
    // The after-index is against the same largest loss as before, so the two compare.
    nodes: order.map((i) => ({
      id: nodes[i].id,
      ttsBefore: all[i].tts,
      ttsAfter: all[i].mit[j].tts,
      lostBefore: all[i].lost,
      lostAfter: all[i].mit[j].lost,
      indexBefore: nodes[i].riskExposureIndex,
      indexAfter: index(all[i].mit[j].lost),
    })),
  }));
  const ranked = order.map((i) => nodes[i]);
  return { status: "ok", nodes: ranked, mitigations, reading: reading(head.period, ranked, first.demand, first.ttsCap, head.targetId), ...head };
}

const KIND_ORDER: Record<NodeKind, number> = { site: 0, lane: 1, combination: 2, country: 3 };
// Solver noise (1e-12) must not decide a tie.
const cmpNum = (a: number, b: number) => (a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) ? 0 : a < b ? -1 : 1);

const num = (x: number) => x.toFixed(1).replace(/\.0$/, "");
const periods = (x: number) => `${num(x)} period${num(x) === "1" ? "" : "s"}`;
export const formatTts = (tts: number, cap: number) => (Number.isFinite(tts) ? periods(tts) : `at least ${periods(cap)}`);

function reading(period: string, ranked: StressNode[], demand: DemandRate[], cap: number, targetId: string | null): string {
  const flagged = ranked.filter((x) => x.flagged).length;
  const top = ranked[0];
  if (!top) return `No disruption scenario in scope at ${period}.`;
  if (demand.every((d) => d.ratePerPeriod <= 0)) return `No demand is being met at ${period}, so no disruption loses anything then: choose a later period with --at.`;
  const name = (x: StressNode) => (x.kind === "site" ? `${x.id} (site, ${x.country})` : x.kind === "country" ? `${x.id} (every site in ${x.country})` : `${x.id} (${x.kind})`);
  const byTarget = targetId === null ? undefined : [...ranked].sort((a, b) => (b.lostTargetValueUsd ?? 0) - (a.lostTargetValueUsd ?? 0))[0];
  const targetPart =
    byTarget && (byTarget.lostTargetValueUsd ?? 0) > 0
      ? ` For target ${targetId}, ${name(byTarget)} costs most: ${money(byTarget.lostTargetValueUsd ?? 0)} of its measure over its ${num(byTarget.ttrPeriods)}-period TTR.`
      : "";
  if (top.lostValueUsd <= 0) return `No single disruption at ${period} costs any delivered value: the network reroutes or draws down stock for every TTR.${targetPart}`;
  const tied = ranked.filter((x) => x.riskExposureIndex >= top.riskExposureIndex - 1e-9).length;
  const also = tied > 1 ? ` (tied with ${tied - 1} other${tied > 2 ? "s" : ""})` : "";
  return `${name(top)}${also} carries the most risk at ${period}: ${money(top.lostValueUsd)} of deliveries lost over a ${num(top.ttrPeriods)}-period TTR against a TTS of ${formatTts(top.ttsPeriods, cap)}; ${flagged} of ${ranked.length} nodes flagged (TTR > TTS).${targetPart}`;
}

export interface ScenarioDetail {
  disruption: Disruption;
  snapshot: Snapshot;
  rate: Float64Array;
  /** The TTS (Infinity at the cap), or with `window`, the value lost over that many periods. */
  ttsPeriods: number;
  lostValueUsd: number;
  /** Flows of the TTS solution (or of the loss solution with `window`). */
  flows: { starts: Float64Array; shipments: Float64Array; delivered: Float64Array };
}

/**
 * One scenario on its own, one-shot through the plan module's solver: its TTS and the flows that
 * achieve it, or (with `window`) the least value lost over that many periods. For audits and tests.
 */
export async function explainScenario(net: Network, options: StressOptions, id: string, window?: number): Promise<ScenarioDetail> {
  const d = disruptions(net, options).find((x) => x.id === id);
  if (!d) throw new StressInputError("unknown_id", `no disruption scenario '${id}'`);
  const part = await stressPartial(net, { ...options, only: [id], mitigations: [] });
  if (part.status !== "ok") throw new Error(part.message);
  const p = part.periodIndex;
  const snap = snapshotAt(net, p, options.plan, part.rateWindowPeriods);
  const rate = Float64Array.from(part.demand, (x) => x.ratePerPeriod);
  const lp = buildStressLp(net, snap, rate, part.ttsCap);
  const cols = disruptedCols(net, lp.layout, d, part.stockTrapped);
  const model = window === undefined ? lp.tts : lp.ttr;
  const colUpper = Float64Array.from(model.colUpper);
  const colLower = Float64Array.from(model.colLower);
  for (const j of cols) colUpper[j] = 0;
  if (window !== undefined) colLower[lp.layout.col.t] = colUpper[lp.layout.col.t] = window;
  const sol = await solveLp({ ...model, colLower, colUpper }, { iis: false });
  if (sol.status !== "optimal") throw new Error(`scenario ${id}: LP ended ${sol.status}`);
  const { col } = lp.layout;
  const O = net.operations.length;
  const A = net.arcLane.length;
  const K = net.demands.length;
  return {
    disruption: d,
    snapshot: snap,
    rate,
    ttsPeriods: part.tts[0],
    lostValueUsd: window === undefined ? part.lost[0] : Math.max(0, sol.objectiveValue),
    flows: { starts: sol.colValue.slice(col.op, col.op + O), shipments: sol.colValue.slice(col.arc, col.arc + A), delivered: sol.colValue.slice(col.del, col.del + K) },
  };
}
