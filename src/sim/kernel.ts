// One Monte Carlo trial: draw every uncertainty, then execute the horizon period by period.
// All state lives in typed arrays allocated once per kernel (one kernel per worker thread);
// running a trial allocates nothing. docs/simulation.md describes the three execution policies.
import { capacityProfile, measureWeights, type Network, onshoreScope, worldScope } from "../model/index.js";
import { sample } from "./distributions.js";
import { TrialRng } from "./random.js";

/**
 * greedy: every operation starts what capacity and material allow, arcs push what is in stock.
 * plan: the plan's starts and shipments, less whatever the trial's capacity or material cannot carry.
 * adaptive: the plan's routing, scaled by the trial's capacity where it plans through (so capacity
 *   above plan is used and below plan is not over-fed), target-bound shipments first; then a second
 *   pass puts leftover capacity and stock to work on the activities the plan uses in that period.
 */
export type Policy = "greedy" | "plan" | "adaptive";
export const POLICIES: readonly Policy[] = ["adaptive", "plan", "greedy"];

export interface KernelOptions {
  policy: Policy;
  /** Planned starts per operation and period, index o * T + t; required by `plan` and `adaptive`. */
  starts?: Float64Array | null;
  /** Planned shipments per arc and period, index a * T + t; optional for `plan` (without them arcs push), required by `adaptive`. */
  shipments?: Float64Array | null;
}

const U_CAPACITY = 0;
const U_RAMP_DELAY = 1;
const U_YIELD = 2;
const U_OP_LEAD = 3;
const U_LANE_CAPACITY = 4;
const U_LANE_LEAD = 5;
const U_USAGE = 6;
const U_PRICE = 7;
const MIN_YIELD = 1e-12;

export class SimKernel {
  readonly net: Network;
  readonly T: number;
  private readonly N: number;
  private readonly O: number;
  private readonly R: number;
  private readonly L: number;
  private readonly X: number;
  private readonly D: number;
  private readonly policy: Policy;
  private readonly plan: Float64Array | null;
  private readonly ships: Float64Array | null;

  // Structure, fixed for the kernel's life.
  /** Activities in execution order: o >= 0 is an operation, -1 - a an arc. */
  readonly order: Int32Array;
  /**
   * The activities of `order` that can act in pass p of period t: actList[actStart[p * T + t] ..
   * actStart[p * T + t + 1]), same order. Left out are those that, whatever the trial, would reach
   * their `continue` without touching any state: a banned arc, and under a plan an activity the plan
   * does not run then (see activityLists). Iterating these alone is the kernel's main saving.
   */
  private readonly actStart: Int32Array;
  private readonly actList: Int32Array;
  private readonly demandOrder: Int32Array;
  private readonly resSite: Int32Array;
  private readonly opHeadline: Uint8Array;
  private readonly opMilestone: Uint8Array;
  /** Per target g and operation o: USD of its measure per good unit out and per start; per demand d per unit delivered. */
  private readonly tGood: Float64Array;
  private readonly tStart: Float64Array;
  private readonly tDelivered: Float64Array;
  private readonly targetBy: Int32Array;
  /** 1 for an assembledValue target: its weights move with the price of the goods' demand. */
  private readonly targetAtPrice: Uint8Array;
  /** The demand whose price values each operation's output as a finished good, -1 where none. */
  private readonly opSaleDemand: Int32Array;
  /** Value added (content) per good unit and per start, onshore and everywhere. */
  private readonly onGood: Float64Array;
  private readonly onStart: Float64Array;
  private readonly allGood: Float64Array;
  private readonly allStart: Float64Array;
  private readonly milestoneQty: number;
  private readonly resDelayed: Uint8Array;
  private readonly uKind: Int32Array;
  private readonly uIndex: Int32Array;
  private readonly disSiteStart: Int32Array;
  private readonly disSite: Int32Array;
  private readonly disProb: Float64Array;
  private readonly laneCapBase: Float64Array;
  /** adaptive: the operation whose capacity gates o's flow (o itself, or a same-site consumer), -1 if none. */
  private readonly gateOp: Int32Array;
  /** adaptive: the gate operation at an arc's destination, -1 if none. */
  private readonly arcGate: Int32Array;
  /** Events whose length each trial draws (Network.scheduled): start, capacity kept, masks, drawn last period. */
  private readonly schedStart: Int32Array;
  private readonly schedKeep: Float64Array;
  private readonly schedRes: Uint8Array;
  private readonly schedArc: Uint8Array;
  private readonly schedEnd: Int32Array;

  // One trial's realisation, as drawn (drawParameters), before scatter puts it into the batch.
  private readonly capMult: Float64Array;
  private readonly rampDelay: Float64Array;
  private readonly yieldMult: Float64Array;
  private readonly leadAdd: Float64Array;
  private readonly laneCapMult: Float64Array;
  private readonly laneLeadAdd: Float64Array;
  private readonly usageMult: Float64Array;
  /** Per use j of operation o: opResQty[j] * usageMult[o], the divisor of o's capacity bound (same product, drawn once per trial). */
  private readonly resNeed: Float64Array;
  /** 1 where an operation's output counts toward some target (nonzero weight); else its weights add exact zeros, skipped. */
  private readonly opCounts: Uint8Array;
  /** 1 when this trial's price multipliers are all finite: then a zero weight times them is 0 and opCounts may skip. */
  private pricesFinite = 1;
  private readonly priceMult: Float64Array;
  private readonly opPriceMult: Float64Array;
  /** The trial's capacity of resources with a drawn ramp delay, index t * R + r. */
  private readonly cap: Float64Array;
  private readonly profile: Float64Array<ArrayBuffer>;
  private readonly lead: Int32Array;
  private readonly transit: Int32Array;
  private readonly laneCap: Float64Array;

  /** Trials run side by side (runBatch); every b-prefixed array holds trial b of item i at i * batchSize + b. */
  readonly batchSize: number;
  private readonly rngs: TrialRng[];
  // The batch's realisation.
  /**
   * The batch's capacity: base capacity times the trial's multiplier (bCapMult), worked out as each period
   * starts, except for resources whose ramp delay is drawn: their whole profile is kept, in slot
   * delaySlot[r] of bDelayedCap (index (t * delayed + slot) * B + b).
   */
  private readonly bCapMult: Float64Array;
  private readonly delaySlot: Int32Array;
  private readonly bDelayedCap: Float64Array;
  private readonly bYieldMult: Float64Array;
  private readonly bUsageMult: Float64Array;
  private readonly bResNeed: Float64Array;
  private readonly bPriceMult: Float64Array;
  private readonly bOpPriceMult: Float64Array;
  private readonly bPricesFinite: Uint8Array;
  private readonly bLead: Int32Array;
  private readonly bTransit: Int32Array;
  private readonly bLaneCap: Float64Array;
  private readonly bSchedEnd: Int32Array;

  // Execution state of the batch.
  private readonly bStock: Float64Array;
  /**
   * What arrives in period ta, in row ta & (rows - 1) of a ring of rows (a power of two above the batch's
   * longest lead time or transit): a batch's whole horizon would not stay in the cache.
   */
  private bArrivals: Float64Array;
  /** The stock points that something can reach with a lag (a lead time or transit above 0, or drawn): the only ones with arrivals. */
  private readonly lagNodes: Int32Array;
  private readonly bCapLeft: Float64Array;
  private readonly bLaneLeft: Float64Array;
  private readonly bSiteDown: Uint8Array;
  private readonly bDisLeft: Int32Array;
  /** t + 1 where a resource bound in period t (counted in bBoundPeriods once per period). */
  private readonly bResBound: Int32Array;
  private readonly bMilestoneOut: Float64Array;
  /** adaptive: realised over planned capacity of each operation's gate in the current period. */
  private readonly bScale: Float64Array;
  /** plan and adaptive: what the policy wants of each resource this period, and each operation's share of it. */
  private readonly bResWant: Float64Array;
  private readonly bCut: Float64Array;
  private readonly bWant: Float64Array;
  private readonly bByCap: Float64Array;
  private readonly bByMat: Float64Array;
  private readonly bBinding: Int32Array;
  private readonly bRun: Float64Array;

  // Outcomes of the batch (load copies one trial's into the public fields).
  private readonly bPeriodOutput: Float64Array;
  private readonly bPeriodDelivered: Float64Array;
  private readonly bTargetValue: Float64Array;
  private readonly bPeriodTargetValue: Float64Array;
  private readonly bBoundPeriods: Float64Array;
  private readonly bDisOccurred: Uint8Array;
  private readonly bDisStarts: Float64Array;
  private readonly bDisAtRisk: Float64Array;
  private readonly bDelivered: Float64Array;
  private readonly bOnshoreVA: Float64Array;
  private readonly bTotalVA: Float64Array;
  private readonly bMassProduction: Int32Array;

  // Outcome of the last trial (read by the aggregator).
  readonly periodOutput: Float64Array;
  readonly periodDelivered: Float64Array;
  /** Each target's measure by its period. */
  readonly targetValue: Float64Array;
  /** The first target's measure by period of arrival (for the fan chart). */
  readonly periodTargetValue: Float64Array;
  readonly boundPeriods: Float64Array;
  readonly disOccurred: Uint8Array;
  readonly disStarts: Float64Array;
  readonly disAtRisk: Float64Array;
  deliveredValue = 0;
  onshoreValueAdded = 0;
  totalValueAdded = 0;
  /** First period meeting the first milestone; T when never; -1 when the scenario has no milestone. */
  massProductionPeriod = -1;

  constructor(net: Network, opts: KernelOptions) {
    const T = net.T;
    this.net = net;
    this.T = T;
    const N = (this.N = net.nodeItem.length);
    const O = (this.O = net.operations.length);
    const R = (this.R = net.resources.length);
    const L = (this.L = net.lanes.length);
    const X = (this.X = net.disruptions.length);
    const D = (this.D = net.demands.length);
    const S = net.sites.length;
    const G = net.targets.length;
    const A = net.arcLane.length;
    this.policy = opts.policy;
    if (opts.policy !== "greedy") {
      if (!opts.starts || opts.starts.length !== O * T) throw new Error(`${opts.policy} policy needs starts of length O*T = ${O * T}`);
      this.plan = opts.starts;
      if (opts.shipments && opts.shipments.length !== A * T) throw new Error(`plan shipments need length A*T = ${A * T}`);
      if (opts.policy === "adaptive" && !opts.shipments) throw new Error("the adaptive policy needs the plan's shipments");
      this.ships = opts.shipments ?? null;
    } else {
      this.plan = null;
      this.ships = null;
    }

    this.gateOp = gateOperations(net);
    this.arcGate = Int32Array.from({ length: A }, (_, a) => {
      const dest = net.arcTo[a];
      for (let o = 0; o < O; o++) {
        for (let j = net.opInStart[o]; j < net.opInStart[o + 1]; j++) if (net.opInNode[j] === dest) return this.gateOp[o];
      }
      return -1;
    });
    this.order = opts.policy === "adaptive" ? targetFirstOrder(net, activityOrder(net)) : activityOrder(net);
    const lists = activityLists(net, this.order, opts.policy, this.plan, this.ships, this.arcGate);
    this.actStart = lists.start;
    this.actList = lists.list;
    this.demandOrder = Int32Array.from(
      net.demands.map((_, d) => d).sort((a, b) => net.demands[a].priority - net.demands[b].priority || a - b),
    );
    this.resSite = Int32Array.from(net.resources, (r) => r.site);
    const makes = (o: number, goal: { itemMask: Uint8Array; siteMask: Uint8Array }) => goal.itemMask[net.nodeItem[net.opOutNode[o]]] === 1 && goal.siteMask[net.operations[o].site] === 1;
    // Per-period output counts the first target's goods at its sites (else the first milestone's).
    const headline = net.targets.find((g) => g.items.length > 0) ?? net.milestones[0];
    this.opHeadline = Uint8Array.from(net.operations, (_, o) => (headline && makes(o, headline) ? 1 : 0));
    const milestone = net.milestones[0];
    this.opMilestone = Uint8Array.from(net.operations, (_, o) => (milestone && makes(o, milestone) ? 1 : 0));
    this.milestoneQty = milestone ? milestone.quantityPerPeriod : Number.POSITIVE_INFINITY;
    this.tGood = new Float64Array(G * O);
    this.tStart = new Float64Array(G * O);
    this.tDelivered = new Float64Array(G * D);
    net.targets.forEach((g, i) => {
      const w = measureWeights(net, g.measure, g);
      this.tGood.set(w.good, i * O);
      this.tStart.set(w.start, i * O);
      this.tDelivered.set(w.delivered, i * D);
    });
    this.targetBy = Int32Array.from(net.targets, (g) => g.by);
    this.targetAtPrice = Uint8Array.from(net.targets, (g) => (g.measure === "assembledValue" ? 1 : 0));
    this.opSaleDemand = Int32Array.from(net.operations, (_, o) => net.saleDemand[net.nodeItem[net.opOutNode[o]]]);
    const on = measureWeights(net, "contentValue", onshoreScope(net));
    const all = measureWeights(net, "contentValue", worldScope(net));
    this.onGood = on.good;
    this.onStart = on.start;
    this.allGood = all.good;
    this.allStart = all.start;
    this.uKind = Int32Array.from(net.uncertain, (u) => {
      if (u.on === "resource") return u.parameter === "rampDelay" ? U_RAMP_DELAY : U_CAPACITY;
      if (u.on === "operation") return u.parameter === "yield" ? U_YIELD : u.parameter === "usage" ? U_USAGE : U_OP_LEAD;
      if (u.on === "demand") return U_PRICE;
      return u.parameter === "capacity" ? U_LANE_CAPACITY : U_LANE_LEAD;
    });
    this.uIndex = Int32Array.from(net.uncertain, (u) => u.index);
    this.resDelayed = new Uint8Array(R);
    net.uncertain.forEach((u, k) => {
      if (this.uKind[k] === U_RAMP_DELAY) this.resDelayed[u.index] = 1;
    });
    const disSites: number[] = [];
    this.disSiteStart = new Int32Array(X + 1);
    net.disruptions.forEach((d, x) => {
      this.disSiteStart[x] = disSites.length;
      for (let s = 0; s < S; s++) if (d.siteMask[s]) disSites.push(s);
    });
    this.disSiteStart[X] = disSites.length;
    this.disSite = Int32Array.from(disSites);
    this.disProb = Float64Array.from(net.disruptions, (d) => d.probabilityPerPeriod);
    this.laneCapBase = Float64Array.from(net.lanes, (l) => l.capacity);

    this.capMult = new Float64Array(R);
    this.rampDelay = new Float64Array(R);
    this.yieldMult = new Float64Array(O);
    this.leadAdd = new Float64Array(O);
    this.laneCapMult = new Float64Array(L);
    this.laneLeadAdd = new Float64Array(L);
    this.usageMult = new Float64Array(O);
    this.resNeed = new Float64Array(net.opRes.length);
    this.opCounts = Uint8Array.from(net.operations, (_, o) => {
      for (let g = 0; g < G; g++) if (this.tGood[g * O + o] !== 0 || this.tStart[g * O + o] !== 0) return 1;
      return 0;
    });
    this.priceMult = new Float64Array(D);
    this.opPriceMult = new Float64Array(O);
    this.cap = new Float64Array(R * T);
    this.profile = new Float64Array(T);
    this.lead = new Int32Array(O);
    this.transit = new Int32Array(net.arcLane.length);
    this.laneCap = new Float64Array(L);

    const sched = net.scheduled ?? [];
    this.schedStart = Int32Array.from(sched, (e) => e.start);
    this.schedKeep = Float64Array.from(sched, (e) => 1 - e.fraction);
    this.schedRes = new Uint8Array(sched.length * R);
    this.schedArc = new Uint8Array(sched.length * A);
    sched.forEach((e, k) => {
      this.schedRes.set(e.resourceMask, k * R);
      this.schedArc.set(e.arcMask, k * A);
    });
    this.schedEnd = new Int32Array(sched.length);

    // A batch of 64 trials ran fastest on bench/sim (32: 1.05x slower, 256: 1.25x); fewer where the batch's
    // capacity profiles and stock would pass 32 MB (2^22 doubles), on networks of thousands of sites.
    const B = (this.batchSize = Math.max(1, Math.min(64, Math.floor(2 ** 22 / (T * (N + R) + 1)))));
    this.rngs = Array.from({ length: B }, () => new TrialRng());
    let delayed = 0;
    this.delaySlot = Int32Array.from(this.resDelayed, (d) => (d === 1 ? delayed++ : -1));
    this.bCapMult = new Float64Array(R * B);
    this.bDelayedCap = new Float64Array(T * delayed * B);
    this.bYieldMult = new Float64Array(O * B);
    this.bUsageMult = new Float64Array(O * B);
    this.bResNeed = new Float64Array(net.opRes.length * B);
    this.bPriceMult = new Float64Array(D * B);
    this.bOpPriceMult = new Float64Array(O * B);
    this.bPricesFinite = new Uint8Array(B);
    this.bLead = new Int32Array(O * B);
    this.bTransit = new Int32Array(A * B);
    this.bLaneCap = new Float64Array(L * B);
    this.bSchedEnd = new Int32Array(sched.length * B);
    this.bStock = new Float64Array(N * B);
    this.bArrivals = new Float64Array(N * B);
    const lagged = new Uint8Array(N);
    const drawnLead = new Uint8Array(O);
    const drawnTransit = new Uint8Array(L);
    net.uncertain.forEach((u, k) => {
      if (this.uKind[k] === U_OP_LEAD) drawnLead[u.index] = 1;
      if (this.uKind[k] === U_LANE_LEAD) drawnTransit[u.index] = 1;
    });
    for (let o = 0; o < O; o++) if (net.opLeadTime[o] > 0 || drawnLead[o] === 1) lagged[net.opOutNode[o]] = 1;
    for (let a = 0; a < A; a++) if (net.arcTransit[a] > 0 || drawnTransit[net.arcLane[a]] === 1) lagged[net.arcTo[a]] = 1;
    this.lagNodes = Int32Array.from(Array.from(lagged).flatMap((x, n) => (x === 1 ? [n] : [])));
    this.bCapLeft = new Float64Array(R * B);
    this.bLaneLeft = new Float64Array(L * B);
    this.bSiteDown = new Uint8Array(S * B);
    this.bDisLeft = new Int32Array(X * B);
    this.bResBound = new Int32Array(R * B);
    this.bMilestoneOut = new Float64Array(T * B);
    this.bScale = new Float64Array(O * B).fill(1);
    this.bResWant = new Float64Array(R * B);
    this.bCut = new Float64Array(O * B).fill(1);
    this.bWant = new Float64Array(B);
    this.bByCap = new Float64Array(B);
    this.bByMat = new Float64Array(B);
    this.bBinding = new Int32Array(B);
    this.bRun = new Float64Array(B);
    this.bPeriodOutput = new Float64Array(T * B);
    this.bPeriodDelivered = new Float64Array(T * B);
    this.bTargetValue = new Float64Array(G * B);
    this.bPeriodTargetValue = new Float64Array(T * B);
    this.bBoundPeriods = new Float64Array(R * B);
    this.bDisOccurred = new Uint8Array(X * B);
    this.bDisStarts = new Float64Array(X * B);
    this.bDisAtRisk = new Float64Array(X * B);
    this.bDelivered = new Float64Array(B);
    this.bOnshoreVA = new Float64Array(B);
    this.bTotalVA = new Float64Array(B);
    this.bMassProduction = new Int32Array(B);

    this.periodOutput = new Float64Array(T);
    this.periodDelivered = new Float64Array(T);
    this.targetValue = new Float64Array(G);
    this.periodTargetValue = new Float64Array(T);
    this.boundPeriods = new Float64Array(R);
    this.disOccurred = new Uint8Array(X);
    this.disStarts = new Float64Array(X);
    this.disAtRisk = new Float64Array(X);
  }

  /** Run trial `trial` of the stream `seed`; the outcome is left in the kernel's public fields. */
  run(seed: number, trial: number): void {
    this.runBatch(seed, trial, 1);
    this.load(0);
  }

  /**
   * Run trials first .. first + count - 1 (count <= batchSize) side by side; load(b) then puts trial
   * first + b's outcome in the public fields. Each trial draws from its own stream and keeps its own
   * state, and does the same arithmetic in the same order as alone: the outcome is bit-identical
   * whatever the batch (src/sim/kernel.equivalence.test.ts).
   */
  runBatch(seed: number, first: number, count: number): void {
    if (!(count >= 1 && count <= this.batchSize)) throw new RangeError(`a batch holds 1 to ${this.batchSize} trials`);
    for (let b = 0; b < count; b++) {
      const rng = this.rngs[b];
      rng.reset(seed, first + b);
      this.drawParameters(rng);
      this.scatter(b);
    }
    this.execute(count);
  }

  /** Trial b of the last batch: its outcome into the public fields. */
  load(b: number): void {
    const B = this.batchSize;
    const { T, R, X } = this;
    const G = this.targetValue.length;
    for (let t = 0; t < T; t++) {
      this.periodOutput[t] = this.bPeriodOutput[t * B + b];
      this.periodDelivered[t] = this.bPeriodDelivered[t * B + b];
      this.periodTargetValue[t] = this.bPeriodTargetValue[t * B + b];
    }
    for (let g = 0; g < G; g++) this.targetValue[g] = this.bTargetValue[g * B + b];
    for (let r = 0; r < R; r++) this.boundPeriods[r] = this.bBoundPeriods[r * B + b];
    for (let x = 0; x < X; x++) {
      this.disOccurred[x] = this.bDisOccurred[x * B + b];
      this.disStarts[x] = this.bDisStarts[x * B + b];
      this.disAtRisk[x] = this.bDisAtRisk[x * B + b];
    }
    this.deliveredValue = this.bDelivered[b];
    this.onshoreValueAdded = this.bOnshoreVA[b];
    this.totalValueAdded = this.bTotalVA[b];
    this.massProductionPeriod = this.bMassProduction[b];
  }

  private drawParameters(rng: TrialRng): void {
    const net = this.net;
    const { T, R, O, L } = this;
    this.capMult.fill(1);
    this.rampDelay.fill(0);
    this.yieldMult.fill(1);
    this.leadAdd.fill(0);
    this.laneCapMult.fill(1);
    this.laneLeadAdd.fill(0);
    this.usageMult.fill(1);
    this.priceMult.fill(1);
    const uncertain = net.uncertain;
    for (let k = 0; k < uncertain.length; k++) {
      const x = sample(uncertain[k].distribution, rng);
      const i = this.uIndex[k];
      switch (this.uKind[k]) {
        case U_CAPACITY:
          this.capMult[i] *= x;
          break;
        case U_RAMP_DELAY:
          this.rampDelay[i] += x;
          break;
        case U_YIELD:
          this.yieldMult[i] *= x;
          break;
        case U_OP_LEAD:
          this.leadAdd[i] += x;
          break;
        case U_LANE_CAPACITY:
          this.laneCapMult[i] *= x;
          break;
        case U_USAGE:
          this.usageMult[i] *= x > 0 ? x : 0;
          break;
        case U_PRICE:
          this.priceMult[i] *= x > 0 ? x : 0;
          break;
        default:
          this.laneLeadAdd[i] += x;
      }
    }
    const base = net.capacity;
    const cap = this.cap;
    // Only resources with a drawn ramp delay keep a profile per trial (see bDelayedCap); the others'
    // capacity is base times multiplier, worked out as each period starts.
    for (let r = 0; r < R; r++) {
      if (this.resDelayed[r] !== 1) continue;
      const m = this.capMult[r] > 0 ? this.capMult[r] : 0;
      const delay = Math.round(this.rampDelay[r]);
      if (delay !== 0) {
        const p = capacityProfile(net.capacityEvents[r], net.outages[r], T, delay, this.profile);
        for (let t = 0; t < T; t++) cap[t * R + r] = p[t] * m;
      } else {
        for (let t = 0; t < T; t++) cap[t * R + r] = base[r * T + t] * m;
      }
    }
    // Events of drawn length: drawn after every parameter, so a scenario without them keeps its streams.
    const sched = net.scheduled ?? [];
    for (let k = 0; k < sched.length; k++) {
      const d = Math.round(sample(sched[k].durationPeriods, rng));
      this.schedEnd[k] = this.schedStart[k] + (d > 1 ? d : 1) - 1;
    }
    for (let o = 0; o < O; o++) {
      const lt = net.opLeadTime[o] + Math.round(this.leadAdd[o]);
      this.lead[o] = lt > 0 ? lt : 0;
    }
    for (let a = 0; a < this.transit.length; a++) {
      const tr = net.arcTransit[a] + Math.round(this.laneLeadAdd[net.arcLane[a]]);
      this.transit[a] = tr > 0 ? tr : 0;
    }
    for (let o = 0; o < O; o++) {
      const d = this.opSaleDemand[o];
      this.opPriceMult[o] = d >= 0 ? this.priceMult[d] : 1;
      for (let j = net.opResStart[o]; j < net.opResStart[o + 1]; j++) this.resNeed[j] = net.opResQty[j] * this.usageMult[o];
    }
    this.pricesFinite = 1;
    for (let d = 0; d < this.D; d++) if (!(this.priceMult[d] < Number.POSITIVE_INFINITY)) this.pricesFinite = 0;
    for (let l = 0; l < L; l++) {
      const c = this.laneCapBase[l];
      const m = this.laneCapMult[l];
      this.laneCap[l] = c === Number.POSITIVE_INFINITY ? (m > 0 ? c : 0) : m > 0 ? c * m : 0;
    }
  }

  /** The trial just drawn, into column b of the batch's realisation. */
  private scatter(b: number): void {
    const B = this.batchSize;
    const { T, R, O, L, D } = this;
    const cap = this.cap;
    const delayed = this.bDelayedCap.length / (T * B);
    for (let r = 0; r < R; r++) {
      const m = this.capMult[r];
      // As drawParameters worked it out: cap[t * R + r] = base[r * T + t] * (m > 0 ? m : 0), bit for bit.
      this.bCapMult[r * B + b] = m > 0 ? m : 0;
      const slot = this.delaySlot[r];
      if (slot >= 0) for (let t = 0; t < T; t++) this.bDelayedCap[(t * delayed + slot) * B + b] = cap[t * R + r];
    }
    for (let o = 0; o < O; o++) {
      this.bYieldMult[o * B + b] = this.yieldMult[o];
      this.bUsageMult[o * B + b] = this.usageMult[o];
      this.bLead[o * B + b] = this.lead[o];
      this.bOpPriceMult[o * B + b] = this.opPriceMult[o];
    }
    for (let j = 0; j < this.resNeed.length; j++) this.bResNeed[j * B + b] = this.resNeed[j];
    for (let a = 0; a < this.transit.length; a++) this.bTransit[a * B + b] = this.transit[a];
    for (let l = 0; l < L; l++) this.bLaneCap[l * B + b] = this.laneCap[l];
    for (let d = 0; d < D; d++) this.bPriceMult[d * B + b] = this.priceMult[d];
    for (let k = 0; k < this.schedEnd.length; k++) this.bSchedEnd[k * B + b] = this.schedEnd[k];
    this.bPricesFinite[b] = this.pricesFinite;
  }

  /**
   * The horizon for trials 0 .. nb - 1 of the batch. Every per-trial array holds trial b of item i at
   * i * B + b, and each activity runs over the trials in its innermost loops: the activity's structure
   * (resources, inputs, quantities) is read once per batch instead of once per trial, and the loops over
   * trials run on contiguous memory (bench/sim: 1.35x the per-trial kernel it replaced).
   */
  private execute(nb: number): void {
    const net = this.net;
    const B = this.batchSize;
    const { T, N, R, X, O } = this;
    const INF = Number.POSITIVE_INFINITY;
    // Locals for everything the loops touch: V8 keeps them in registers.
    const stock = this.bStock;
    // The ring of arrivals: the longest lag of any trial in the batch, rounded up to a power of two.
    let lag = 0;
    for (let i = 0; i < O * B; i++) if (this.bLead[i] > lag && i % B < nb) lag = this.bLead[i];
    for (let i = 0; i < this.bTransit.length; i++) if (this.bTransit[i] > lag && i % B < nb) lag = this.bTransit[i];
    let rows = 1;
    while (rows <= lag && rows < 2 * T) rows *= 2;
    if (this.bArrivals.length < rows * N * B) this.bArrivals = new Float64Array(rows * N * B);
    const ring = rows - 1;
    const arrivals = this.bArrivals;
    const lagNodes = this.lagNodes;
    const capLeft = this.bCapLeft;
    const laneLeft = this.bLaneLeft;
    const siteDown = this.bSiteDown;
    const actStart = this.actStart;
    const actList = this.actList;
    const resNeed = this.bResNeed;
    const opCounts = this.opCounts;
    const pricesFinite = this.bPricesFinite;
    const boundPeriods = this.bBoundPeriods;
    const rngs = this.rngs;
    const disLeft = this.bDisLeft;
    const disAtRisk = this.bDisAtRisk;
    const disProb = this.disProb;
    const disStarts = this.bDisStarts;
    const disOccurred = this.bDisOccurred;
    const disSiteStart = this.disSiteStart;
    const disSite = this.disSite;
    const plan = this.plan;
    const ships = this.ships;
    const adaptive = this.policy === "adaptive";
    const scale = this.bScale;
    const gateOp = this.gateOp;
    const arcGate = this.arcGate;
    const capMult = this.bCapMult;
    const delaySlot = this.delaySlot;
    const delayedCap = this.bDelayedCap;
    const nDelayed = delayedCap.length / (T * B);
    const baseCap = net.capacity;
    const resSite = this.resSite;
    const resBound = this.bResBound;
    const opResStart = net.opResStart;
    const opRes = net.opRes;
    const opResQty = net.opResQty;
    const opInStart = net.opInStart;
    const opInNode = net.opInNode;
    const opInQty = net.opInQty;
    const opYield = net.opYield;
    const opOutQty = net.opOutQty;
    const opOutNode = net.opOutNode;
    const onGood = this.onGood;
    const onStart = this.onStart;
    const allGood = this.allGood;
    const allStart = this.allStart;
    const opHeadline = this.opHeadline;
    const opMilestone = this.opMilestone;
    const tGood = this.tGood;
    const tStart = this.tStart;
    const tDelivered = this.tDelivered;
    const targetBy = this.targetBy;
    const targetAtPrice = this.targetAtPrice;
    const usageMult = this.bUsageMult;
    const priceMult = this.bPriceMult;
    const opPriceMult = this.bOpPriceMult;
    const yieldMult = this.bYieldMult;
    const lead = this.bLead;
    const transit = this.bTransit;
    const arcFrom = net.arcFrom;
    const arcTo = net.arcTo;
    const arcLane = net.arcLane;
    const periodOutput = this.bPeriodOutput;
    const periodDelivered = this.bPeriodDelivered;
    const milestoneOut = this.bMilestoneOut;
    const targetValue = this.bTargetValue;
    const periodTargetValue = this.bPeriodTargetValue;
    const delivered = this.bDelivered;
    const onshoreVA = this.bOnshoreVA;
    const totalVA = this.bTotalVA;
    const demandOrder = this.demandOrder;
    const demandNode = net.demandNode;
    const demandQty = net.demandQty;
    const demandPrice = net.demandPrice;
    const nDem = demandOrder.length;
    const D = this.D;
    const G = targetBy.length;
    const A = arcLane.length;
    const schedStart = this.schedStart;
    const schedEnd = this.bSchedEnd;
    const schedKeep = this.schedKeep;
    const schedRes = this.schedRes;
    const schedArc = this.schedArc;
    const nSched = schedStart.length;
    // Per activity and trial: what the policy wants, the bounds by capacity and material, the resource
    // that binds, and the starts or shipment (0: none).
    const want = this.bWant;
    const byCap = this.bByCap;
    const byMat = this.bByMat;
    const binding = this.bBinding;
    const run = this.bRun;
    const NB = N * B;

    const initial = net.initialStock;
    for (let n = 0; n < N; n++) for (let b = 0; b < nb; b++) stock[n * B + b] = initial[n];
    // arrivals is all zeros here: each period's row is zeroed as it is taken into stock, and nothing
    // arrives past the horizon. A lag of T or more arrives past it too, so rows < 2T is enough.
    disLeft.fill(0);
    periodOutput.fill(0);
    periodDelivered.fill(0);
    milestoneOut.fill(0);
    targetValue.fill(0);
    periodTargetValue.fill(0);
    boundPeriods.fill(0);
    disOccurred.fill(0);
    disStarts.fill(0);
    disAtRisk.fill(0);
    delivered.fill(0);
    onshoreVA.fill(0);
    totalVA.fill(0);

    resBound.fill(0);
    for (let t = 0; t < T; t++) {
      const mark = t + 1;
      // Disruptions: one that is not under way starts with its probability and lasts a drawn duration.
      if (X > 0) {
        siteDown.fill(0);
        for (let x = 0; x < X; x++) {
          const s0 = disSiteStart[x];
          const s1 = disSiteStart[x + 1];
          for (let b = 0; b < nb; b++) {
            const i = x * B + b;
            let active = false;
            if (disLeft[i] > 0) {
              disLeft[i]--;
              active = true;
            } else {
              disAtRisk[i]++;
              const rng = rngs[b];
              if (rng.uniform() < disProb[x]) {
                const d = Math.round(sample(net.disruptions[x].durationPeriods, rng));
                disLeft[i] = (d > 1 ? d : 1) - 1;
                disStarts[i]++;
                disOccurred[i] = 1;
                active = true;
              }
            }
            if (active) for (let k = s0; k < s1; k++) siteDown[disSite[k] * B + b] = 1;
          }
        }
      }
      for (let r = 0; r < R; r++) {
        const rb = r * B;
        const sb = resSite[r] * B;
        const slot = delaySlot[r];
        if (slot >= 0) {
          const row = (t * nDelayed + slot) * B;
          for (let b = 0; b < nb; b++) capLeft[rb + b] = delayedCap[row + b];
        } else {
          const base = baseCap[r * T + t];
          for (let b = 0; b < nb; b++) capLeft[rb + b] = base * capMult[rb + b];
        }
        if (X > 0) for (let b = 0; b < nb; b++) if (siteDown[sb + b] === 1) capLeft[rb + b] = 0;
      }
      for (let k = 0; k < nSched; k++) {
        if (t < schedStart[k]) continue;
        for (let b = 0; b < nb; b++) {
          if (t > schedEnd[k * B + b]) continue;
          for (let r = 0; r < R; r++) if (schedRes[k * R + r] === 1) capLeft[r * B + b] *= schedKeep[k];
        }
      }
      laneLeft.set(this.bLaneCap);
      const at = (t & ring) * NB;
      for (let k = 0; k < lagNodes.length; k++) {
        const nb0 = lagNodes[k] * B;
        for (let b = 0; b < nb; b++) {
          stock[nb0 + b] += arrivals[at + nb0 + b];
          arrivals[at + nb0 + b] = 0;
        }
      }
      if (adaptive) {
        // Realised over planned capacity of each operation's gate this period (1 where the plan has none).
        for (let o = 0; o < O; o++) {
          const g = gateOp[o];
          const ob = o * B;
          for (let b = 0; b < nb; b++) {
            let f = INF;
            if (g >= 0) {
              for (let j = opResStart[g]; j < opResStart[g + 1]; j++) {
                const r = opRes[j];
                const base = baseCap[r * T + t];
                const c = capLeft[r * B + b];
                if (base > 0 && c / base < f) f = c / base;
              }
            }
            scale[ob + b] = f === INF ? 1 : f;
          }
        }
      }

      // When the trial's capacity falls short of what the policy wants of a resource, every operation
      // using it gets the same share of its want (not first come, first served): the plan's mix holds.
      const cut = this.bCut;
      if (plan !== null) {
        const resWant = this.bResWant;
        resWant.fill(0);
        for (let o = 0; o < O; o++) {
          const p = plan[o * T + t];
          // p * scale with scale >= 0 and finite: not > 0 unless p is.
          if (!(p > 0)) continue;
          const ob = o * B;
          for (let j = opResStart[o]; j < opResStart[o + 1]; j++) {
            const rb = opRes[j] * B;
            const q = opResQty[j];
            for (let b = 0; b < nb; b++) {
              const w = adaptive ? p * scale[ob + b] : p;
              if (!(w > 0)) continue;
              resWant[rb + b] += w * q * usageMult[ob + b];
            }
          }
        }
        for (let o = 0; o < O; o++) {
          const ob = o * B;
          for (let b = 0; b < nb; b++) cut[ob + b] = 1;
          for (let j = opResStart[o]; j < opResStart[o + 1]; j++) {
            const rb = opRes[j] * B;
            for (let b = 0; b < nb; b++) {
              const i = rb + b;
              if (resWant[i] > capLeft[i]) {
                // realised capacity short of what the policy wants of it
                if (resBound[i] !== mark) {
                  resBound[i] = mark;
                  boundPeriods[i]++;
                }
                const share = capLeft[i] / resWant[i];
                if (share < cut[ob + b]) cut[ob + b] = share;
              }
            }
          }
        }
      }

      // Pass 1 follows the plan (scaled by the trial's capacity under `adaptive`); pass 2 (adaptive only)
      // puts what is left of capacity and stock to work on what the plan runs this period.
      const passes = adaptive ? 2 : 1;
      for (let pass = 0; pass < passes; pass++) {
        const upside = pass === 1;
        const k1 = actStart[pass * T + t + 1];
        for (let k = actStart[pass * T + t]; k < k1; k++) {
          const v = actList[k];
          if (v >= 0) {
            // An operation: as many starts as capacity, material and the policy allow.
            const o = v;
            const ob = o * B;
            let capped = false;
            if (plan !== null) {
              const p = plan[o * T + t];
              if (upside) {
                if (!(p > 0)) continue;
              } else {
                capped = true;
                for (let b = 0; b < nb; b++) want[b] = (adaptive ? p * scale[ob + b] : p) * cut[ob + b];
              }
            }
            const r0 = opResStart[o];
            const r1 = opResStart[o + 1];
            const i0 = opInStart[o];
            const i1 = opInStart[o + 1];
            // The tightest resource and input: the first of each sets the bound (as a comparison with
            // INF would), the others lower it.
            if (r0 === r1) {
              byCap.fill(INF, 0, nb);
              binding.fill(-1, 0, nb);
            }
            for (let j = r0; j < r1; j++) {
              const r = opRes[j];
              const rb = r * B;
              const jb = j * B;
              if (j === r0) {
                for (let b = 0; b < nb; b++) {
                  const c = capLeft[rb + b] / resNeed[jb + b];
                  const less = c < INF;
                  byCap[b] = less ? c : INF;
                  binding[b] = less ? r : -1;
                }
                continue;
              }
              for (let b = 0; b < nb; b++) {
                const c = capLeft[rb + b] / resNeed[jb + b];
                if (c < byCap[b]) {
                  byCap[b] = c;
                  binding[b] = r;
                }
              }
            }
            if (i0 === i1) byMat.fill(INF, 0, nb);
            for (let j = i0; j < i1; j++) {
              const nbase = opInNode[j] * B;
              const q = opInQty[j];
              if (j === i0) {
                for (let b = 0; b < nb; b++) {
                  const m = stock[nbase + b] / q;
                  byMat[b] = m < INF ? m : INF;
                }
                continue;
              }
              for (let b = 0; b < nb; b++) {
                const m = stock[nbase + b] / q;
                if (m < byMat[b]) byMat[b] = m;
              }
            }
            let any = false;
            for (let b = 0; b < nb; b++) {
              const bc = byCap[b];
              const bm = byMat[b];
              const w = capped ? want[b] : INF;
              let s = bc < bm ? bc : bm;
              if (w < s) s = w;
              if (binding[b] >= 0 && bc <= bm && bc < w) {
                const i = binding[b] * B + b;
                if (resBound[i] !== mark) {
                  resBound[i] = mark;
                  boundPeriods[i]++;
                }
              }
              if (!(s > 0) || s === INF) run[b] = 0; // nothing limits it: see docs
              else {
                run[b] = s;
                any = true;
              }
            }
            if (!any) continue;
            for (let j = r0; j < r1; j++) {
              const rb = opRes[j] * B;
              const q = opResQty[j];
              for (let b = 0; b < nb; b++) {
                const s = run[b];
                if (s === 0) continue;
                const left = capLeft[rb + b] - s * q * usageMult[ob + b];
                capLeft[rb + b] = left > 0 ? left : 0;
              }
            }
            for (let j = i0; j < i1; j++) {
              const nbase = opInNode[j] * B;
              const q = opInQty[j];
              for (let b = 0; b < nb; b++) {
                const s = run[b];
                if (s === 0) continue;
                const left = stock[nbase + b] - s * q;
                stock[nbase + b] = left > 0 ? left : 0;
              }
            }
            const yT = opYield[o * T + t];
            const outQty = opOutQty[o];
            const out = opOutNode[o] * B;
            const aG = allGood[o];
            const aS = allStart[o];
            const oG = onGood[o];
            const oS = onStart[o];
            const headline = opHeadline[o] === 1;
            const milestone = opMilestone[o] === 1;
            const counts = opCounts[o] === 1;
            for (let b = 0; b < nb; b++) {
              const s = run[b];
              if (s === 0) continue;
              let y = yT * yieldMult[ob + b];
              if (y > 1) y = 1;
              else if (!(y >= MIN_YIELD)) y = MIN_YIELD;
              const good = s * outQty * y;
              const ta = t + lead[ob + b];
              if (ta >= T) continue; // made after the horizon: counts nowhere
              totalVA[b] += good * aG + s * aS;
              onshoreVA[b] += good * oG + s * oS;
              if (ta === t) stock[out + b] += good;
              else arrivals[(ta & ring) * NB + out + b] += good;
              if (headline) periodOutput[ta * B + b] += good;
              if (milestone) milestoneOut[ta * B + b] += good;
              if (!counts && pricesFinite[b] === 1) continue;
              for (let g = 0; g < G; g++) {
                const w = good * tGood[g * O + o] * (targetAtPrice[g] === 1 ? opPriceMult[ob + b] : 1) + s * tStart[g * O + o];
                if (w === 0) continue;
                if (ta <= targetBy[g]) targetValue[g * B + b] += w;
                if (g === 0) periodTargetValue[ta * B + b] += w;
              }
            }
          } else {
            // An arc: ship what is in stock, within the lane's remaining capacity, unless banned.
            const a = -1 - v;
            let p = INF;
            let gate = -1;
            if (ships !== null) {
              p = ships[a * T + t];
              if (upside) {
                if (!(p > 0) && arcGate[a] >= 0) continue;
                p = INF;
              } else if (adaptive) gate = arcGate[a];
            }
            const from = arcFrom[a] * B;
            const lane = arcLane[a] * B;
            const to = arcTo[a] * B;
            const ab = a * B;
            for (let b = 0; b < nb; b++) {
              if (nSched > 0 && closedBySchedule(schedStart, schedEnd, schedArc, A, B, a, t, b)) continue;
              const w = gate >= 0 ? p * scale[gate * B + b] : p;
              let q = stock[from + b];
              if (laneLeft[lane + b] < q) q = laneLeft[lane + b];
              if (w < q) q = w;
              if (!(q > 0)) continue;
              stock[from + b] -= q;
              laneLeft[lane + b] -= q;
              const ta = t + transit[ab + b];
              if (ta === t) stock[to + b] += q;
              else if (ta < T) arrivals[(ta & ring) * NB + to + b] += q;
            }
          }
        }
      }

      // Demand, by priority; what is not served in its period is lost, not backlogged.
      for (let k = 0; k < nDem; k++) {
        const d = demandOrder[k];
        const nbase = demandNode[d] * B;
        const wantQ = demandQty[d * T + t];
        const price = demandPrice[d];
        const db = d * B;
        for (let b = 0; b < nb; b++) {
          const have = stock[nbase + b];
          const q = have < wantQ ? have : wantQ;
          if (!(q > 0)) continue;
          stock[nbase + b] -= q;
          const pm = priceMult[db + b];
          const value = q * price * pm;
          delivered[b] += value;
          periodDelivered[t * B + b] += value;
          for (let g = 0; g < G; g++) {
            const w = q * tDelivered[g * D + d] * pm;
            if (w === 0) continue;
            if (t <= targetBy[g]) targetValue[g * B + b] += w;
            if (g === 0) periodTargetValue[t * B + b] += w;
          }
        }
      }
    }

    for (let b = 0; b < nb; b++) {
      if (net.milestones.length === 0) this.bMassProduction[b] = -1;
      else {
        let mp = T;
        const need = this.milestoneQty * (1 - 1e-12);
        for (let t = 0; t < T; t++) {
          if (milestoneOut[t * B + b] >= need) {
            mp = t;
            break;
          }
        }
        this.bMassProduction[b] = mp;
      }
    }
  }
}

/** Whether a drawn-length event closes arc a in period t for trial b of a batch of B. */
function closedBySchedule(start: Int32Array, end: Int32Array, arcMask: Uint8Array, A: number, B: number, a: number, t: number, b: number): boolean {
  for (let k = 0; k < start.length; k++) if (t >= start[k] && t <= end[k * B + b] && arcMask[k * A + a] === 1) return true;
  return false;
}

/**
 * Per pass and period, the activities of `order` that may act (see SimKernel.actList). Exactness: an
 * activity is left out only where the old full scan reached its `continue` with no side effect:
 * - an arc banned in period t (checked first, before anything else);
 * - pass 1 (adaptive upside): an operation whose plan is not > 0, an arc whose plan is not > 0 and
 *   that has a gate (the pass's own tests);
 * - pass 0 under a plan: an operation or a planned arc whose planned quantity p <= 0 (NaN stays): its
 *   want is p times non-negative factors, so at most 0, and it starts or ships nothing. An operation
 *   could still mark a resource bound when its capacity ratio fell below 0; that needs a negative
 *   capacity, quantity or capacity kept, which the schema rejects, and is checked here (else no operation
 *   is left out).
 */
export function activityLists(
  net: Network,
  order: Int32Array,
  policy: Policy,
  plan: Float64Array | null,
  ships: Float64Array | null,
  arcGate: Int32Array,
): { start: Int32Array; list: Int32Array } {
  const T = net.T;
  const passes = policy === "adaptive" ? 2 : 1;
  let capsNonNegative = true;
  for (let i = 0; i < net.capacity.length; i++) if (!(net.capacity[i] >= 0)) capsNonNegative = false;
  for (let j = 0; j < net.opResQty.length; j++) if (!(net.opResQty[j] > 0)) capsNonNegative = false;
  for (const e of net.scheduled ?? []) if (!(e.fraction <= 1)) capsNonNegative = false;
  // A drawn ramp delay rebuilds capacity from the events: their levels must be non-negative too.
  for (const evs of net.capacityEvents) for (const e of evs) if (!(e.from >= 0 && e.to >= 0)) capsNonNegative = false;
  for (const outs of net.outages) for (const o of outs) if (!(o.fraction <= 1)) capsNonNegative = false;
  const start = new Int32Array(passes * T + 1);
  const list: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (let t = 0; t < T; t++) {
      start[pass * T + t] = list.length;
      for (let k = 0; k < order.length; k++) {
        const v = order[k];
        if (v >= 0) {
          if (plan !== null) {
            const p = plan[v * T + t];
            if (pass === 1 && !(p > 0)) continue;
            if (pass === 0 && capsNonNegative && p <= 0) continue;
          }
        } else {
          const a = -1 - v;
          if (net.arcBanned[a * T + t] === 1) continue;
          if (ships !== null) {
            const p = ships[a * T + t];
            if (pass === 1 && !(p > 0) && arcGate[a] >= 0) continue;
            if (pass === 0 && p <= 0) continue;
          }
        }
        list.push(v);
      }
    }
  }
  start[passes * T] = list.length;
  return { start, list: Int32Array.from(list) };
}

/**
 * The operation whose capacity gates each operation's flow: itself when it uses a resource, else the
 * first capacity-using consumer of its output at the same site (superchips feed trays feed the rack
 * line); -1 when none. The adaptive policy scales an operation's plan by its gate's realised capacity.
 */
export function gateOperations(net: Network): Int32Array {
  const O = net.operations.length;
  const consumers: number[][] = Array.from({ length: net.nodeItem.length }, () => []);
  for (let o = 0; o < O; o++) for (let j = net.opInStart[o]; j < net.opInStart[o + 1]; j++) consumers[net.opInNode[j]].push(o);
  const gate = new Int32Array(O).fill(-2); // -2: not yet known
  const visit = (o: number, depth: number): number => {
    if (gate[o] !== -2) return gate[o];
    if (net.opResStart[o + 1] > net.opResStart[o]) return (gate[o] = o);
    gate[o] = -1; // guards against a cycle, which the scenario checks reject
    if (depth > O) return -1;
    for (const c of consumers[net.opOutNode[o]]) {
      const g = visit(c, depth + 1);
      if (g >= 0) return (gate[o] = g);
    }
    return -1;
  };
  for (let o = 0; o < O; o++) visit(o, 0);
  return gate;
}

/**
 * The activity order with each stock point's outgoing arcs side by side (at the first one's place),
 * those feeding the first target at their destination first, so that when stock is short the target
 * is served before the rest. Arcs from one stock point depend only on its producers, so moving them
 * together keeps every producer before its consumers.
 */
export function targetFirstOrder(net: Network, order: Int32Array): Int32Array {
  const O = net.operations.length;
  const g0 = net.targets[0];
  const feeds = new Uint8Array(net.nodeItem.length);
  if (g0) {
    const w = measureWeights(net, g0.measure, g0);
    for (let d = 0; d < net.demands.length; d++) if (w.delivered[d] > 0) feeds[net.demandNode[d]] = 1;
    // A node feeds the target when a same-site consumer counts toward it or feeds a node that does.
    for (let round = 0; round <= O; round++) {
      let changed = false;
      for (let o = 0; o < O; o++) {
        const counts = w.good[o] > 0 || feeds[net.opOutNode[o]] === 1;
        if (!counts) continue;
        for (let j = net.opInStart[o]; j < net.opInStart[o + 1]; j++) {
          if (feeds[net.opInNode[j]] === 0) {
            feeds[net.opInNode[j]] = 1;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
  }
  const bySource = new Map<number, number[]>();
  for (const v of order) {
    if (v >= 0) continue;
    const a = -1 - v;
    const list = bySource.get(net.arcFrom[a]) ?? [];
    list.push(v);
    bySource.set(net.arcFrom[a], list);
  }
  const out: number[] = [];
  for (const v of order) {
    if (v >= 0) {
      out.push(v);
      continue;
    }
    const from = net.arcFrom[-1 - v];
    const group = bySource.get(from);
    if (!group) continue; // already placed with its node's first arc
    bySource.delete(from);
    const rank = (x: number) => feeds[net.arcTo[-1 - x]];
    out.push(...group.map((x, i) => ({ x, i })).sort((p, q) => rank(q.x) - rank(p.x) || p.i - q.i).map((p) => p.x));
  }
  return Int32Array.from(out);
}

/**
 * Execution order within a period: every producer of a stock point (operation or arc) runs before
 * anything that draws from it, and operations drawing from a stock point run before arcs shipping
 * out of it. Kahn's algorithm with ties broken by index (operations first); a cycle, which the
 * scenario checks reject, would leave its activities at the end in index order.
 */
export function activityOrder(net: Network): Int32Array {
  const O = net.operations.length;
  const A = net.arcLane.length;
  const V = O + A;
  const N = net.nodeItem.length;
  const drawsFrom: number[][] = Array.from({ length: N }, () => []);
  const outOf = (v: number) => (v < O ? net.opOutNode[v] : net.arcTo[v - O]);
  for (let o = 0; o < O; o++) for (let j = net.opInStart[o]; j < net.opInStart[o + 1]; j++) drawsFrom[net.opInNode[j]].push(o);
  for (let a = 0; a < A; a++) drawsFrom[net.arcFrom[a]].push(O + a);
  const edges: number[][] = Array.from({ length: V }, () => []);
  const indegree = new Int32Array(V);
  const link = (x: number, y: number) => {
    edges[x].push(y);
    indegree[y]++;
  };
  for (let v = 0; v < V; v++) for (const w of drawsFrom[outOf(v)]) if (w !== v) link(v, w);
  for (let n = 0; n < N; n++) {
    const ops = drawsFrom[n].filter((w) => w < O);
    const arcs = drawsFrom[n].filter((w) => w >= O);
    for (const o of ops) for (const a of arcs) link(o, a);
  }
  const order: number[] = [];
  const done = new Uint8Array(V);
  // A small binary heap would be faster; networks have at most thousands of activities.
  const ready: number[] = [];
  for (let v = 0; v < V; v++) if (indegree[v] === 0) ready.push(v);
  while (ready.length > 0) {
    ready.sort((x, y) => x - y);
    const v = ready.shift() as number;
    order.push(v);
    done[v] = 1;
    for (const w of edges[v]) if (--indegree[w] === 0) ready.push(w);
  }
  for (let v = 0; v < V; v++) if (!done[v]) order.push(v);
  return Int32Array.from(order, (v) => (v < O ? v : -1 - (v - O)));
}
