// Concurrent planning: one planning LP kept in HiGHS, and each what-if (an edited scenario, events with
// or without foresight) answered by changing the kept model's bounds and costs and re-solving the
// planner's stages from their last bases, instead of building and solving from scratch. The LP of the
// edited network is built as a cold plan would build it; when its matrix is the kept one's (capacities,
// demand quantities and prices, lane bans, tariffs: every event kind, and every edit of those figures),
// only the bounds and costs that differ are changed, so the warm model is the cold one and the answer is
// the cold plan's. Any other edit (a yield, a lead time, a new site) changes the matrix: the model is
// rebuilt and solved cold, and the answer says so. What it does not do: the limits' +10% re-solves.
//
// Events as a surprise follow planWithEvents (src/plan/replan.ts) on the full horizon: the periods before
// an event's start are fixed at the plan as it was (which is the stock and pipeline a shifted re-plan
// starts from), and the rest is re-planned with the events known by then.
import { applyEvents, type Network, resolveEvent, type ScenarioEvent } from "../model/index.js";
import type { LpModel } from "./highs.js";
import type { Objective } from "./lp.js";
import { openPlanSession, type PlanResult, type Prepared, prepare, type StageBases, solveStages } from "./plan.js";
import type { Replan } from "./replan.js";
import type { LpSession } from "./session.js";

export interface WhatIfOptions {
  /** Default: max-target when the scenario has a target, else max-value (meet-demand is not kept). */
  objective?: Exclude<Objective, "meet-demand">;
  timeLimitSeconds?: number;
}

export interface WhatIfSolveOptions {
  /** Dated events in force (as in executeRun). */
  events?: readonly ScenarioEvent[];
  /** The events are known in advance instead of coming as a surprise. */
  foresight?: boolean;
}

export interface WhatIfResult {
  /** The plan as `plan()` gives it, without the limits' re-solves (`limits` lists are empty). */
  plan: PlanResult;
  events: { foresight: boolean; replans: Replan[] };
  /** Re-solved from the kept model's bases after changing bounds and costs; false when it was solved cold. */
  warm: boolean;
  /** Why it was solved cold, when it was. */
  coldReason: string | null;
  /** Bounds (rows, columns) and costs changed in the kept model for this answer. */
  changed: { rows: number; cols: number; costs: number };
  /** LP solves and simplex iterations this answer took (0 when the base plan was reused). */
  solves: number;
  iterations: number;
}

export interface WhatIf {
  /** The answer for the network it was opened on (solved cold). */
  readonly first: WhatIfResult;
  solve(net: Network, options?: WhatIfSolveOptions): Promise<WhatIfResult>;
  /** Frees the HiGHS model. */
  dispose(): void;
}

interface Bounds {
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  colCost: Float64Array;
}

/** The last plan of an unfixed LP (no periods held), kept for reuse and as the start of later solves. */
interface BaseSolve {
  model: LpModel;
  result: PlanResult;
  colValue: Float64Array | undefined;
  bases: StageBases;
}

const copyBounds = (m: LpModel): Bounds => ({ colLower: m.colLower.slice(), colUpper: m.colUpper.slice(), rowLower: m.rowLower.slice(), rowUpper: m.rowUpper.slice(), colCost: m.colCost.slice() });

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Same columns, rows and coefficients: only bounds and costs may differ. */
function sameMatrix(a: LpModel, b: LpModel): boolean {
  return a.numCols === b.numCols && a.numRows === b.numRows && a.sense === b.sense && sameArray(a.starts, b.starts) && sameArray(a.indices, b.indices) && sameArray(a.values, b.values);
}

const sameBounds = (a: Bounds, b: Bounds) => sameArray(a.colLower, b.colLower) && sameArray(a.colUpper, b.colUpper) && sameArray(a.rowLower, b.rowLower) && sameArray(a.rowUpper, b.rowUpper) && sameArray(a.colCost, b.colCost);

export async function openWhatIf(net: Network, options: WhatIfOptions = {}): Promise<WhatIf> {
  let prep = prepare(net, options);
  let session: LpSession = await openPlanSession(prep.built.model, options.timeLimitSeconds);
  // The bounds and costs now in HiGHS.
  let current = copyBounds(prep.built.model);
  let last: BaseSolve | null = null;

  /** Makes the kept model's bounds those of `want`; counts what changed. */
  const sync = (want: Bounds): WhatIfResult["changed"] => {
    const cols: number[] = [];
    const rows: number[] = [];
    for (let j = 0; j < want.colLower.length; j++) if (want.colLower[j] !== current.colLower[j] || want.colUpper[j] !== current.colUpper[j]) cols.push(j);
    for (let i = 0; i < want.rowLower.length; i++) if (want.rowLower[i] !== current.rowLower[i] || want.rowUpper[i] !== current.rowUpper[i]) rows.push(i);
    let costs = 0;
    for (let j = 0; j < want.colCost.length; j++) if (want.colCost[j] !== current.colCost[j]) costs++;
    if (cols.length) session.setColBounds(cols, cols.map((j) => want.colLower[j]), cols.map((j) => want.colUpper[j]));
    if (rows.length) session.setRowBounds(rows, rows.map((i) => want.rowLower[i]), rows.map((i) => want.rowUpper[i]));
    // The stages set the costs themselves (value, then target, then value): nothing to do for them here.
    current = { colLower: want.colLower.slice(), colUpper: want.colUpper.slice(), rowLower: want.rowLower.slice(), rowUpper: want.rowUpper.slice(), colCost: want.colCost.slice() };
    return { rows: rows.length, cols: cols.length, costs };
  };

  /** A model of another shape replaces the kept one (solved cold). */
  const reopen = async (next: Prepared) => {
    session.dispose();
    prep = next;
    session = await openPlanSession(next.built.model, options.timeLimitSeconds);
    current = copyBounds(next.built.model);
    last = null;
  };

  /** A plan of `target` with no periods held: reused when the LP is the last one's, else re-solved warm (or cold after a change of shape). */
  const solvePlain = async (target: Network): Promise<{ base: BaseSolve; answer: Omit<WhatIfResult, "plan" | "events"> }> => {
    const next = prepare(target, options);
    const model = next.built.model;
    if (last && sameMatrix(model, prep.built.model) && sameBounds(model, last.model)) {
      return { base: last, answer: { warm: true, coldReason: null, changed: { rows: 0, cols: 0, costs: 0 }, solves: 0, iterations: 0 } };
    }
    let coldReason: string | null = null;
    if (!sameMatrix(model, prep.built.model)) {
      coldReason = "the edit changes the LP's coefficients or size (not only capacities, demand, prices, lanes or tariffs): rebuilt and solved cold";
      await reopen(next);
    }
    const warm = coldReason === null ? (last?.bases ?? undefined) : undefined;
    const before = session.iterations;
    const changed = sync(copyBounds(model));
    const staged = await solveStages(target, next, session, model, { timeLimitSeconds: options.timeLimitSeconds, warm });
    prep = next;
    const base: BaseSolve = { model, result: staged.result, colValue: staged.colValue, bases: staged.colValue ? staged.bases : (last?.bases ?? {}) };
    if (staged.colValue) last = base;
    return { base, answer: { warm: warm !== undefined, coldReason: warm !== undefined ? null : (coldReason ?? "the first plan of a kept model"), changed, solves: staged.solves, iterations: session.iterations - before } };
  };

  const solve = async (net: Network, opts: WhatIfSolveOptions = {}): Promise<WhatIfResult> => {
    const events = opts.events ?? [];
    const foresight = opts.foresight === true;
    if (events.length === 0 || foresight) {
      const { base, answer } = await solvePlain(events.length ? applyEvents(net, events) : net);
      const plan = events.length ? withNote(base.result, `events known in advance (foresight): ${events.map((e) => e.id).join(", ")}`) : base.result;
      return { plan, events: { foresight, replans: [] }, ...answer };
    }
    // A surprise: the plan made without the events, then re-planned from each distinct start.
    const { base, answer } = await solvePlain(net);
    if (base.result.status !== "optimal" || !base.colValue) return { plan: base.result, events: { foresight, replans: [] }, ...answer };
    const resolved = events.map((e) => resolveEvent(net, e)).filter((e) => e.start <= e.end);
    const starts = [...new Set(resolved.map((e) => e.start))].sort((a, b) => a - b);
    let x = base.colValue;
    let plan = base.result;
    const replans: Replan[] = [];
    const before = session.iterations;
    let solves = answer.solves;
    const changed = { ...answer.changed };
    for (const s of starts) {
      const known = resolved.filter((e) => e.start <= s).map((e) => e.event);
      const netK = applyEvents(net, known);
      const next = prepare(netK, options);
      if (!sameMatrix(next.built.model, prep.built.model)) throw new Error("an event changed the planning LP's shape"); // events change bounds and costs only
      const want = heldBefore(next, x, s);
      const c = sync(want);
      changed.rows += c.rows;
      changed.cols += c.cols;
      changed.costs += c.costs;
      const model = { ...next.built.model, ...want };
      const staged = await solveStages(netK, next, session, model, { timeLimitSeconds: options.timeLimitSeconds, warm: base.bases });
      solves += staged.solves;
      plan = staged.result;
      if (plan.status !== "optimal" || !staged.colValue) {
        plan = withNote(plan, `the re-plan from ${net.periods[s]} after ${known.map((e) => e.id).join(", ")} ended ${plan.status}`);
        break;
      }
      x = staged.colValue;
      replans.push({ from: net.periods[s], events: known.map((e) => e.id) });
    }
    if (plan.status === "optimal") {
      // The cost-driven comparison is that of the last re-plan with the past held: not comparable whole.
      plan = withNote({ ...plan, costRouted: null }, `events as a surprise: planned without them, re-planned from ${replans.map((r) => `${r.from} (${r.events.join(", ")})`).join(", ")} with the stock as it stood`);
    }
    return { plan, events: { foresight, replans }, warm: answer.warm, coldReason: answer.coldReason, changed, solves, iterations: answer.iterations + session.iterations - before };
  };

  const first = await solve(net);
  return { first, solve, dispose: () => session.dispose() };
}

const withNote = (p: PlanResult, note: string): PlanResult => ({ ...p, notes: [...p.notes, note] });

/**
 * The LP's bounds with every period before `s` held at the plan `x` (starts, shipments, stock,
 * deliveries): what a re-plan from `s` with the stock and pipeline as they stand sees. The smoothing rows
 * into `s` are freed and the finished goods left unsold are capped by the stock at `s`, as in the
 * shifted network of planWithEvents, which has no period before `s`.
 */
function heldBefore(prep: Prepared, x: Float64Array, s: number): Bounds {
  const want = copyBounds(prep.built.model);
  if (s <= 0) return want;
  const L = prep.built.layout;
  const net = prep.ext;
  const T2 = L.T;
  const clean = (v: number) => (Math.abs(v) < 1e-9 ? 0 : v);
  const blocks: [number, number][] = [
    [L.col.start, net.operations.length],
    [L.col.ship, net.arcLane.length],
    [L.col.inv, net.nodeItem.length],
    [L.col.del, net.demands.length],
  ];
  for (const [first, count] of blocks) {
    for (let i = 0; i < count; i++) {
      for (let t = 0; t < s; t++) {
        const j = first + i * T2 + t;
        const v = Math.min(Math.max(clean(x[j]), want.colLower[j]), want.colUpper[j]);
        want.colLower[j] = v;
        want.colUpper[j] = v;
      }
    }
  }
  const steps = T2 - 1;
  for (let k = 0; k < L.smoothOps.length; k++) {
    const r = L.row.smooth + k * steps + (s - 1);
    want.rowLower[r] = Number.NEGATIVE_INFINITY;
    want.rowUpper[r] = Number.POSITIVE_INFINITY;
  }
  const finished = new Uint8Array(net.items.length);
  for (let d = 0; d < net.demands.length; d++) finished[net.nodeItem[net.demandNode[d]]] = 1;
  let stock = 0;
  for (let n = 0; n < net.nodeItem.length; n++) if (finished[net.nodeItem[n]] === 1) stock += Math.max(0, clean(x[L.col.inv + n * T2 + s - 1]));
  want.rowUpper[L.row.unsold] = stock;
  return want;
}
