// One HiGHS model kept alive across many solves: the planner's stages (max target, then value), its
// +10% and open-earlier re-solves, and the stress test's disruption scenarios change costs or a few
// bounds, and each solve restarts from a basis instead of from scratch. The runtime is the shared one
// of highs.ts; a WebAssembly abort drops it, so that the next session loads a fresh one.
import { createHighsModel, dropRuntime, getRuntime, isMip, type LpModel, type LpStatus } from "./highs.js";

export interface SessionSolve {
  status: LpStatus;
  objectiveValue: number;
  iterations: number;
  /** A MIP's relative gap between its incumbent and its bound (null for an LP or when there is no incumbent). */
  mipGap: number | null;
  /** Whether a primal solution is at hand: always when optimal, sometimes at a time limit (a MIP's incumbent). */
  hasSolution: boolean;
}

export interface SessionSolution {
  colValue: Float64Array;
  rowValue: Float64Array;
  rowDual: Float64Array;
  colDual: Float64Array;
}

/** An opaque simplex basis (HiGHS's column and row statuses). */
export interface SessionBasis {
  colStatus: Int32Array;
  rowStatus: Int32Array;
}

export interface LpSession {
  readonly numCols: number;
  readonly numRows: number;
  /** Replace the whole objective. */
  setCosts(costs: Float64Array): void;
  /** Change the bounds of some columns; returns the old bounds so that they can be put back. */
  setColBounds(cols: readonly number[], lower: readonly number[], upper: readonly number[]): { lower: number[]; upper: number[] };
  /** Change the bounds of some rows; returns the old bounds so that they can be put back. */
  setRowBounds(rows: readonly number[], lower: readonly number[], upper: readonly number[]): { lower: number[]; upper: number[] };
  /**
   * Solve from the current basis by the dual simplex, or by the primal with `primal`: after a change of
   * costs alone the last optimal basis is still primal feasible, and the primal simplex goes on from it
   * where the dual would first have to win back dual feasibility (the planner's target stage: 7,200
   * iterations by the dual, 800 by the primal on the default scenario).
   */
  solve(options?: { primal?: boolean }): SessionSolve;
  /** Primal and dual values of the last optimal solve (copies). */
  solution(): SessionSolution;
  basis(): SessionBasis;
  setBasis(basis: SessionBasis): void;
  /** Remember the current basis (after a solve), or the one given, as the start of every later solve (priced by Devex, see solve). */
  pinBasis(basis?: SessionBasis): void;
  /** Primal column values of the last solve. */
  colValue(): Float64Array;
  /** Total simplex iterations so far. */
  readonly iterations: number;
  /** HiGHS's own timer over every solve so far, seconds. */
  readonly runSeconds: number;
  /** How the first solve ran (see methodFor); re-solves are warm dual simplex either way. */
  readonly method: LpMethod;
  dispose(): void;
}

/** "ipm": interior point with crossover (a vertex, a basis and exact duals, as the simplex gives). */
export type LpMethod = "simplex" | "ipm";

/**
 * Rows from which an LP's first solve uses interior point with crossover rather than dual simplex.
 * The simplex's pivots grow with the rows: on the 1,700-site stress network's plan (244,800 columns ×
 * 135,600 rows) dual simplex took 168 s and IPM with crossover 21.5 s; below about 100k rows the
 * simplex was as fast or faster (bench/plan: 109k × 78k, bench/README.md). MIPs keep branch and bound.
 */
export const IPM_MIN_ROWS = 100_000;

/** The method of an LP's first solve, by its size. */
export function methodFor(m: LpModel): LpMethod {
  return !isMip(m) && m.numRows >= IPM_MIN_ROWS ? "ipm" : "simplex";
}

// ModelStatusCode values (types.d.ts).
const OPTIMAL = 7;
const INFEASIBLE = 8;
const UNBOUNDED_OR_INFEASIBLE = 9;
const UNBOUNDED = 10;
const TIME_LIMIT = 13;
const ITERATION_LIMIT = 14;
const UNKNOWN = 15;

export interface SessionOptions {
  /** Restart each solve from the pinned basis (default true); false is for benchmarks. */
  warmStart?: boolean;
  /** Presolve on the first solve only (default false: later solves reuse the basis, which presolve would discard). */
  presolveFirst?: boolean;
  timeLimitSeconds?: number;
  /** A MIP stops when its incumbent is within this relative gap of its bound (HiGHS's mip_rel_gap; default 1e-4). */
  mipRelGap?: number;
  /** The first solve's method (default: methodFor(model)). */
  method?: LpMethod;
  /** Powers of two that HiGHS scales costs and bounds by inside (user_objective_scale, user_bound_scale); results come back unscaled. */
  objectiveScale?: number;
  boundScale?: number;
}

export async function openSession(m: LpModel, options: SessionOptions = {}): Promise<LpSession> {
  const highs = await getRuntime();
  const model = createHighsModel(highs, m);
  // Presolve would rebuild the reduced model on every re-solve, three times the cost of a warm start.
  // A MIP that asks for it keeps it on every solve (branch and bound does not restart from a basis);
  // on the planner's MIPs (an LP with a few hundred integer builds) it costs five times what it saves.
  const mip = isMip(m);
  model.options.set({ output_flag: false, presolve: options.presolveFirst ? "on" : "off" });
  if (options.timeLimitSeconds !== undefined) model.options.set("time_limit", options.timeLimitSeconds);
  if (options.mipRelGap !== undefined) model.options.set("mip_rel_gap", options.mipRelGap);
  if (options.objectiveScale) model.options.set("user_objective_scale", options.objectiveScale);
  if (options.boundScale) model.options.set("user_bound_scale", options.boundScale);
  const method = options.method ?? methodFor(m);
  if (method === "ipm") model.options.set({ solver: "ipm", run_crossover: "on" });
  const colLower = Float64Array.from(m.colLower);
  const colUpper = Float64Array.from(m.colUpper);
  const rowLower = Float64Array.from(m.rowLower);
  const rowUpper = Float64Array.from(m.rowUpper);
  const warm = options.warmStart !== false;
  let total = 0;
  let seconds = 0;
  let solves = 0;
  let pinned: SessionBasis | undefined;
  let devex = false;
  const all = { kind: "range" as const, from: 0, to: m.numCols - 1 };
  return {
    numCols: m.numCols,
    numRows: m.numRows,
    setCosts(costs) {
      if (m.numCols > 0) model.changeColsCost(all, costs);
    },
    setColBounds(cols, lower, upper) {
      const old = { lower: cols.map((j) => colLower[j]), upper: cols.map((j) => colUpper[j]) };
      cols.forEach((j, i) => {
        colLower[j] = lower[i];
        colUpper[j] = upper[i];
        model.changeColBounds(j, lower[i], upper[i]);
      });
      return old;
    },
    setRowBounds(rows, lower, upper) {
      const old = { lower: rows.map((i) => rowLower[i]), upper: rows.map((i) => rowUpper[i]) };
      rows.forEach((r, i) => {
        rowLower[r] = lower[i];
        rowUpper[r] = upper[i];
        model.changeRowBounds(r, lower[i], upper[i]);
      });
      return old;
    },
    solve(opts) {
      // A MIP starts afresh: branch and bound gains little from the last solve's state, and what it
      // kept (its root basis, its incumbent) made a point's result depend on the solves before it, so
      // that a frontier split across threads came out different in the sixth digit.
      if (!warm || mip) model.clearSolver();
      else if (pinned) {
        if (!devex) {
          // A basis set from outside has no dual steepest-edge weights, and HiGHS computes them
          // exactly (one BTRAN per row) before its first pivot: two thirds of each restart on the
          // 1,700-site stress sweep. Devex starts from unit weights; the optimum is the same, only
          // the pivots on the way differ. HiGHS reads the option when its solver is set up afresh.
          model.options.set("simplex_dual_edge_weight_strategy", 1);
          model.clearSolver();
          devex = true;
        }
        model.setBasis(pinned);
      }
      try {
        // simplex_strategy 4 is HiGHS's primal simplex, 1 its dual (the default).
        if (opts?.primal) model.options.set("simplex_strategy", 4);
        try {
          model.run();
        } finally {
          if (opts?.primal) model.options.set("simplex_strategy", 1);
        }
        if (solves === 0 && options.presolveFirst && !mip) model.options.set("presolve", "off");
        // Crossover left a basis: re-solves restart from it by the simplex.
        if (solves === 0 && method === "ipm") model.options.set("solver", "choose");
        solves++;
      } catch (err) {
        // A WebAssembly abort leaves the runtime unusable: drop it so that the next session loads afresh.
        if (err instanceof Error && err.name === "RuntimeError") dropRuntime();
        return { status: "error", objectiveValue: Number.NaN, iterations: 0, mipGap: null, hasSolution: false };
      }
      let code: number = model.getModelStatus();
      if (code === UNKNOWN) {
        // Numerical trouble from the warm basis (seen on the stress test's target LPs of the default
        // scenario): once more from scratch, with presolve, which rescales the reduced model.
        model.clearSolver();
        model.options.set("presolve", "on");
        model.run();
        model.options.set("presolve", "off");
        code = model.getModelStatus();
      }
      if (code === UNBOUNDED_OR_INFEASIBLE) {
        // Presolve could not tell which; without it the simplex can.
        model.options.set("presolve", "off");
        model.run();
        code = model.getModelStatus();
      }
      // HiGHS counts iterations per run.
      const iterations = Number(model.info.get("simplex_iteration_count"));
      total += iterations;
      seconds = model.getRunTime(); // cumulative over the model's runs
      const status: LpStatus =
        code === OPTIMAL ? "optimal" : code === INFEASIBLE ? "infeasible" : code === UNBOUNDED ? "unbounded" : code === TIME_LIMIT || code === ITERATION_LIMIT ? "time_limit" : "error";
      // 2 = feasible: a MIP stopped by its time limit may still hold an incumbent.
      const hasSolution = status === "optimal" || (status === "time_limit" && Number(model.info.get("primal_solution_status")) === 2);
      const gap = mip && hasSolution ? Number(model.info.get("mip_gap")) : Number.NaN;
      return { status, objectiveValue: hasSolution ? model.getObjectiveValue() : Number.NaN, iterations, mipGap: Number.isFinite(gap) ? gap : null, hasSolution };
    },
    solution() {
      const s = model.getSolution();
      return { colValue: Float64Array.from(s.colValue), rowValue: Float64Array.from(s.rowValue), rowDual: Float64Array.from(s.rowDual), colDual: Float64Array.from(s.colDual) };
    },
    basis() {
      const b = model.getBasis();
      return { colStatus: Int32Array.from(b.colStatus), rowStatus: Int32Array.from(b.rowStatus) };
    },
    setBasis(b) {
      model.setBasis(b);
    },
    pinBasis(basis) {
      if (warm) pinned = basis ?? model.getBasis();
    },
    colValue: () => model.getSolution().colValue,
    get iterations() {
      return total;
    },
    get runSeconds() {
      return seconds;
    },
    method,
    dispose: () => model.dispose(),
  };
}
